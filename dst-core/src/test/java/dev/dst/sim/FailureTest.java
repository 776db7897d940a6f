package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.trace.TraceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run fails: node errors, invariants, end checks, budgets, and the failure report. */
final class FailureTest {
    private static final long MS = 1_000_000L;

    /** A node that counts its timer ticks, one per millisecond. */
    private static final class Counter implements Node {
        int ticks;

        @Override
        public void onStart(NodeContext ctx) {
            ctx.setTimer(MS, "tick");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ticks++;
            ctx.setTimer(MS, "tick");
        }
    }

    @Test
    void aNodeThatThrowsFailsTheRunNamingTheNodeAndHandler() {
        Simulation sim = Simulation.create(1);
        int b = sim.addNode("bob", ctx -> new Probe().onMessage((c, from, m) -> {
            throw new IllegalStateException("boom on " + m);
        }));
        sim.addNode("alice", ctx -> new Probe().onStart(c -> c.send(b, "ping")));
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::run);
        Violation v = f.violation();
        assertEquals(Violation.Kind.NODE_THREW, v.kind());
        assertEquals("bob", v.node());
        assertEquals("bob threw IllegalStateException", v.name());
        assertTrue(v.detail().startsWith("bob.onMessage threw java.lang.IllegalStateException: boom on ping"), v.detail());
        assertInstanceOf(IllegalStateException.class, f.getCause());
        assertEquals(3, v.step(), "two starts, then the delivery");
        assertEquals(MS, v.simTimeNanos());
    }

    @Test
    void theHandlerNamedIsTheOneThatThrew() {
        Simulation onStart = Simulation.create(1);
        onStart.addNode("n", ctx -> new Probe().onStart(c -> {
            throw new RuntimeException("x");
        }));
        assertTrue(assertThrows(SimulationFailure.class, onStart::run).violation().detail().startsWith("n.onStart threw"));

        Simulation onTimer = Simulation.create(1);
        onTimer.addNode("n", ctx -> new Probe().onStart(c -> c.setTimer(1, "t")).onTimer((c, id, t) -> {
            throw new RuntimeException("x");
        }));
        assertTrue(assertThrows(SimulationFailure.class, onTimer::run).violation().detail().startsWith("n.onTimer threw"));

        Simulation onRequest = Simulation.create(1);
        int n = onRequest.addNode("n", ctx -> new Probe().onRequest((c, r) -> {
            throw new RuntimeException("x");
        }));
        onRequest.submit(n, "op");
        assertTrue(assertThrows(SimulationFailure.class, onRequest::run).violation().detail().startsWith("n.onRequest threw"));
    }

    @Test
    void aFactoryThatThrowsFailsTheRun() {
        Simulation sim = Simulation.create(1);
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.addNode("n", ctx -> {
            throw new IllegalArgumentException("bad config");
        }));
        assertEquals(Violation.Kind.NODE_THREW, f.violation().kind());
        assertTrue(f.violation().detail().startsWith("n.factory threw"), f.violation().detail());
    }

    @Test
    void aFactoryThatReturnsNullFailsTheRun() {
        Simulation sim = Simulation.create(1);
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.addNode("n", ctx -> null));
        assertTrue(f.violation().detail().contains("returned null"), f.violation().detail());
    }

    @Test
    void aNodeAssertionErrorIsANodeFailureToo() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Probe().onStart(c -> {
            throw new AssertionError("node-internal assertion");
        }));
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::run);
        assertEquals(Violation.Kind.NODE_THREW, f.violation().kind());
    }

    @Test
    void aFalseInvariantFailsTheRunAtTheStepThatBrokeIt() {
        Simulation sim = Simulation.create(1);
        Counter counter = new Counter();
        sim.addNode("n", ctx -> counter);
        sim.invariant("fewer than 3 ticks", () -> counter.ticks < 3, () -> "ticks = " + counter.ticks);
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(Duration.ofSeconds(1)));
        Violation v = f.violation();
        assertEquals(Violation.Kind.INVARIANT, v.kind());
        assertEquals("fewer than 3 ticks", v.name());
        assertEquals(4, v.step(), "the start, then the third tick");
        assertEquals(3 * MS, v.simTimeNanos());
        assertEquals("ticks = 3", v.detail());
        assertEquals(3, counter.ticks, "nothing ran after the violation");
        assertTrue(f.getMessage().contains("invariant 'fewer than 3 ticks' violated at step 4, t=0.003000s"), f.getMessage());
        assertTrue(f.getMessage().contains("ticks = 3"), f.getMessage());
    }

    @Test
    void anInvariantThatThrowsIsViolated() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Probe());
        sim.invariant("throws", () -> {
            throw new IllegalStateException("oops");
        });
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::run);
        assertEquals(Violation.Kind.INVARIANT, f.violation().kind());
        assertTrue(f.violation().detail().contains("the check threw java.lang.IllegalStateException: oops"), f.violation().detail());
    }

    @Test
    void explainIsCalledOnlyOnAViolation() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Counter());
        int[] explained = new int[1];
        sim.invariant("holds", () -> true, () -> "n/a " + explained[0]++);
        sim.runFor(Duration.ofMillis(10));
        assertEquals(0, explained[0]);
    }

    @Test
    void invariantsAreCheckedAfterEveryStepByDefault() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Counter());
        sim.invariant("holds", () -> true);
        sim.runFor(Duration.ofMillis(9));
        assertEquals(10, sim.steps());
        assertEquals(10, sim.report().invariants().get(0).checks());
    }

    @Test
    void invariantEveryNChecksEveryNthStep() {
        Simulation sim = Simulation.builder(1).invariantEvery(3).build();
        sim.addNode("n", ctx -> new Counter());
        List<Long> checkedAt = new ArrayList<>();
        sim.invariant("holds", () -> checkedAt.add(sim.steps()));
        sim.runFor(Duration.ofMillis(9));
        assertEquals(List.of(3L, 6L, 9L), checkedAt);
    }

    @Test
    void withASparseIntervalAViolationIsCaughtAtTheNextCheck() {
        Simulation sim = Simulation.builder(1).invariantEvery(5).build();
        Counter counter = new Counter();
        sim.addNode("n", ctx -> counter);
        sim.invariant("no ticks", () -> counter.ticks == 0);
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(Duration.ofSeconds(1)));
        assertEquals(5, f.violation().step());
    }

    @Test
    void invariantEveryMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Simulation.builder(1).invariantEvery(0));
    }

    @Test
    void checkInvariantsRunsThemNow() {
        Simulation sim = Simulation.builder(1).invariantEvery(1000).build();
        boolean[] broken = {false};
        sim.invariant("not broken", () -> !broken[0]);
        broken[0] = true;
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::checkInvariants);
        assertEquals("not broken", f.violation().name());
    }

    @Test
    void endChecksRunOnlyInFinish() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Counter());
        int[] runs = new int[1];
        sim.endCheck("counted", () -> ++runs[0] > 0);
        sim.runFor(Duration.ofMillis(10));
        assertEquals(0, runs[0]);
        RunReport report = sim.finish();
        assertEquals(1, runs[0]);
        assertTrue(report.passed());
        assertEquals("ok", report.invariants().get(0).status());
        sim.finish();
        assertEquals(1, runs[0], "finishing again does not check again");
    }

    @Test
    void aFalseEndCheckFailsFinish() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Counter());
        sim.endCheck("converged", () -> false, () -> "2 replicas differ");
        sim.runFor(Duration.ofMillis(10));
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::finish);
        assertEquals(Violation.Kind.END_CHECK, f.violation().kind());
        assertEquals("end check 'converged' failed at step 11, t=0.010000s", f.violation().headline());
        assertEquals("2 replicas differ", f.violation().detail());
    }

    @Test
    void finishChecksTheInvariantsOnceMore() {
        Simulation sim = Simulation.builder(1).invariantEvery(1000).build();
        sim.addNode("n", ctx -> new Counter());
        sim.invariant("never", () -> false);
        sim.runFor(Duration.ofMillis(5));
        assertEquals(Violation.Kind.INVARIANT, assertThrows(SimulationFailure.class, sim::finish).violation().kind());
    }

    @Test
    void aSimulationCannotRunAfterFinish() {
        Simulation sim = Simulation.create(1);
        sim.finish();
        assertThrows(IllegalStateException.class, sim::step);
    }

    @Test
    void aZeroDelayMessageLoopEndsInNoProgress() {
        Simulation sim = Simulation.builder(1).messageDelay(Duration.ZERO).maxStepsPerInstant(1_000).build();
        int[] self = new int[1];
        self[0] = sim.addNode("looper", ctx -> new Probe()
                .onStart(c -> c.send(self[0], "again"))
                .onMessage((c, from, m) -> c.send(self[0], m)));
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(Duration.ofSeconds(1)));
        assertEquals(Violation.Kind.NO_PROGRESS, f.violation().kind());
        assertEquals("time stands still", f.violation().name());
        assertEquals(0, f.violation().simTimeNanos());
        assertEquals(1_001, f.violation().step());
    }

    @Test
    void aZeroDelayTimerLoopEndsInNoProgress() {
        Simulation sim = Simulation.builder(1).maxStepsPerInstant(500).build();
        sim.addNode("looper", ctx -> new Probe()
                .onStart(c -> c.setTimer(0, "again"))
                .onTimer((c, id, tag) -> c.setTimer(0, tag)));
        assertEquals("time stands still", assertThrows(SimulationFailure.class, sim::run).violation().name());
    }

    @Test
    void manyStepsAtOneInstantAreFineWhileTimeAdvances() {
        Simulation sim = Simulation.builder(1).maxStepsPerInstant(5).build();
        sim.addNode("n", ctx -> new Counter());
        sim.runFor(Duration.ofMillis(100));
        assertEquals(101, sim.steps());
    }

    @Test
    void theStepBudgetEndsARunInNoProgress() {
        Simulation sim = Simulation.builder(1).maxSteps(50).build();
        sim.addNode("n", ctx -> new Counter());
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(Duration.ofSeconds(10)));
        assertEquals(Violation.Kind.NO_PROGRESS, f.violation().kind());
        assertEquals("step budget", f.violation().name());
        assertEquals(51, f.violation().step());
    }

    @Test
    void aFailureMessageStartsWithTheSeedThenTheReplayLine() {
        Simulation sim = Simulation.create(0x1f3aL);
        sim.addNode("n", ctx -> new Probe().onStart(c -> {
            throw new RuntimeException("x");
        }));
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::run);
        String[] lines = f.getMessage().split("\n");
        assertTrue(lines[0].startsWith("seed 0x1f3a: node threw: n threw RuntimeException at step 1"), lines[0]);
        assertEquals("  replay: rerun with seed 0x1f3a (JUnit: -Ddst.seed=0x1f3a)", lines[1]);
        assertEquals(0x1f3aL, f.seed());
        assertEquals(sim.replayLine(), f.replayLine());
    }

    @Test
    void aFailureMessageCarriesACustomReplayLine() {
        Simulation sim = Simulation.builder(5).replayLine("dst run raft --seed 0x5").build();
        sim.invariant("never", () -> false);
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::checkInvariants);
        assertTrue(f.getMessage().contains("\n  replay: dst run raft --seed 0x5\n"), f.getMessage());
    }

    @Test
    void aFailureMessageShowsTheLastEvents() {
        Simulation sim = Simulation.create(1);
        Counter counter = new Counter();
        sim.addNode("n", ctx -> counter);
        sim.invariant("few ticks", () -> counter.ticks < 2);
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::run);
        assertTrue(f.getMessage().contains("events:"), f.getMessage());
        assertTrue(f.getMessage().contains("timer"), f.getMessage());
        assertEquals(TraceKind.VIOLATION, f.lastEvents().get(f.lastEvents().size() - 1).kind());
    }

    @Test
    void aFailedRunKeepsThrowingTheSameFailure() {
        Simulation sim = Simulation.create(1);
        sim.invariant("never", () -> false);
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::checkInvariants);
        assertSame(f, assertThrows(SimulationFailure.class, sim::step));
        assertSame(f, assertThrows(SimulationFailure.class, sim::finish));
        assertSame(f, sim.failure());
    }

    @Test
    void theReportOfAFailedRunShowsTheViolation() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Counter());
        sim.invariant("never", () -> false);
        assertThrows(SimulationFailure.class, sim::run);
        RunReport report = sim.report();
        assertFalse(report.passed());
        assertEquals("VIOLATED", report.invariants().get(0).status());
        String text = report.toText();
        assertTrue(text.contains("result      FAIL: invariant 'never' violated at step 1"), text);
        assertTrue(text.contains("replay      rerun with seed 0x1"), text);
    }

    @Test
    void failCanBeCalledByHarnesses() {
        Simulation sim = Simulation.create(1);
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.fail(Violation.Kind.LIVENESS, "a leader exists", "none after 10s"));
        assertEquals("liveness 'a leader exists' not reached at step 0, t=0.000000s", f.violation().headline());
    }
}
