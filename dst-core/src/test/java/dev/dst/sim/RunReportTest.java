package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The text report of a run that passed. */
final class RunReportTest {

    private static RunReport passingRun() {
        Simulation sim = Simulation.create(0x2a);
        int b = sim.addNode("b", ctx -> new Probe());
        sim.addNode("a", ctx -> new Probe().onStart(c -> c.send(b, "hi")));
        sim.invariant("always", () -> true);
        sim.endCheck("at the end", () -> true);
        sim.runFor(Duration.ofMillis(10));
        sim.crash(b);
        return sim.finish();
    }

    @Test
    void aPassingReportListsSeedNodesTimeCountersFaultsAndChecks() {
        RunReport r = passingRun();
        assertTrue(r.passed());
        String text = r.toText();
        assertTrue(text.startsWith("seed        0x2a\nnodes       2: b, a\nsimulated   0.010000s in 3 steps"), text);
        assertTrue(text.contains("trace hash  " + r.traceHashHex()), text);
        assertTrue(text.contains("messages.delivered 1"), text);
        assertTrue(text.contains("faults      crash x1"), text);
        assertTrue(text.contains("result      PASS"), text);
        assertTrue(text.contains("always") && text.contains("at the end") && text.contains("end check"), text);
        assertTrue(text.endsWith("replay      rerun with seed 0x2a (JUnit: -Ddst.seed=0x2a)\n"), text);
        assertFalse(text.contains("events before the violation"), text);
    }

    @Test
    void theTraceHashIsSixteenHexDigits() {
        assertEquals(16, passingRun().traceHashHex().length());
    }

    @Test
    void aRunWithoutFaultsSaysNone() {
        Simulation sim = Simulation.create(1);
        assertTrue(sim.finish().toText().contains("faults      none"));
    }

    @Test
    void invariantsNeverCheckedSaySo() {
        Simulation sim = Simulation.create(1);
        sim.endCheck("later", () -> true);
        assertEquals("not checked", sim.report().invariants().get(0).status());
    }
}
