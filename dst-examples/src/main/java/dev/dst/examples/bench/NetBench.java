package dev.dst.examples.bench;

import dev.dst.net.Latency;
import dev.dst.net.LinkConfig;
import dev.dst.net.Network;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.Simulation;
import dev.dst.trace.StableHash;

import java.time.Duration;
import java.util.Arrays;

/**
 * Network throughput: {@value #NODES} nodes exchanging messages all-to-all over dst-net's
 * network with uniform random latency (100 µs to 2 ms) and 1% loss. Every delivery is answered
 * by a send to a random peer, and every hundredth by one more, which makes up for the loss,
 * so about {@value #IN_FLIGHT} messages are always in flight. Trace hash and ring on, as in
 * every run. The figure is simulated messages delivered per wall-clock second, median of the
 * rounds.
 */
public final class NetBench {
    static final int NODES = 5;
    static final int IN_FLIGHT = 400;

    private NetBench() {}

    /** The message: hashes itself, as a performance-minded user's messages would (see StableHash). */
    record Gossip(long seq) implements StableHash {
        @Override
        public long stableHash() {
            return seq;
        }
    }

    private static final class Exchanger implements Node {
        private long received;
        private long seq;

        @Override
        public void onStart(NodeContext ctx) {
            for (int i = 0; i < IN_FLIGHT / NODES; i++) {
                sendToRandomPeer(ctx);
            }
        }

        @Override
        public void onMessage(NodeContext ctx, int from, Object message) {
            sendToRandomPeer(ctx);
            if (++received % 100 == 0) {
                sendToRandomPeer(ctx); // makes up for the 1% lost
            }
        }

        private void sendToRandomPeer(NodeContext ctx) {
            int peer = ctx.random().below(NODES - 1);
            ctx.send(peer >= ctx.id() ? peer + 1 : peer, new Gossip(seq++));
        }
    }

    public static double measure(long deliveriesPerRound, int rounds) {
        for (int i = 0; i < 3; i++) {
            round(deliveriesPerRound / 2, i);
        }
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            r[i] = round(deliveriesPerRound, 100 + i);
        }
        Arrays.sort(r);
        return r[rounds / 2];
    }

    static double round(long deliveries, long seed) {
        Simulation sim = Simulation.builder(seed).maxSteps(Long.MAX_VALUE).maxSimTime(Duration.ofDays(3650)).build();
        Network net = Network.install(sim, new LinkConfig(new Latency.Uniform(100_000, 2_000_000), 0.01, 0, false));
        for (int i = 0; i < NODES; i++) {
            sim.addNode("n" + i, ctx -> new Exchanger());
        }
        for (int i = 0; i < NODES; i++) {
            sim.step();
        }
        long start = System.nanoTime();
        long before = net.totalDelivered();
        while (net.totalDelivered() - before < deliveries) {
            if (!sim.step()) {
                throw new IllegalStateException("the exchange died out after " + (net.totalDelivered() - before) + " deliveries");
            }
        }
        long elapsed = System.nanoTime() - start;
        return (net.totalDelivered() - before) * 1e9 / elapsed;
    }
}
