package dev.dst.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.NodeContext;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Crash and restart: what is lost, what is kept, what a new incarnation sees. */
final class CrashRestartTest {
    private static final long MS = 1_000_000L;

    /** Builds probes with the given script and keeps every incarnation. */
    private static final class Incarnations {
        final List<Probe> built = new ArrayList<>();
        final List<NodeContext> contexts = new ArrayList<>();
        final Supplier<Probe> script;

        Incarnations(Supplier<Probe> script) {
            this.script = script;
        }

        Probe create(NodeContext ctx) {
            Probe p = script.get();
            built.add(p);
            contexts.add(ctx);
            return p;
        }

        Probe last() {
            return built.get(built.size() - 1);
        }
    }

    @Test
    void aCrashedNodeHasNoObject() {
        Simulation sim = Simulation.create(1);
        int a = sim.addNode("a", ctx -> new Probe());
        sim.run();
        assertNotNull(sim.node(a));
        sim.crash(a);
        assertNull(sim.node(a));
        assertTrue(sim.isCrashed(a));
        assertFalse(sim.isUp(a));
    }

    @Test
    void theTimersOfACrashedNodeNeverFireEvenAfterRestart() {
        Simulation sim = Simulation.create(1);
        Incarnations inc = new Incarnations(() -> new Probe().onStart(c -> {
            if (c.storage().read("booted") == null) {
                c.storage().write("booted", new byte[] {1});
                c.storage().fsync();
                c.setTimer(10 * MS, "from the first life");
            }
        }));
        int a = sim.addNode("a", inc::create);
        sim.runFor(Duration.ofMillis(5));
        sim.crash(a);
        sim.restart(a);
        sim.runFor(Duration.ofMillis(100));
        assertEquals(2, inc.built.size());
        assertEquals(List.of(), inc.built.get(0).received("timer"));
        assertEquals(List.of(), inc.built.get(1).received("timer"));
    }

    @Test
    void messagesToACrashedNodeAreDroppedAndCounted() {
        Simulation sim = Simulation.create(1);
        int b = sim.addNode("b", ctx -> new Probe());
        sim.addNode("a", ctx -> new Probe().onStart(c -> {
            c.send(b, "one");
            c.send(b, "two");
        }));
        sim.step();
        sim.step();
        sim.crash(b);
        sim.run();
        assertEquals(2L, sim.report().counters().get("messages.dropped"));
        assertEquals(0L, sim.report().counters().get("messages.delivered"));
        List<TraceEvent> drops = sim.lastEvents(100).stream().filter(e -> e.kind() == TraceKind.DROP).toList();
        assertEquals(2, drops.size());
        assertTrue(drops.get(0).detail().contains("b is down"), drops.get(0).detail());
    }

    @Test
    void droppedMessagesAreNotSteps() {
        Simulation sim = Simulation.create(1);
        int b = sim.addNode("b", ctx -> new Probe());
        sim.addNode("a", ctx -> new Probe().onStart(c -> c.send(b, "lost")));
        sim.step();
        sim.step();
        sim.crash(b);
        sim.run();
        assertEquals(2, sim.steps());
    }

    @Test
    void restartBuildsANewNodeWithTheFactoryAndStartsIt() {
        Simulation sim = Simulation.create(1);
        Incarnations inc = new Incarnations(Probe::new);
        int a = sim.addNode("a", inc::create);
        sim.run();
        sim.crash(a);
        sim.runFor(Duration.ofSeconds(1));
        sim.restart(a);
        sim.run();
        assertEquals(2, inc.built.size());
        assertNotSame(inc.built.get(0), inc.built.get(1));
        assertEquals(List.of(1_000 * MS), inc.built.get(1).timesOf("start"));
        assertTrue(sim.isUp(a));
        assertEquals(inc.last(), sim.node(a));
    }

    @Test
    void aRestartedNodeKeepsItsAddress() {
        Simulation sim = Simulation.create(1);
        Incarnations inc = new Incarnations(Probe::new);
        int a = sim.addNode("a", inc::create);
        sim.run();
        sim.crash(a);
        sim.restart(a);
        sim.run();
        assertEquals(a, inc.contexts.get(1).id());
        assertEquals("a", inc.contexts.get(1).name());
    }

    @Test
    void messagesReachTheNewIncarnationAfterRestart() {
        Simulation sim = Simulation.create(1);
        Incarnations inc = new Incarnations(Probe::new);
        int b = sim.addNode("b", inc::create);
        sim.addNode("a", ctx -> new Probe().onStart(c -> c.setTimer(10 * MS, "send"))
                .onTimer((c, id, tag) -> c.send(b, "hello")));
        sim.runFor(Duration.ofMillis(1));
        sim.crash(b);
        sim.restart(b);
        sim.run();
        assertEquals(List.of("hello"), inc.last().received("message"));
    }

