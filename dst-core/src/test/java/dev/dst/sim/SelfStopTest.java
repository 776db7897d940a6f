package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.NodeContext;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node that stops or restarts itself from a handler (fail-stop after a fatal error). */
final class SelfStopTest {
    private static final long MS = 1_000_000L;

    @Test
    void aNodeThatStopsItselfIsDownAfterTheHandlerWithItsWritesKept() {
        Simulation sim = Simulation.create(1);
        List<NodeContext> contexts = new ArrayList<>();
        sim.addNode("n", ctx -> {
            contexts.add(ctx);
            return new Probe()
                    .onStart(c -> c.setTimer(5 * MS, "fatal"))
                    .onTimer((c, id, tag) -> {
                        c.storage().write("state", "unsynced".getBytes(StandardCharsets.UTF_8));
                        c.setTimer(1 * MS, "never fires");
                        c.stop("disk checksum mismatch");
                        assertTrue(c.isAlive(), "it runs to the end of its handler");
                    });
        });
        sim.runFor(Duration.ofMillis(20));
        assertTrue(sim.isCrashed(0));
        assertFalse(contexts.get(0).isAlive());
        assertArrayEquals("unsynced".getBytes(StandardCharsets.UTF_8), sim.storage(0).read("state"),
                "an exiting process loses nothing the page cache holds");
        assertEquals(1L, sim.stats().get("self-stops"));
        List<String> stops = sim.lastEvents(50).stream().filter(e -> e.kind() == TraceKind.CRASH).map(TraceEvent::toString).toList();
        assertEquals(1, stops.size());
        assertTrue(stops.get(0).contains("stopped itself: disk checksum mismatch"), stops.get(0));
        assertEquals(0, sim.faultCount("crash"), "not a fault the nemesis injected");
        sim.restart(0);
        sim.runFor(Duration.ofMillis(1));
        assertFalse(sim.isCrashed(0));
        assertEquals(2, contexts.size());
    }

    @Test
    void aNodeThatRestartsItselfStartsANewIncarnationAtOnce() {
        Simulation sim = Simulation.create(1);
        List<Long> starts = new ArrayList<>();
        sim.addNode("n", ctx -> new Probe()
                .onStart(c -> {
                    starts.add(sim.now());
                    if (starts.size() == 1) {
                        c.setTimer(3 * MS, "reload");
                    }
                })
                .onTimer((c, id, tag) -> c.restart("configuration changed")));
        sim.runFor(Duration.ofMillis(10));
        assertEquals(List.of(0L, 3 * MS), starts);
        assertFalse(sim.isCrashed(0));
        List<TraceKind> kinds = sim.lastEvents(20).stream().map(TraceEvent::kind)
                .filter(k -> k == TraceKind.CRASH || k == TraceKind.RESTART || k == TraceKind.START).toList();
        assertEquals(List.of(TraceKind.START, TraceKind.CRASH, TraceKind.RESTART, TraceKind.START), kinds);
    }

    @Test
    void theSameSeedStopsTheSameWay() {
        long[] hashes = new long[2];
        for (int i = 0; i < 2; i++) {
            Simulation sim = Simulation.create(9);
            sim.addNode("n", ctx -> new Probe()
                    .onStart(c -> c.setTimer(1 + c.random().below(10 * MS), "t"))
                    .onTimer((c, id, tag) -> c.restart("again")));
            sim.runFor(Duration.ofMillis(100));
            hashes[i] = sim.traceHash();
        }
        assertEquals(hashes[0], hashes[1]);
    }

    @Test
    void stopIsForTheNodesOwnHandlers() {
        Simulation sim = Simulation.create(1);
        List<NodeContext> contexts = new ArrayList<>();
        sim.addNode("n", ctx -> {
            contexts.add(ctx);
            return new Probe();
        });
        sim.runFor(Duration.ofMillis(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> contexts.get(0).stop("from the test"));
        assertTrue(e.getMessage().contains("a test crashes and restarts nodes with sim.crash and sim.restart"), e.getMessage());
    }

    @Test
    void aFactoryCannotStopItsNode() {
        Simulation sim = Simulation.create(1);
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.addNode("n", ctx -> {
            ctx.stop("too early");
            return new Probe();
        }));
        assertTrue(String.valueOf(f.getCause()).contains("a node stops from a handler (onStart at the earliest)"), String.valueOf(f.getCause()));
    }
}
