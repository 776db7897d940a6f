package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The determinism self-check: two runs of a seed must do the same things, step by step. */
final class DeterminismCheckTest {
    private static final long MS = 1_000_000L;

    /** Ticks every millisecond; on its fifth tick it sends the real clock's reading. */
    private static final class ReadsTheRealClock implements Node {
        private int ticks;

        @Override
        public void onStart(NodeContext ctx) {
            ctx.setTimer(MS, "tick");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ticks++;
            if (ticks == 5) {
                ctx.send(ctx.id(), "now is " + System.nanoTime());
            }
            if (ticks < 10) {
                ctx.setTimer(MS, "tick");
            }
        }
    }

    /** A peer without equals/hashCode: its hash is an identity hash, different in every run. */
    private static final class Peer {
        final int id;

        Peer(int id) {
            this.id = id;
        }
    }

    /** Greets its peers in HashSet order, which follows their identity hashes. */
    private static final class IteratesAHashSet implements Node {
        private final Set<Peer> peers = new HashSet<>();

        IteratesAHashSet(int receiver) {
            for (int i = 0; i < 40; i++) {
                peers.add(new Peer(i));
            }
            this.receiver = receiver;
        }

        private final int receiver;

        @Override
        public void onStart(NodeContext ctx) {
            for (Peer p : peers) {
                ctx.send(receiver, "hello peer " + p.id);
            }
        }
    }

    @Test
    void aDeterministicScenarioPasses() {
        DeterminismCheck.Result r = DeterminismCheck.check(7, Simulation::create, Gossip::scenario);
        assertTrue(r.deterministic(), r.describe());
        assertEquals(7, r.seed());
        assertEquals(-1, r.divergedAtStep());
        assertTrue(r.steps() > 100);
        assertEquals(r.traceHash(), runOnce(7));
        assertTrue(r.describe().startsWith("deterministic: two runs of seed 0x7 took the same " + r.steps() + " steps, trace hash "),
                r.describe());
    }

    private static long runOnce(long seed) {
        Simulation sim = Simulation.create(seed);
        Gossip.scenario(sim);
        sim.finish();
        return sim.traceHash();
    }

    @Test
    void aScenarioThatFailsTheSameWayTwiceIsDeterministic() {
        DeterminismCheck.Result r = DeterminismCheck.check(3, Simulation::create, sim -> {
            sim.invariant("fewer than 20 steps", () -> sim.steps() < 20);
            Gossip.scenario(sim);
        });
        assertTrue(r.deterministic(), r.describe());
        assertEquals(20, r.steps());
    }

    @Test
    void aNodeThatReadsTheRealClockIsCaughtAtTheStepItDiverges() {
        DeterminismCheck.Result r = DeterminismCheck.check(1, Simulation::create, sim -> {
            sim.addNode("clocky", ctx -> new ReadsTheRealClock());
            sim.runFor(Duration.ofMillis(20));
        });
        assertFalse(r.deterministic());
        assertEquals(6, r.divergedAtStep(), "the start, four quiet ticks, then the fifth tick sends");

        TraceEvent first = sendOf(r.firstRun());
        TraceEvent second = sendOf(r.secondRun());
        assertEquals(6, first.step());
        assertEquals(6, second.step());
        assertTrue(first.detail().startsWith("now is "), first.detail());
        assertNotEquals(first.detail(), second.detail());

        String text = r.describe();
        assertTrue(text.startsWith("NOT deterministic: seed 0x1 diverged at step 6\n"), text);
        assertTrue(text.contains("first run, up to that step:"), text);
        assertTrue(r.firstRunVerified(), "the first run's own events, kept");
        assertTrue(text.contains("second run, up to that step:"), text);
        assertTrue(text.contains("first diverging event:\n    run 1: " + first + "\n    run 2: " + second + "\n"), text);
    }

    private static TraceEvent sendOf(List<TraceEvent> events) {
        return events.stream().filter(e -> e.kind() == TraceKind.SEND).findFirst().orElseThrow();
    }

    @Test
    void theEventsShownForEachRunStopAtTheDivergingStep() {
        DeterminismCheck.Result r = DeterminismCheck.check(1, Simulation::create, sim -> {
            sim.addNode("clocky", ctx -> new ReadsTheRealClock());
            sim.runFor(Duration.ofMillis(20));
        });
        for (List<TraceEvent> events : List.of(r.firstRun(), r.secondRun())) {
            assertFalse(events.isEmpty());
            assertTrue(events.stream().allMatch(e -> e.step() <= r.divergedAtStep()), events.toString());
        }
        assertEquals(before(r.firstRun(), r.divergedAtStep()), before(r.secondRun(), r.divergedAtStep()),
                "before the diverging step the runs agree");
        assertEquals(r.divergedAtStep(), r.firstRun().get(r.firstRun().size() - 1).step());
        assertEquals(r.divergedAtStep(), r.secondRun().get(r.secondRun().size() - 1).step());
    }

    private static List<TraceEvent> before(List<TraceEvent> events, long step) {
        return events.stream().filter(e -> e.step() < step).toList();
    }

    @Test
    void aNodeThatIteratesAHashSetOfIdentityHashedObjectsIsCaught() {
        DeterminismCheck.Result r = DeterminismCheck.check(1, Simulation::create, sim -> {
            int receiver = sim.addNode("receiver", ctx -> new Probe());
            sim.addNode("greeter", ctx -> new IteratesAHashSet(receiver));
            sim.run();
        });
        assertFalse(r.deterministic());
        assertTrue(r.divergedAtStep() <= 2, "the greeter's start is step 1 or 2: " + r.describe());
        assertTrue(r.describe().contains("hello peer"), r.describe());
    }

    @Test
    void theCheckBuildsEachRunWithTheSameSeed() {
        List<Long> seeds = new java.util.ArrayList<>();
        DeterminismCheck.check(0x2a, seed -> {
            seeds.add(seed);
            return Simulation.create(seed);
        }, sim -> sim.runFor(Duration.ofMillis(1)));
        assertEquals(List.of(0x2aL, 0x2aL), seeds, "two runs when deterministic");
    }
}
