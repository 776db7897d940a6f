package dev.dst.cluster;

import dev.dst.node.Node;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ClusterNamingTest {
    @Test
    void eachNodesCallNumbersItsOwnPrefixFromZero() {
        Simulation sim = Simulation.create(1);
        Cluster c = Cluster.on(sim).nodes(2, "a", ctx -> new Node() { }).nodes(2, "b", ctx -> new Node() { }).build();
        assertEquals(List.of("a0", "a1", "b0", "b1"), c.nodes().stream().map(sim::nodeName).toList());
    }

    @Test
    void twoCallsWithOnePrefixAreRefusedRatherThanNamingTwoNodesAlike() {
        Simulation sim = Simulation.create(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cluster.on(sim).nodes(1, "a", ctx -> new Node() { }).nodes(1, "a", ctx -> new Node() { }).build());
        assertTrue(e.getMessage().contains("two nodes named 'a0'"), e.getMessage());
    }

    @Test
    void aLivenessFailureDescribesTheClientsToo() {
        Simulation sim = Simulation.create(3);
        Cluster c = Cluster.on(sim).nodes(1, ctx -> new Node() { }).clients(1, (i, servers) -> ctx -> new Node() { }).build();
        sim.crash(c.clients().get(0));
        SimulationFailure f = assertThrows(SimulationFailure.class,
                () -> c.healAndAwait("never", () -> false, Duration.ofMillis(10)));
        assertTrue(f.violation().detail().contains("c0 crashed"), f.violation().detail());
    }
}
