package dev.dst.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import dev.dst.sweep.RunOutcome;
import dev.dst.sweep.Runner;
import dev.dst.sweep.Target;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one-call linearizability end check of a simulation's history. */
final class LinearizabilityCheckTest {
    private static final long MS = 1_000_000L;

    /** A register history recorded at simulated times: a write of 1, then a read of 2 that nobody wrote (stale) at 30 ms. */
    private static void staleRead(Simulation sim, History h) {
        sim.schedule(Duration.ofMillis(10), "write", () -> h.invoke(0, "write", 1L, sim.now()));
        sim.schedule(Duration.ofMillis(20), "written", () -> h.complete(0, OpType.OK, 1L, sim.now()));
        sim.schedule(Duration.ofMillis(25), "read", () -> h.invoke(1, "read", null, sim.now()));
        sim.schedule(Duration.ofMillis(30), "read back", () -> h.complete(1, OpType.OK, 2L, sim.now()));
        sim.schedule(Duration.ofMillis(500), "later", () -> { });
    }

    @Test
    void anInvalidHistoryFailsTheEndCheckWithAnExplanationInSimulatedTime() {
        Simulation sim = Simulation.create(1);
        History h = new History();
        staleRead(sim, h);
        LinearizabilityCheck check = LinearizabilityCheck.register(sim, () -> h, Models.register(0L));
        sim.runFor(Duration.ofSeconds(1));
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::finish);
        assertEquals(Violation.Kind.END_CHECK, f.violation().kind());
        assertEquals("the client history is linearizable (register)", f.violation().name());
        String detail = f.violation().detail();
        assertTrue(detail.startsWith("linearizable: false (model register, 2 operations"), detail);
        assertTrue(detail.contains("[t=0.025000s..0.030000s]"), detail);
        assertFalse(detail.contains(" ms)"), "no wall-clock figure in what a replay must repeat: " + detail);
        assertEquals(30 * MS, sim.focusNanos(), "the report looks at the moment the read came back");
        assertEquals("INVALID", sim.stats().get("linearizable"));
        assertEquals(Verdict.INVALID, check.result().verdict());
    }

    @Test
    void theReportShowsTheEventsAroundTheAnomalyNotTheRunsEnd() {
        Target t = Target.of("stale", sim -> {
            History h = new History();
            staleRead(sim, h);
            LinearizabilityCheck.register(sim, () -> h, Models.register(0L));
            sim.runFor(Duration.ofSeconds(1));
        });
        RunOutcome o = Runner.run(t, 1, null, 30_000);
        assertFalse(o.passed());
        var events = o.report().lastEvents();
        assertTrue(events.stream().anyMatch(e -> e.toString().contains("read back")), events.toString());
        assertTrue(events.stream().filter(e -> e.timeNanos() > 30 * MS).count() <= 4, "events after the anomaly are cut short: " + events);
        assertTrue(o.report().toText().contains("events before and just after the anomaly the check found:"), o.report().toText());
    }

    /** Eight writes all in flight at once, then reads of 0 and of 7 in turn: invalid, but only after trying many orders. */
    private static void concurrentWrites(Simulation sim, History h) {
        for (int p = 0; p < 8; p++) {
            int process = p;
            sim.schedule(Duration.ofMillis(1 + p), "write", () -> h.invoke(process, "write", (long) process, sim.now()));
            sim.schedule(Duration.ofMillis(20 + p), "written", () -> h.complete(process, OpType.OK, (long) process, sim.now()));
        }
        sim.schedule(Duration.ofMillis(30), "read", () -> h.invoke(9, "read", null, sim.now()));
        sim.schedule(Duration.ofMillis(31), "read back", () -> h.complete(9, OpType.OK, 0L, sim.now()));
        sim.schedule(Duration.ofMillis(32), "read", () -> h.invoke(10, "read", null, sim.now()));
        sim.schedule(Duration.ofMillis(33), "read back", () -> h.complete(10, OpType.OK, 7L, sim.now()));
    }

    @Test
    void aCheckItsBudgetEndsIsUnknownAndPassesUnlessAskedToFail() {
        Simulation sim = Simulation.create(1);
        History h = new History();
        concurrentWrites(sim, h);
        LinearizabilityCheck.register(sim, () -> h, Models.register(0L)).options(LinearizabilityCheck.DEFAULT_OPTIONS.withMaxStates(1));
        sim.runFor(Duration.ofSeconds(1));
        sim.finish();
        assertTrue(String.valueOf(sim.stats().get("linearizable")).startsWith("UNKNOWN ("), sim.stats().toString());

        Simulation strict = Simulation.create(1);
        History h2 = new History();
        concurrentWrites(strict, h2);
        LinearizabilityCheck.register(strict, () -> h2, Models.register(0L)).options(LinearizabilityCheck.DEFAULT_OPTIONS.withMaxStates(1))
                .failOnUnknown();
        strict.runFor(Duration.ofSeconds(1));
        SimulationFailure f = assertThrows(SimulationFailure.class, strict::finish);
        assertTrue(f.violation().detail().startsWith("linearizable: unknown"), f.violation().detail());
    }

    @Test
    void aValidHistoryPasses() {
        Simulation sim = Simulation.create(1);
        History h = new History();
        sim.schedule(Duration.ofMillis(10), "write", () -> h.invoke(0, "write", 1L, sim.now()));
        sim.schedule(Duration.ofMillis(20), "written", () -> h.complete(0, OpType.OK, 1L, sim.now()));
        sim.schedule(Duration.ofMillis(25), "read", () -> h.invoke(1, "read", null, sim.now()));
        sim.schedule(Duration.ofMillis(30), "read back", () -> h.complete(1, OpType.OK, 1L, sim.now()));
        LinearizabilityCheck.register(sim, () -> h, Models.register(0L));
        sim.runFor(Duration.ofSeconds(1));
        sim.finish();
        assertEquals("VALID", sim.stats().get("linearizable"));
        assertEquals(-1, sim.focusNanos());
    }
}
