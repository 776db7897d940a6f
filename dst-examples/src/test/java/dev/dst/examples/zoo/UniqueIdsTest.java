package dev.dst.examples.zoo;

import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.uniqueids.UniqueIds;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class UniqueIdsTest {
    private static final UniqueIds SCENARIO = new UniqueIds();

    @SimulationTest(seeds = 30)
    void noIdIsHandedOutTwiceUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void aSequenceKeptInMemoryReusesIdsAfterARestart() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO,
                ScenarioOptions.defaults().withBug(UniqueIds.BUG_SEQUENCE_NOT_DURABLE), 1, 20);
        assertEquals(Violation.Kind.END_CHECK, o.violation().kind());
        assertTrue(o.violation().detail().contains("acknowledged twice"), o.violation().detail());
    }
}
