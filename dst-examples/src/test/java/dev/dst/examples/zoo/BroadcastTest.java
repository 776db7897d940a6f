package dev.dst.examples.zoo;

import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.broadcast.Broadcast;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.RunReport;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class BroadcastTest {
    private static final Broadcast SCENARIO = new Broadcast();

    @SimulationTest(seeds = 10)
    void everyAcknowledgedMessageReachesEveryNodeAfterTheHeal(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
        RunReport r = sim.finish();
        String messages = (String) r.stats().get("messages");
        assertTrue(messages.endsWith(", 0 lost"), messages);
        assertTrue(r.stats().containsKey("latency") && r.stats().containsKey("rounds"), r.stats().toString());
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void withoutRetransmissionAPartitionLosesMessages() {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO,
                ScenarioOptions.defaults().withBug(Broadcast.BUG_NO_RETRANSMIT).withFaults("partition"), 1, 10);
        assertEquals(Violation.Kind.LIVENESS, o.violation().kind());
        String messages = (String) o.report().stats().get("messages");
        assertTrue(!messages.endsWith(", 0 lost"), "a failed run should report lost messages: " + messages);
    }
}