    @Test
    void storageKeepsWhatWasSyncedAcrossACrash() {
        for (long seed = 0; seed < 20; seed++) {
            Simulation sim = Simulation.create(seed);
            Incarnations inc = new Incarnations(() -> new Probe().onStart(c -> {
                if (c.storage().read("synced") == null) {
                    c.storage().write("synced", "yes".getBytes(UTF_8));
                    c.storage().fsync();
                    c.storage().append("unsynced", "maybe".getBytes(UTF_8));
                }
            }));
            int a = sim.addNode("a", inc::create);
            sim.run();
            sim.crash(a);
            assertEquals("yes", new String(sim.storage(a).read("synced"), UTF_8), "readable while down, seed " + seed);
            sim.restart(a);
            sim.run();
            assertEquals("yes", new String(sim.storage(a).read("synced"), UTF_8), "seed " + seed);
        }
    }

    @Test
    void aCrashMayLoseUnsyncedWritesByDefault() {
        int lost = 0;
        for (long seed = 0; seed < 30; seed++) {
            Simulation sim = Simulation.create(seed);
            int a = sim.addNode("a", ctx -> new Probe().onStart(c -> c.storage().write("state", new byte[] {1})));
            sim.run();
            sim.crash(a);
            if (sim.storage(a).read("state") == null) {
                lost++;
            }
        }
        assertTrue(lost > 0 && lost < 30, lost + " of 30 crashes lost the unsynced write");
    }

    @Test
    void aProcessCrashKeepsUnsyncedWrites() {
        Simulation sim = Simulation.builder(1).loseUnsyncedOnCrash(false).build();
        int a = sim.addNode("a", ctx -> new Probe().onStart(c -> c.storage().append("log", "abc".getBytes(UTF_8))));
        sim.run();
        sim.crash(a);
        assertEquals("abc", new String(sim.storage(a).read("log"), UTF_8));
    }

    @Test
    void theFactorySeesTheStorageOfThePreviousIncarnation() {
        Simulation sim = Simulation.create(1);
        List<Long> seenByFactory = new ArrayList<>();
        int a = sim.addNode("a", ctx -> {
            seenByFactory.add(ctx.storage().readLong("term", 0));
            return new Probe().onStart(c -> {
                c.storage().writeLong("term", c.storage().readLong("term", 0) + 1);
                c.storage().fsync();
            });
        });
        sim.run();
        sim.crash(a);
        sim.restart(a);
        sim.run();
        assertEquals(List.of(0L, 1L), seenByFactory);
    }

    @Test
    void theContextOfACrashedIncarnationCannotBeUsed() {
        Simulation sim = Simulation.create(1);
        Incarnations inc = new Incarnations(Probe::new);
        int a = sim.addNode("a", inc::create);
        sim.run();
        sim.crash(a);
        NodeContext stale = inc.contexts.get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stale.send(a, "ghost"));
        assertTrue(e.getMessage().contains("used after the node crashed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> stale.setTimer(MS, "ghost"));
    }

    @Test
    void crashingACrashedNodeDoesNothing() {
        Simulation sim = Simulation.create(1);
        int a = sim.addNode("a", ctx -> new Probe());
        sim.crash(a);
        sim.crash(a);
        assertEquals(1L, sim.report().faults().get("crash"));
    }

    @Test
    void onlyACrashedNodeCanBeRestarted() {
        Simulation sim = Simulation.create(1);
        int a = sim.addNode("a", ctx -> new Probe());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.restart(a));
        assertTrue(e.getMessage().contains("not crashed"), e.getMessage());
    }

    @Test
    void aNodeCannotCrashItselfFromItsOwnHandler() {
        Simulation sim = Simulation.create(1);
        int[] self = new int[1];
        self[0] = sim.addNode("a", ctx -> new Probe().onStart(c -> sim.crash(self[0])));
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::run);
        assertEquals(Violation.Kind.NODE_THREW, f.violation().kind());
        assertTrue(f.violation().detail().contains("cannot be crashed or paused from inside its own handler"), f.violation().detail());
    }

    @Test
    void crashesAndRestartsAreCountedAndTraced() {
        Simulation sim = Simulation.create(1);
        int a = sim.addNode("a", ctx -> new Probe());
        sim.run();
        sim.crash(a);
        sim.restart(a);
        assertEquals(1L, sim.report().faults().get("crash"));
        assertEquals(1L, sim.report().faults().get("restart"));
        List<TraceKind> kinds = sim.lastEvents(10).stream().map(TraceEvent::kind).toList();
        assertTrue(kinds.contains(TraceKind.CRASH) && kinds.contains(TraceKind.RESTART), kinds.toString());
    }
}
