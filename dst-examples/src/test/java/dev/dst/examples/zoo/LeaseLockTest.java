package dev.dst.examples.zoo;

import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.leaselock.LeaseLock;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class LeaseLockTest {
    private static final LeaseLock SCENARIO = new LeaseLock();

    @SimulationTest(seeds = 30)
    void oneHolderAtATimeAndNoStaleWriteAcceptedUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    /** Drift is what the margin is for: the correct workers must hold up under the clock package. */
    // clock faults alone cannot make a stale write (that takes a pause or a partition): its probe is not for this test
    @SimulationTest(seeds = 20, requireProbes = false)
    void theDriftMarginHoldsUnderClockFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("clock"));
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void withoutADriftMarginTwoWorkersHoldTheLeaseAtOnce() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO,
                ScenarioOptions.defaults().withBug(LeaseLock.BUG_NO_DRIFT_MARGIN).withFaults("clock"), 1, 10);
        assertEquals("at most one holder at any true time", o.violation().name());
        assertTrue(o.violation().detail().contains("ppm"), o.violation().detail());
    }

    @Test
    void withoutFencingAPausedWorkersStaleWriteIsAccepted() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO,
                ScenarioOptions.defaults().withBug(LeaseLock.BUG_NO_FENCING).withFaults("pause"), 1, 10);
        assertEquals("the store never accepts an older token", o.violation().name());
    }
}
