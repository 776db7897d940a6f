package dev.dst.examples.zoo;

import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.Scenarios;
import dev.dst.junit.Replay;
import dev.dst.sim.Simulation;

/**
 * Reproduction files kept as regression tests. {@code repro/lease-lock-no-fencing.repro} is
 * what {@code dst shrink lease-lock --seed 0xe --bug no-fencing} wrote: two fault events left
 * of fifteen. With the bug on, the checks must keep catching it, with the same violation; with
 * the bug off (the real code), the same run — same seed, same tape, same plan — must pass.
 */
final class RegressionFilesTest {
    private static final String FILE = "repro/lease-lock-no-fencing.repro";

    @Replay(value = FILE, expectFailure = true)
    void theStaleWriteIsStillCaught(Simulation sim) throws Exception {
        Scenarios.bundled().named("lease-lock").run(sim, ScenarioOptions.defaults().withBug("no-fencing"));
    }

    @Replay(FILE)
    void withFencingTheSameRunPasses(Simulation sim) throws Exception {
        Scenarios.bundled().named("lease-lock").run(sim, ScenarioOptions.defaults());
    }
}
