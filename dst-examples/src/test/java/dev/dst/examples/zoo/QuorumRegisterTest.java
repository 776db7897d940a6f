package dev.dst.examples.zoo;

import dev.dst.examples.RunOutcome;
import dev.dst.examples.ScenarioOptions;
import dev.dst.examples.quorum.QuorumRegister;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class QuorumRegisterTest {
    private static final QuorumRegister SCENARIO = new QuorumRegister();
    private static final String LINEARIZABLE = "the client history is linearizable (register)";

    @SimulationTest(seeds = 20)
    void historyIsLinearizableAndProgressResumesUnderSwarmFaults(Simulation sim) {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    /** Crashes and power losses: acknowledged stores and issued timestamps must be durable. */
    @SimulationTest(seeds = 10)
    void historyIsLinearizableUnderCrashesAndPowerLoss(Simulation sim) {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("kill"));
    }

    /** Duplicated client requests must not run a write twice (it would come back after later writes). */
    @SimulationTest(seeds = 10)
    void historyIsLinearizableUnderDuplicatingAndLossyLinks(Simulation sim) {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("link"));
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void acknowledgingBelowTheWriteQuorumIsFoundUnderPartitions() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO,
                ScenarioOptions.defaults().withBug(QuorumRegister.BUG_ACK_BELOW_W).withFaults("partition"), 1, 30);
        assertEquals(LINEARIZABLE, o.violation().name());
    }

    @Test
    void readingASingleReplicaIsFound() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO,
                ScenarioOptions.defaults().withBug(QuorumRegister.BUG_SINGLE_REPLICA_READ), 1, 10);
        assertEquals(LINEARIZABLE, o.violation().name());
    }
}
