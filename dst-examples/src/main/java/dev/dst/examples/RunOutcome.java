package dev.dst.examples;

import dev.dst.sim.RunReport;
import dev.dst.sim.Violation;

/** The result of one scenario run: its report, wall time, and the violation if it failed. */
public record RunOutcome(String scenario, String bug, RunReport report, long wallMillis) {
    public boolean passed() {
        return report.passed();
    }

    public Violation violation() {
        return report.violation();
    }
}
