package dev.dst.examples.zoo;

import dev.dst.examples.Runs;
import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What every scenario's suite checks of its planted bugs. */
final class ScenarioChecks {
    static final long WALL_BUDGET_MILLIS = 60_000;

    private ScenarioChecks() {}

    /** The first seed in [from, to] on which the run fails, or null. */
    static RunOutcome firstFailure(Scenario s, ScenarioOptions options, long from, long to) {
        for (long seed = from; seed <= to; seed++) {
            RunOutcome o = Runs.run(s, seed, options);
            if (!o.passed()) {
                return o;
            }
        }
        return null;
    }

    /** Finds the bug within the seeds and checks that its seed replays to the same violation and trace hash. */
    static RunOutcome foundAndReplayed(Scenario s, ScenarioOptions options, long from, long to) {
        RunOutcome first = firstFailure(s, options, from, to);
        assertNotNull(first, s.name() + " --bug " + options.bug() + ": no failure in seeds " + from + ".." + to);
        RunOutcome again = Runs.run(s, first.report().seed(), options);
        assertFalse(again.passed());
        assertEquals(first.violation(), again.violation());
        assertEquals(first.report().traceHash(), again.report().traceHash());
        return first;
    }
}
