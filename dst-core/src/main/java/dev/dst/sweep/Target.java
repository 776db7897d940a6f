package dev.dst.sweep;

import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;

import java.util.Map;
import java.util.function.LongFunction;

/**
 * What the sweep engine runs for each seed: a scenario with its options, a JUnit test method, or
 * code of your own. A target builds its world on the simulation it is given and runs it; the
 * engine runs the end checks afterwards, on the same thread, and turns every ending into a
 * {@link RunOutcome}.
 */
public interface Target {
    /** The name in reports, result files and reproductions: a scenario's name, or {@code Class#method}. */
    String name();

    /** {@link dev.dst.shrink.Reproduction#SCENARIO} or {@link dev.dst.shrink.Reproduction#TEST}: how a reproduction finds it again. */
    String kind();

    /**
     * What changes the runs besides the seed (a bug, a fault package, system properties the
     * code reads): recorded in result files and reproductions; a sweep file is resumed or merged
     * only under the same options.
     */
    Map<String, String> options();

    /** The one line that reruns {@code seed} (a {@code dst} command, an {@code mvn} command). */
    String replayLine(long seed);

    /** Settings every run's simulation gets (invariant cadence, step budget); by default none. */
    default Simulation.Builder configure(Simulation.Builder builder) {
        return builder;
    }

    /** Builds the world on {@code sim} and runs it. */
    void run(Simulation sim) throws Throwable;

    /** The code under test, for {@link #of}. */
    @FunctionalInterface
    interface Body {
        void run(Simulation sim) throws Throwable;
    }

    /**
     * Code of your own as a target: {@code body} builds and runs the world; no options; the
     * replay line names the seed. For harnesses outside JUnit and the {@code dst} command.
     */
    static Target of(String name, Body body) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String kind() {
                return dev.dst.shrink.Reproduction.TEST;
            }

            @Override
            public Map<String, String> options() {
                return Map.of();
            }

            @Override
            public String replayLine(long seed) {
                return "rerun " + name + " with seed " + dev.dst.entropy.Seeds.format(seed);
            }

            @Override
            public void run(Simulation sim) throws Throwable {
                body.run(sim);
            }
        };
    }

    /** {@code base} with {@code more} options recorded besides its own (system properties given for its runs). */
    static Target withOptions(Target base, Map<String, String> more) {
        Map<String, String> all = new java.util.TreeMap<>(base.options());
        all.putAll(more);
        Map<String, String> options = java.util.Collections.unmodifiableMap(all);
        return new Target() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public String kind() {
                return base.kind();
            }

            @Override
            public Map<String, String> options() {
                return options;
            }

            @Override
            public String replayLine(long seed) {
                return base.replayLine(seed);
            }

            @Override
            public Simulation.Builder configure(Simulation.Builder builder) {
                return base.configure(builder);
            }

            @Override
            public void run(Simulation sim) throws Throwable {
                base.run(sim);
            }
        };
    }

    /** {@code scenario} run with {@code options}; {@code replayLine} gives the command that reruns a seed. */
    static Target scenario(Scenario scenario, ScenarioOptions options, LongFunction<String> replayLine) {
        return new ScenarioTarget(scenario, options, replayLine);
    }

    /** A scenario as a target. */
    record ScenarioTarget(Scenario scenario, ScenarioOptions scenarioOptions, LongFunction<String> replay) implements Target {
        @Override
        public String name() {
            return scenario.name();
        }

        @Override
        public String kind() {
            return dev.dst.shrink.Reproduction.SCENARIO;
        }

        @Override
        public Map<String, String> options() {
            return scenarioOptions.recorded();
        }

        @Override
        public String replayLine(long seed) {
            return replay.apply(seed);
        }

        @Override
        public void run(Simulation sim) throws Exception {
            scenario.run(sim, scenarioOptions);
        }
    }
}
