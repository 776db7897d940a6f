package dev.dst.sim;

/**
 * Called after every step, once the step's invariants have been checked: what exhaustive
 * exploration uses to see each state a run reaches and to inject its crash points. It runs
 * inside the step, as a scheduled action does: it may crash, restart or schedule, but not
 * drive the simulation ({@code step}, {@code runFor}).
 *
 * <p>Its fields are part of the run's {@linkplain Simulation#stateHash() state} unless they are
 * {@code transient}.
 */
@FunctionalInterface
public interface StepObserver {
    void stepped(Simulation sim);
}
