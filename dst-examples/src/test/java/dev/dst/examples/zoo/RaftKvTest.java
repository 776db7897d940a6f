package dev.dst.examples.zoo;

import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.raftkv.RaftKv;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.RunReport;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RaftKvTest {
    private static final RaftKv SCENARIO = new RaftKv();
    private static final String DURABLE = "committed entries cannot be lost (no server lacking one is electable)";
    private static final List<String> SAFETY = List.of("one leader per term", "one vote per server per term", DURABLE,
            "log matching", "leader completeness", "state-machine safety");

    @SimulationTest(seeds = 8)
    void raftStaysSafeAndLinearizableUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
        RunReport r = sim.finish();
        assertEquals("VALID", r.stats().get("linearizable"), r.stats().toString());
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void countingARepeatedVoteTwiceIsFound() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO, ScenarioOptions.defaults().withBug(RaftKv.BUG_DUPLICATE_VOTES), 1, 20);
        assertTrue(SAFETY.contains(o.violation().name()), o.violation().toString());
    }

    @Test
    void readsWithoutConfirmingLeadershipAreFoundNotLinearizable() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO, ScenarioOptions.defaults().withBug(RaftKv.BUG_STALE_READ), 1, 60);
        assertTrue(o.violation().name().startsWith("the client history is linearizable"), o.violation().toString());
        assertTrue(o.violation().detail().contains("linearizable: false"), o.violation().detail());
    }

    @Test
    void committingAnEarlierTermsEntryByCountingReplicasIsFoundLosable() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO, ScenarioOptions.defaults().withBug(RaftKv.BUG_COMMIT_OLD_TERM), 1, 40);
        assertEquals(DURABLE, o.violation().name(), o.violation().toString());
    }

    @Test
    void aVoteLostInAPowerLossIsFoundGivenTwice() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO, ScenarioOptions.defaults().withBug(RaftKv.BUG_VOTE_WITHOUT_FSYNC), 1, 60);
        assertEquals("one vote per server per term", o.violation().name(), o.violation().toString());
    }
}
