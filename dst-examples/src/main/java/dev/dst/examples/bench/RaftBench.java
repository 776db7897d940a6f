package dev.dst.examples.bench;

import dev.dst.examples.microraft.MicroRaftScenario;
import dev.dst.examples.raftkv.RaftKv;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;

import java.time.Duration;

/**
 * Whole-system speed on a real protocol: the {@code raft-kv} scenario (5 nodes, 3 clients,
 * swarm faults) with a {@value #FAULT_PHASE_SECONDS} s fault phase, invariants after every
 * step, the linearizability check at the end, one seed after another on the calling thread.
 * Figures: seeds per wall-clock second, and simulated time per wall-clock time. Seeds run
 * first to warm the JIT ({@link #WARMUP_SEEDS}) are not counted.
 */
public final class RaftBench {
    static final int FAULT_PHASE_SECONDS = 60;
    static final long FIRST_SEED = 1_000_001L; // away from the seeds the tests and docs sweep
    /**
     * Seeds run before measuring: about two seconds, which the JIT needs to reach its steady
     * state on this code (3 seeds measured 1,040x, 10 seeds 1,420x, 20 seeds 1,650x to 1,750x
     * on this machine); a sweep runs thousands of seeds in one JVM, so the steady state is
     * what it sees.
     */
    public static final int WARMUP_SEEDS = 20;

    private RaftBench() {}

    /** Seeds measured, their wall time, the simulated time they covered, and how many failed (0 expected). */
    public record Result(int seeds, long wallNanos, long simNanos, int failures) {
        public double seedsPerSecond() {
            return seeds * 1e9 / wallNanos;
        }

        public double simToWallRatio() {
            return (double) simNanos / wallNanos;
        }
    }

    public static Result measure(int warmupSeeds, int seeds) {
        return measure(new RaftKv(Duration.ofSeconds(FAULT_PHASE_SECONDS)), warmupSeeds, seeds);
    }

    /** The same measure of the {@code microraft} scenario: the MicroRaft library under dst's adapters. */
    public static Result measureMicroRaft(int warmupSeeds, int seeds) {
        return measure(new MicroRaftScenario(Duration.ofSeconds(FAULT_PHASE_SECONDS)), warmupSeeds, seeds);
    }

    static Result measure(Scenario scenario, int warmupSeeds, int seeds) {
        for (int i = 0; i < warmupSeeds; i++) {
            runOne(scenario, FIRST_SEED + seeds + i);
        }
        long simNanos = 0;
        int failures = 0;
        long start = System.nanoTime();
        for (int i = 0; i < seeds; i++) {
            Simulation sim = runOne(scenario, FIRST_SEED + i);
            simNanos += sim.now();
            failures += sim.failure() == null ? 0 : 1;
        }
        return new Result(seeds, System.nanoTime() - start, simNanos, failures);
    }

    private static Simulation runOne(Scenario scenario, long seed) {
        Simulation sim = Simulation.builder(seed).build();
        try {
            scenario.run(sim, ScenarioOptions.defaults());
            sim.finish();
        } catch (SimulationFailure f) {
            // counted by the caller through sim.failure()
        } catch (Exception e) {
            throw new IllegalStateException(scenario.name() + " failed outside the simulation: " + e, e);
        }
        return sim;
    }
}
