package dev.dst.examples.zoo;

import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.examples.quorum.QuorumRegister;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class QuorumRegisterTest {
    private static final QuorumRegister SCENARIO = new QuorumRegister();
    private static final String LINEARIZABLE = "the client history is linearizable (register)";

    @SimulationTest(seeds = 20)
    void historyIsLinearizableAndProgressResumesUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    /** Crashes and power losses: acknowledged stores and issued timestamps must be durable. */
    @SimulationTest(seeds = 10)
    void historyIsLinearizableUnderCrashesAndPowerLoss(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("kill"));
    }

    /**
     * Lossy, duplicating, flapping and slow links: retries and duplicates must not break the
     * register. (Switching off the coordinator's duplicate-request guard was not caught here,
     * nor in 150 seeds of the link package: duplicates land within a few milliseconds of the
     * original, inside the operation's own interval.)
     */
    // link faults slow and drop messages but rarely cut a coordinator off from a quorum: its probe is the swarm tests'
    @SimulationTest(seeds = 10, requireProbes = false)
    void historyIsLinearizableUnderLinkFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("link"));
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void unknownWritesThatNoReadReturnedAreLeftOutOfTheCheck() {
        History h = new History();
        h.invoke(0, "write", 7L, 0);
        h.complete(0, OpType.INFO, null, 1);
        h.invoke(1, "read", null, 2);
        h.complete(1, OpType.OK, 0L, 3);
        assertEquals(List.of("read"), QuorumRegister.withoutUnreadUnknownWrites(h.operations()).stream().map(Operation::f).toList());
    }

    @Test
    void unknownWritesThatAReadReturnedStayInTheCheck() {
        History h = new History();
        h.invoke(0, "write", 7L, 0);
        h.complete(0, OpType.INFO, null, 1);
        h.invoke(1, "read", null, 2);
        h.complete(1, OpType.OK, 7L, 3);
        assertEquals(List.of("write", "read"), QuorumRegister.withoutUnreadUnknownWrites(h.operations()).stream().map(Operation::f).toList());
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
