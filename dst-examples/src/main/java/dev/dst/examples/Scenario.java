package dev.dst.examples;

import dev.dst.sim.Simulation;

import java.util.List;

/**
 * A runnable example: builds its world on a simulation, runs a fault phase and a heal phase,
 * and leaves its end checks registered. The CLI, the sweep and the JUnit suites all run
 * scenarios through {@link #run}.
 */
public interface Scenario {
    String name();

    String description();

    /** The planted bugs that {@code --bug NAME} switches on. */
    List<Bug> bugs();

    /** Builds and runs the scenario on {@code sim}; throws {@link dev.dst.sim.SimulationFailure} when a check fails. */
    void run(Simulation sim, ScenarioOptions options);

    record Bug(String name, String description) {}
}
