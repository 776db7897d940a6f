package dev.dst.fault;

import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Samples.Sample;
import dev.dst.testnodes.Samples;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static dev.dst.testnodes.Fixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every fault application shows in the trace, is counted in the run report under its kind, and its time in force is kept. */
final class FaultAccountingTest {
    private static final long A = 1_005 * Fixture.MS;
    private static final long HELD = 500 * MS;

    static List<Sample> samples() {
        return Samples.oneOfEachKind();
    }

    @Test
    void theSamplesCoverEveryKind() {
        assertEquals(new TreeSet<>(FaultParser.KINDS), new TreeSet<>(samples().stream().map(s -> s.fault().kind()).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void anApplicationShowsInTheTrace(Sample s) {
        Fixture f = Fixture.five(7);
        f.runTo(A);
        f.apply(s.fault());
        List<TraceEvent> recent = f.sim.lastEvents(8);
        assertTrue(recent.stream().anyMatch(e -> e.kind() == s.traceKind() && e.timeNanos() == A), "no " + s.traceKind() + " record in " + recent);
        if (s.traceKind() == TraceKind.FAULT) {
            String line = "apply " + s.fault().toText(f.world());
            assertTrue(recent.stream().anyMatch(e -> line.equals(e.detail())), "no '" + line + "' in " + recent);
        }
    }

    /** Network faults that last; node and clock reverts leave the kernel's own records (restart, resume, clock, disk). */
    static List<Sample> lastingNetworkSamples() {
        return samples().stream().filter(s -> s.traceKind() == TraceKind.FAULT && !s.fault().instantaneous()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lastingNetworkSamples")
    void aRevertOfANetworkFaultShowsInTheTrace(Sample s) {
        Fixture f = Fixture.five(7);
        f.runTo(A);
        f.apply(s.fault());
        f.runTo(A + HELD);
        f.revert(s.fault());
        String line = "revert " + s.fault().toText(f.world());
        assertTrue(f.sim.lastEvents(4).stream().anyMatch(e -> e.kind() == TraceKind.FAULT && line.equals(e.detail())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void anApplicationIsCountedOnceInTheReportUnderItsKind(Sample s) {
        Fixture f = Fixture.five(7);
        f.runTo(A);
        f.apply(s.fault());
        f.runTo(A + HELD);
        f.revert(s.fault());
        assertEquals(1L, f.sim.report().faults().get(s.fault().kind()), "report faults: " + f.sim.report().faults());
        assertTrue(f.sim.report().toText().contains(s.fault().kind() + " x1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theLogKeepsTimesAppliedAndTimeInForce(Sample s) {
        Fixture f = Fixture.five(7);
        f.runTo(A);
        f.apply(s.fault());
        f.runTo(A + HELD);
        long expected = s.fault().instantaneous() ? 0 : HELD;
        assertEquals(List.of(new FaultLog.Stats(s.fault().kind(), 1, expected)), f.faults().stats(), "counted while in force");
        f.revert(s.fault());
        f.runTo(A + 2 * HELD);
        assertEquals(List.of(new FaultLog.Stats(s.fault().kind(), 1, expected)), f.faults().stats(), "stops counting at the revert");
        if (!s.fault().instantaneous()) {
            assertEquals(HELD, f.sim.report().faultNanos().get(s.fault().kind()));
        }
    }

    @Test
    void applyingAnActiveFaultAgainDoesNothing() {
        Fixture f = Fixture.five(7);
        Fault p = new Fault.Partition("partition-pair", List.of(List.of(0), List.of(1)));
        f.apply(p);
        f.apply(new Fault.Partition("partition-pair", List.of(List.of(0), List.of(1))));
        assertEquals(1, f.faults().stats().get(0).applied());
        f.revert(p);
        assertFalse(f.network().isCut(0, 1), "one revert undoes the single application");
    }

    @Test
    void revertingAFaultThatIsNotActiveIsIgnored() {
        Fixture f = Fixture.five(7);
        f.revert(new Fault.Kill(1));
        f.revert(new Fault.OneWay(0, 1));
        assertTrue(f.faults().stats().isEmpty());
        assertTrue(f.sim.isUp(1));
    }

    @Test
    void revertAllRevertsEveryActiveFaultLatestFirstAndResetsClocks() {
        Fixture f = Fixture.five(7);
        List<String> order = new ArrayList<>();
        f.faults().setListener((applied, fault) -> order.add((applied ? "+" : "-") + fault.kind()));
        f.runTo(A);
        f.apply(new Fault.Kill(1));
        f.apply(new Fault.OneWay(0, 2));
        f.apply(new Fault.ClockJump(3, 5_000 * MS));
        f.apply(new Fault.ClockSkew(4, 100 * MS));
        f.faults().revertAll();
        assertEquals(List.of("+kill", "+one-way", "+clock-jump", "+clock-skew", "-clock-skew", "-one-way", "-kill"), order);
        assertTrue(f.faults().active().isEmpty());
        assertTrue(f.sim.isUp(1));
        assertFalse(f.network().isCut(0, 2));
        assertEquals(f.sim.now(), f.sim.localTime(3));
        assertEquals(f.sim.now(), f.sim.localTime(4));
    }
}
