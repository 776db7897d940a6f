package dev.dst.examples.zoo;

import dev.dst.examples.Runs;
import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.kafkalog.KafkaLog;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

final class KafkaLogTest {
    private static final KafkaLog SCENARIO = new KafkaLog();
    private static final ScenarioOptions BUG = ScenarioOptions.defaults().withBug(KafkaLog.BUG_ACK_BEFORE_QUORUM).withFaults("kill");

    // eight seeds check safety; whether a follower falls far behind is judged by the 10,000-seed nightly sweep
    @SimulationTest(seeds = 8, requireProbes = false)
    void noAcknowledgedMessageIsLostUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    /** Kills and power losses of leaders, the faults that find the planted bug, lose nothing in the correct version. */
    @SimulationTest(seeds = 8, requireProbes = false)
    void acknowledgedSendsSurviveCrashesAndPowerLoss(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("kill"));
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void acknowledgingBeforeAQuorumIsFound() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO, BUG, 1, 40);
        assertTrue(List.of(KafkaLog.LOG_CHECKER, KafkaLog.ACKED_IN_LOG).contains(o.violation().name()), o.violation().headline());
    }

    /** The seed that finds the bug passes without it: the failure comes from the early acknowledgement, not the faults alone. */
    @Test
    void theSeedThatFindsTheBugPassesWithoutIt() {
        RunOutcome found = ScenarioChecks.firstFailure(SCENARIO, BUG, 1, 40);
        RunOutcome correct = Runs.run(SCENARIO, found.report().seed(), BUG.withBug(null));
        assertTrue(correct.passed(), String.valueOf(correct.violation()));
    }
}
