package dev.dst.sweep;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.BadInputException;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ExhaustiveTest {
    private static final long WALL_MILLIS = 60_000;

    /**
     * A lock server that keeps its holder in storage. Correct: the holder is fsynced before the
     * grant is sent. The bug: the grant goes first and the fsync 2 ms later (a group commit), so a
     * power loss in between forgets the holder, and the next client is granted the lock too.
     */
    static final class LockServer implements Node {
        private final boolean bug;
        private long holder;

        LockServer(NodeContext ctx, boolean bug) {
            this.bug = bug;
            this.holder = ctx.storage().readLong("holder", -1);
        }

        @Override
        public void onMessage(NodeContext ctx, int from, Object message) {
            if (holder < 0) {
                holder = from;
                ctx.storage().writeLong("holder", from);
                if (bug) {
                    ctx.setTimer(2_000_000, "group commit");
                } else {
                    ctx.storage().fsync();
                }
            }
            ctx.send(from, holder == from ? "granted" : "busy");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ctx.storage().fsync();
        }
    }

    /** Asks for the lock, and again after 10 to 20 ms until granted, three times at most. */
    static final class LockClient implements Node {
        private final int server;
        private final TreeSet<String> holders;
        private int asks;

        LockClient(int server, TreeSet<String> holders) {
            this.server = server;
            this.holders = holders;
        }

        @Override
        public void onStart(NodeContext ctx) {
            ask(ctx);
        }

        private void ask(NodeContext ctx) {
            if (asks++ < 3 && !holders.contains(ctx.name())) {
                ctx.send(server, "acquire");
                ctx.setTimer(10_000_000 + ctx.random().below(10_000_000), "retry"); // jitter: a wide choice
            }
        }

        @Override
        public void onMessage(NodeContext ctx, int from, Object message) {
            if (message.equals("granted")) {
                holders.add(ctx.name());
            }
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ask(ctx);
        }
    }

    static Target lock(boolean bug) {
        return Target.of("lock" + (bug ? "-bug" : ""), sim -> {
            TreeSet<String> holders = new TreeSet<>();
            int server = sim.addNode("s", ctx -> new LockServer(ctx, bug));
            sim.addNode("c0", ctx -> new LockClient(server, holders));
            sim.addNode("c1", ctx -> new LockClient(server, holders));
            sim.invariant("at most one client holds the lock", () -> holders.size() <= 1, holders::toString);
            sim.endCheck("a client holds the lock", () -> !holders.isEmpty());
            sim.runFor(Duration.ofMillis(50));
        });
    }

    private static Exhaustive.Bounds bounds(int crashes, boolean hashing) {
        return new Exhaustive.Bounds(200, 8, crashes, List.of("s"), 1_000_000, hashing);
    }

    @Test
    void theCorrectLockIsExploredCompletelyWithACrashPointAndEveryRunPasses() {
        Exhaustive.Result r = Exhaustive.explore(lock(false), 1, bounds(1, true), Map.of(), WALL_MILLIS, line -> {});
        assertFalse(r.failed(), () -> r.failure().outcome().violation().toString());
        assertTrue(r.complete());
        assertTrue(r.ended() > 0 && r.pruned() > 0, r.toString());
        assertEquals(r.runs(), r.ended() + r.atBound() + r.pruned());
        assertEquals(r.runs(), r.branches() + 1, "every choice tried is one run, and the first run tries none");
    }

    @Test
    void aPowerLossBetweenTheGrantAndItsFsyncIsFoundAndItsTapeReplaysIt() {
        Exhaustive.Result r = Exhaustive.explore(lock(true), 1, bounds(1, true), Map.of(), WALL_MILLIS, line -> {});
        assertTrue(r.failed(), r.toString());
        RunOutcome found = r.failure().outcome();
        assertEquals(Violation.Kind.INVARIANT, found.violation().kind());
        assertEquals("at most one client holds the lock", found.violation().name());
        assertTrue(found.report().faults().getOrDefault("crash-point", 0L) == 1, found.report().faults().toString());

        Shrinker.Candidate c = r.failure().candidate();
        assertTrue(c.attachments().containsKey(CrashPoints.ATTACHMENT), c.attachments().toString());
        RunOutcome again = Runner.run(lock(true), c, Runner.Mode.REPLAY, null, null, WALL_MILLIS);
        assertFalse(again.passed());
        assertEquals(found.violation().name(), again.violation().name());
        assertEquals(found.report().traceHash(), again.report().traceHash());
    }

    @Test
    void withoutACrashPointTheBuggyLockPassesEveryRun() {
        Exhaustive.Result r = Exhaustive.explore(lock(true), 1, bounds(0, true), Map.of(), WALL_MILLIS, line -> {});
        assertFalse(r.failed());
        assertTrue(r.complete());
    }

    @Test
    void equalStatesAreExploredOnceAndThatLosesNoBug() {
        Exhaustive.Result hashed = Exhaustive.explore(lock(false), 1, bounds(1, true), Map.of(), WALL_MILLIS, line -> {});
        Exhaustive.Result plain = Exhaustive.explore(lock(false), 1, bounds(1, false), Map.of(), WALL_MILLIS, line -> {});
        assertTrue(plain.complete() && !plain.failed());
        assertEquals(0, plain.pruned());
        assertTrue(hashed.runs() * 2 < plain.runs(), hashed.runs() + " runs with state hashing, " + plain.runs() + " without");

        Exhaustive.Result bugPlain = Exhaustive.explore(lock(true), 1, bounds(1, false), Map.of(), WALL_MILLIS, line -> {});
        assertTrue(bugPlain.failed());
        assertEquals("at most one client holds the lock", bugPlain.failure().outcome().violation().name());
    }

    @Test
    void theSearchIsTheSameEveryTime() {
        Exhaustive.Result a = Exhaustive.explore(lock(false), 1, bounds(1, true), Map.of(), WALL_MILLIS, line -> {});
        Exhaustive.Result b = Exhaustive.explore(lock(false), 1, bounds(1, true), Map.of(), WALL_MILLIS, line -> {});
        assertEquals(List.of(a.runs(), a.ended(), a.atBound(), a.pruned(), a.states(), a.branches()),
                List.of(b.runs(), b.ended(), b.atBound(), b.pruned(), b.states(), b.branches()));
        Exhaustive.Result c = Exhaustive.explore(lock(true), 1, bounds(1, true), Map.of(), WALL_MILLIS, line -> {});
        Exhaustive.Result d = Exhaustive.explore(lock(true), 1, bounds(1, true), Map.of(), WALL_MILLIS, line -> {});
        assertEquals(c.failure().run(), d.failure().run());
        assertEquals(c.failure().candidate().tape(), d.failure().candidate().tape());
    }

    @Test
    void seededWideChoicesDifferBySeedAndStillFindTheBugAndReplay() {
        Exhaustive.Bounds seeded = new Exhaustive.Bounds(200, 8, 1, List.of("s"), 1_000_000, true, true);
        Exhaustive.Result one = Exhaustive.explore(lock(true), 1, seeded, Map.of(), WALL_MILLIS, line -> {});
        Exhaustive.Result two = Exhaustive.explore(lock(true), 2, seeded, Map.of(), WALL_MILLIS, line -> {});
        assertTrue(one.failed() && two.failed());
        assertNotEquals(one.failure().outcome().report().traceHash(), two.failure().outcome().report().traceHash(),
                "the seed fixes the wide choices (the clients' retry jitter)");
        RunOutcome again = Runner.run(lock(true), one.failure().candidate(), Runner.Mode.REPLAY, null, null, WALL_MILLIS);
        assertEquals(one.failure().outcome().report().traceHash(), again.report().traceHash());
        Exhaustive.Result clean = Exhaustive.explore(lock(false), 1, seeded, Map.of(), WALL_MILLIS, line -> {});
        assertTrue(clean.complete() && !clean.failed());
    }

    @Test
    void aStepBoundCutsRunsAndTheSearchStillEnds() {
        Exhaustive.Bounds tight = new Exhaustive.Bounds(4, 8, 1, List.of("s"), 1_000_000, true);
        Exhaustive.Result r = Exhaustive.explore(lock(false), 1, tight, Map.of(), WALL_MILLIS, line -> {});
        assertTrue(r.complete());
        assertEquals(0, r.ended(), "no run of the lock ends within 4 steps");
        assertTrue(r.atBound() > 0);
    }

    @Test
    void aBudgetOfRunsStopsAnIncompleteSearch() {
        Exhaustive.Bounds few = new Exhaustive.Bounds(200, 8, 1, List.of("s"), 5, true);
        Exhaustive.Result r = Exhaustive.explore(lock(false), 1, few, Map.of(), WALL_MILLIS, line -> {});
        assertEquals(5, r.runs());
        assertFalse(r.complete());
    }

    @Test
    void crashPointsOnANodeThatDoesNotExistAreBadInput() {
        Exhaustive.Bounds wrong = new Exhaustive.Bounds(200, 8, 1, List.of("s9"), 10, true);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Exhaustive.explore(lock(false), 1, wrong, Map.of(), WALL_MILLIS, line -> {}));
        assertTrue(e.getMessage().contains("no node named 's9'; the nodes are s, c0, c1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrashPoints.parse("crashes=x nodes=*"));
        assertThrows(IllegalArgumentException.class, () -> CrashPoints.parse("nodes=* crashes=1"));
        assertThrows(IllegalArgumentException.class, () -> new Exhaustive.Bounds(0, 8, 0, List.of(), 1, true));
    }

    private static Simulation lockWorld(TreeSet<String> holders) {
        Simulation sim = Simulation.create(1);
        sim.addNode("s", ctx -> new LockServer(ctx, false));
        sim.addNode("c0", ctx -> new LockClient(0, holders));
        return sim;
    }

    @Test
    void theStateHashSeesNodeFieldsPendingEventsAndWhatNodesShare() {
        TreeSet<String> ha = new TreeSet<>();
        TreeSet<String> hb = new TreeSet<>();
        Simulation a = lockWorld(ha);
        Simulation b = lockWorld(hb);
        assertEquals(a.stateHash(), b.stateHash());
        a.step();
        assertNotEquals(a.stateHash(), b.stateHash());
        b.step();
        assertEquals(a.stateHash(), b.stateHash());
        a.runFor(Duration.ofMillis(5));
        b.runFor(Duration.ofMillis(5));
        assertEquals(ha, hb);
        assertEquals(a.stateHash(), b.stateHash());
        hb.add("someone");
        assertNotEquals(a.stateHash(), b.stateHash(), "the clients' shared set is part of the state");
    }
}
