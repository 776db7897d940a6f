package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** runFor, runUntil, run and scheduled test actions. */
final class RunControlTest {
    private static final long MS = 1_000_000L;

    /** A node that fires a timer every {@code periodNanos}, counting. */
    private static Probe ticker(long periodNanos) {
        return new Probe()
                .onStart(c -> c.setTimer(periodNanos, "tick"))
                .onTimer((c, id, tag) -> c.setTimer(periodNanos, "tick"));
    }

    @Test
    void runForAdvancesTimeExactlyToTheDeadlineWhenNothingHappens() {
        Simulation sim = Simulation.create(1);
        sim.runFor(Duration.ofMillis(1234));
        assertEquals(1234 * MS, sim.now());
        sim.runForNanos(7);
        assertEquals(1234 * MS + 7, sim.now());
    }

    @Test
    void runForRunsEverythingDueUpToAndIncludingTheDeadline() {
        Simulation sim = Simulation.create(1);
        Probe p = ticker(10 * MS);
        sim.addNode("a", ctx -> p);
        sim.runFor(Duration.ofMillis(35));
        assertEquals(35 * MS, sim.now());
        assertEquals(List.of(10 * MS, 20 * MS, 30 * MS), p.timesOf("timer"));
        sim.runFor(Duration.ofMillis(5));
        assertEquals(List.of(10 * MS, 20 * MS, 30 * MS, 40 * MS), p.timesOf("timer"), "an event at the deadline runs");
    }

    @Test
    void runForDoesNotRunAnEventBeyondTheDeadlineBehindACancelledTimer() {
        Simulation sim = Simulation.create(1);
        Probe p = new Probe().onStart(c -> {
            long early = c.setTimer(5 * MS, "cancelled");
            c.setTimer(50 * MS, "late");
            c.cancelTimer(early);
        });
        sim.addNode("a", ctx -> p);
        sim.runFor(Duration.ofMillis(10));
        assertEquals(10 * MS, sim.now());
        assertEquals(List.of(), p.received("timer"));
        sim.runFor(Duration.ofMillis(40));
        assertEquals(List.of("late"), p.received("timer"));
    }

    @Test
    void runForDoesNotRunAnEventBeyondTheDeadlineBehindAMessageToAPausedNode() {
        Simulation sim = Simulation.create(1);
        int b = sim.addNode("b", ctx -> new Probe());
        Probe a = new Probe().onStart(c -> {
            c.send(b, "parked");
            c.setTimer(50 * MS, "late");
        });
        sim.addNode("a", ctx -> a);
        sim.step();
        sim.step();
        sim.pause(b);
        sim.runFor(Duration.ofMillis(10));
        assertEquals(10 * MS, sim.now());
        assertEquals(List.of(), a.received("timer"));
    }

    @Test
    void runForDoesNotRunAnEventBeyondTheDeadlineBehindAMessageToACrashedNode() {
        Simulation sim = Simulation.create(1);
        int b = sim.addNode("b", ctx -> new Probe());
        sim.addNode("a", ctx -> new Probe().onStart(c -> c.send(b, "lost")));
        sim.step();
        sim.step();
        sim.crash(b);
        List<Long> ranAt = new ArrayList<>();
        sim.schedule(Duration.ofMillis(50), "late action", () -> ranAt.add(sim.now()));
        sim.runFor(Duration.ofMillis(10));
        assertEquals(10 * MS, sim.now());
        assertEquals(List.of(), ranAt);
    }

    @Test
    void runUntilDoesNotRunAnEventBeyondItsTimeout() {
        Simulation sim = Simulation.create(1);
        Probe p = new Probe().onStart(c -> {
            long early = c.setTimer(5 * MS, "cancelled");
            c.setTimer(50 * MS, "late");
            c.cancelTimer(early);
        });
        sim.addNode("a", ctx -> p);
        assertFalse(sim.runUntil(() -> !p.received("timer").isEmpty(), Duration.ofMillis(10)));
        assertEquals(10 * MS, sim.now());
    }

    @Test
    void runUntilStopsAsSoonAsTheConditionHolds() {
        Simulation sim = Simulation.create(1);
        Probe p = ticker(10 * MS);
        sim.addNode("a", ctx -> p);
        assertTrue(sim.runUntil(() -> p.received("timer").size() == 3, Duration.ofSeconds(10)));
        assertEquals(30 * MS, sim.now());
        assertEquals(3, p.received("timer").size());
    }

    @Test
    void runUntilChecksTheConditionBeforeTheFirstStep() {
        Simulation sim = Simulation.create(1);
        sim.addNode("a", ctx -> ticker(10 * MS));
        assertTrue(sim.runUntil(() -> true, Duration.ofSeconds(1)));
        assertEquals(0, sim.steps());
        assertEquals(0, sim.now());
    }

