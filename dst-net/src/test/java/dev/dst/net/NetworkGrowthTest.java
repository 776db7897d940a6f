package dev.dst.net;

import dev.dst.node.Node;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class NetworkGrowthTest {
    @Test
    void linksKeepTheirStateWhenMoreNodesJoinThanTheNetworkWasSizedFor() {
        Simulation sim = Simulation.create(1);
        Network net = Network.install(sim);
        sim.addNode("a", ctx -> new Node() { });
        sim.addNode("b", ctx -> new Node() { });
        net.cut(0, 1);
        net.setExtraLatency(1, 0, 5_000);
        LinkConfig fifo = LinkConfig.DEFAULT.withFifo(true);
        net.configure(1, 0, fifo);
        for (int i = 0; i < 20; i++) {
            sim.addNode("n" + i, ctx -> new Node() { });
        }
        assertFalse(net.isCut(0, 21)); // the first use of a high address grows the arrays
        assertTrue(net.isCut(0, 1));
        assertFalse(net.isCut(1, 0));
        assertEquals(fifo, net.config(1, 0));
        assertEquals(LinkConfig.DEFAULT, net.config(0, 21));
        net.cut(20, 21);
        assertTrue(net.isCut(20, 21));
        net.heal(0, 1);
        assertFalse(net.isCut(0, 1));
    }
}
