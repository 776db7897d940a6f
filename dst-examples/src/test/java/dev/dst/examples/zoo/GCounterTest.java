package dev.dst.examples.zoo;

import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.gcounter.GCounter;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;

final class GCounterTest {
    private static final GCounter SCENARIO = new GCounter();

    @SimulationTest(seeds = 30)
    void replicasConvergeToTheAcknowledgedSumUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    /** Duplicated requests must not count twice: the link package duplicates messages. */
    @SimulationTest(seeds = 20)
    void duplicatedAddRequestsAreAppliedOnce(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("link"));
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void mergingByAdditionIsFound() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO, ScenarioOptions.defaults().withBug(GCounter.BUG_MERGE_ADDS), 1, 5);
        assertNotNull(o.violation());
    }
}
