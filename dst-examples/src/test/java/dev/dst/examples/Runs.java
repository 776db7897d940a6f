package dev.dst.examples;

import dev.dst.entropy.Seeds;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sweep.RunOutcome;
import dev.dst.sweep.Runner;
import dev.dst.sweep.Target;

/** One run of a bundled scenario, as the sweep engine runs it, for the examples' tests. */
public final class Runs {
    public static final long WALL_BUDGET_MILLIS = 60_000;

    private Runs() {}

    public static Target target(Scenario s, ScenarioOptions options) {
        return Target.scenario(s, options, seed -> "dst run " + s.name() + " --seed " + Seeds.format(seed));
    }

    public static RunOutcome run(Scenario s, long seed, ScenarioOptions options) {
        return Runner.run(target(s, options), seed, null, WALL_BUDGET_MILLIS);
    }
}
