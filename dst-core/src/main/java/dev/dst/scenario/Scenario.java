package dev.dst.scenario;

import dev.dst.sim.Simulation;

import java.util.List;

/**
 * A system under test that the sweep engine, the {@code dst} command and JUnit can run by name:
 * it builds its world on a simulation, runs a fault phase and a heal phase, and leaves its end
 * checks registered. The engine runs the end checks ({@link Simulation#finish()}) after
 * {@link #run} returns.
 *
 * <p>Make yours known to the {@code dst} command by listing its class in
 * {@code META-INF/services/dev.dst.scenario.Scenario} (a {@link java.util.ServiceLoader} file in
 * your test resources), or name its class on the command line. It needs a public no-argument
 * constructor. See {@code docs/scenarios.md}.
 */
public interface Scenario {
    /** The name commands take ({@code dst sweep NAME}): short, lower case, with dashes. */
    String name();

    /** One line for {@code dst list}. */
    String description();

    /** The planted bugs (or other variants) that {@code --bug NAME} switches on; none by default. */
    default List<Bug> bugs() {
        return List.of();
    }

    /**
     * Builds and runs the system on {@code sim}. A violated check throws
     * {@link dev.dst.sim.SimulationFailure}; anything else thrown fails the seed too, named
     * after its class. Malformed input given through {@code options} (a plan that names no
     * node) should throw {@link dev.dst.sim.BadInputException}, which the {@code dst} command
     * reports as bad usage (exit 2) instead of a failing seed.
     */
    void run(Simulation sim, ScenarioOptions options) throws Exception;

    /** A planted bug or variant: its name for {@code --bug}, and what it does. */
    record Bug(String name, String description) {
        public Bug {
            if (name == null || name.isBlank() || name.contains(" ")) {
                throw new IllegalArgumentException("a bug name must be one word, got '" + name + "'");
            }
        }
    }
}