    @Test
    void runUntilReturnsFalseAtTheTimeoutWithTimeAtTheDeadline() {
        Simulation sim = Simulation.create(1);
        Probe p = ticker(10 * MS);
        sim.addNode("a", ctx -> p);
        assertFalse(sim.runUntil(() -> false, Duration.ofMillis(95)));
        assertEquals(95 * MS, sim.now());
        assertEquals(9, p.received("timer").size());
    }

    @Test
    void runUntilWithNothingPendingWaitsOutTheTimeout() {
        Simulation sim = Simulation.create(1);
        assertFalse(sim.runUntil(() -> false, Duration.ofSeconds(2)));
        assertEquals(2_000 * MS, sim.now());
    }

    @Test
    void runUntilSeesAConditionMadeTrueByTheLastEventBeforeTheDeadline() {
        Simulation sim = Simulation.create(1);
        Probe p = ticker(10 * MS);
        sim.addNode("a", ctx -> p);
        assertTrue(sim.runUntil(() -> p.received("timer").size() == 5, Duration.ofMillis(50)));
        assertEquals(50 * MS, sim.now());
    }

    @Test
    void runRunsUntilNothingIsPending() {
        Simulation sim = Simulation.create(1);
        Probe p = new Probe().onStart(c -> c.setTimer(7 * MS, "once"));
        sim.addNode("a", ctx -> p);
        sim.run();
        assertEquals(7 * MS, sim.now());
        assertEquals(2, sim.steps());
    }

    @Test
    void aScheduledActionRunsAtItsTimeAsAStep() {
        Simulation sim = Simulation.create(1);
        List<Long> ranAt = new ArrayList<>();
        sim.schedule(Duration.ofMillis(3), "note the time", () -> ranAt.add(sim.now()));
        sim.scheduleAt(8 * MS, "again", () -> ranAt.add(sim.now()));
        sim.run();
        assertEquals(List.of(3 * MS, 8 * MS), ranAt);
        assertEquals(2, sim.steps());
    }

    @Test
    void anActionCannotBeScheduledInThePast() {
        Simulation sim = Simulation.create(1);
        sim.runFor(Duration.ofSeconds(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(0, "too late", () -> {}));
        assertTrue(e.getMessage().contains("'too late'") && e.getMessage().contains("1.000000s"), e.getMessage());
    }

    @Test
    void runningPastTheSimulatedTimeBudgetFailsWithNoProgress() {
        Simulation sim = Simulation.builder(1).maxSimTime(Duration.ofSeconds(1)).build();
        sim.addNode("a", ctx -> ticker(100 * MS));
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(Duration.ofSeconds(5)));
        assertEquals(Violation.Kind.NO_PROGRESS, f.violation().kind());
        assertEquals("simulated-time budget", f.violation().name());
    }

    @Test
    void nodesAreNumberedInOrderOfAddition() {
        Simulation sim = Simulation.create(1);
        assertEquals(0, sim.addNode("a", ctx -> new Probe()));
        assertEquals(1, sim.addNode("b", ctx -> new Probe()));
        assertEquals(2, sim.nodeCount());
        assertEquals("b", sim.nodeName(1));
        assertEquals("test", sim.nodeName(dev.dst.node.Request.EXTERNAL));
    }

    @Test
    void anUnknownNodeIsRejectedWithTheValidRange() {
        Simulation sim = Simulation.create(1);
        sim.addNode("a", ctx -> new Probe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.crash(3));
        assertTrue(e.getMessage().contains("no node 3") && e.getMessage().contains("0..0"), e.getMessage());
    }

    @Test
    void runningTheSimulationFromInsideAStepIsRefusedWithAClearError() {
        Simulation sim = Simulation.create(1);
        List<Throwable> refused = new ArrayList<>();
        sim.schedule(Duration.ofMillis(1), "nested run", () -> {
            try {
                sim.runFor(Duration.ofMillis(5));
            } catch (IllegalStateException e) {
                refused.add(e);
            }
            try {
                sim.runUntil(() -> false, Duration.ofMillis(5));
            } catch (IllegalStateException e) {
                refused.add(e);
            }
            try {
                sim.step();
            } catch (IllegalStateException e) {
                refused.add(e);
            }
        });
        sim.runFor(Duration.ofMillis(10));
        assertEquals(3, refused.size(), refused.toString());
        assertTrue(refused.get(0).getMessage().contains("called from inside step 1 (t=0.001000s"), refused.get(0).getMessage());
        assertTrue(refused.get(0).getMessage().contains("sim.schedule"), refused.get(0).getMessage());
        assertEquals(10 * MS, sim.now(), "the outer run goes on after the refusal");
    }

    @Test
    void aNodeHandlerCannotRunTheSimulationEither() {
        Simulation sim = Simulation.create(1);
        sim.addNode("a", ctx -> new Probe().onStart(c -> sim.runFor(Duration.ofMillis(1))));
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(Duration.ofMillis(2)));
        assertEquals(Violation.Kind.NODE_THREW, f.violation().kind());
        assertTrue(f.violation().detail().contains("from inside step 1"), f.violation().detail());
    }
}
