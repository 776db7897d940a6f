package dev.dst.examples.broadcast;

import dev.dst.cluster.Cluster;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.sim.Simulation;
import dev.dst.node.NodeFactory;
import dev.dst.node.ClientOp;
import dev.dst.workload.Workload;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code broadcast}: Maelstrom's broadcast workload on five nodes (durable, with acknowledged
 * retransmission), three clients broadcasting unique values and reading, under the nemesis.
 * Checked: after the heal every acknowledged message reaches every node (liveness). Reported:
 * messages acknowledged, stable (on every node) and lost, delivery latency from the first node
 * to the last (p50, p95, p99), and rounds (the hop at which the last node learned a message)
 * against ⌈log2 n⌉.
 */
public final class Broadcast implements Scenario {
    public static final String NAME = "broadcast";
    public static final String BUG_NO_RETRANSMIT = "no-retransmit";
    static final int NODES = 5;
    static final Duration FAULT_PHASE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "gossip broadcast (Maelstrom's workload), durable, with acknowledged retransmission; every acknowledged message reaches every node";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(new Bug(BUG_NO_RETRANSMIT, "messages are flooded once and never retransmitted, so a partition loses them"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        boolean retransmit = !options.bugOn(BUG_NO_RETRANSMIT);
        Deliveries deliveries = new Deliveries(NODES, sim::now);
        Workload work = new Workload() {
            @Override
            public ClientOp next(dev.dst.entropy.Entropy e) {
                return e.below(10) == 0 ? new ClientOp("read", null) : new ClientOp("broadcast", e.nextLong() >>> 20);
            }

            @Override
            public long meanIntervalNanos() {
                return 50_000_000L; // about 600 broadcasts a run: enough traffic, cheap seeds
            }
        };
        Cluster.Builder builder = Cluster.on(sim)
                .nodes(NODES, ctx -> new BroadcastNode(ctx, NODES, retransmit, deliveries))
                .workload(3, work)
                .workloadUntil(FAULT_PHASE);
        Cluster cluster = builder.options(options).faultPhase(FAULT_PHASE).build();
        sim.sometimes("a retransmission brought a message the flood had lost", () -> deliveries.throughRetransmission() > 0);

        cluster.runFaultPhase();
        Acknowledged acked = new Acknowledged(cluster);
        try {
            cluster.healAndAwait("every acknowledged message reaches every node",
                    () -> missing(sim, cluster, acked.get()) == 0, Duration.ofSeconds(5));
        } finally {
            report(sim, cluster, deliveries);
        }
    }

    /** The acknowledged messages, recomputed only when the history has grown (the heal checks after every step). */
    private static final class Acknowledged {
        private final Cluster cluster;
        private int historySize = -1;
        private LongArrayList acked;

        Acknowledged(Cluster cluster) {
            this.cluster = cluster;
        }

        LongArrayList get() {
            if (cluster.history().size() != historySize) {
                historySize = cluster.history().size();
                acked = acknowledged(cluster);
            }
            return acked;
        }
    }

    /** Messages whose broadcast was acknowledged to a client. */
    static LongArrayList acknowledged(Cluster cluster) {
        LongArrayList acked = new LongArrayList();
        for (Op op : cluster.history().ops()) {
            if (op.type() == OpType.OK && op.f().equals("broadcast")) {
                acked.add((Long) op.value());
            }
        }
        return acked;
    }

    /** How many (message, node) pairs are missing: acknowledged messages a node does not have (or a node is not up). */
    static int missing(Simulation sim, Cluster cluster, LongArrayList acked) {
        int missing = 0;
        for (int n : cluster.nodes()) {
            BroadcastNode node = sim.isUp(n) ? sim.node(n, BroadcastNode.class) : null;
            for (int i = 0; i < acked.size(); i++) {
                if (node == null || !node.has(acked.getLong(i))) {
                    missing++;
                }
            }
        }
        return missing;
    }

    private static void report(Simulation sim, Cluster cluster, Deliveries deliveries) {
        LongArrayList acked = acknowledged(cluster);
        long stable = 0;
        long[] latencies = new long[acked.size()];
        int[] rounds = new int[acked.size()];
        int k = 0;
        for (int i = 0; i < acked.size(); i++) {
            Deliveries.Message m = deliveries.get(acked.getLong(i));
            if (m == null || Arrays.stream(m.learnedNanos).anyMatch(t -> t < 0)) {
                continue;
            }
            stable++;
            long first = Arrays.stream(m.learnedNanos).min().orElseThrow();
            long last = Arrays.stream(m.learnedNanos).max().orElseThrow();
            latencies[k] = last - first;
            rounds[k] = Arrays.stream(m.hops).max().orElseThrow();
            k++;
        }
        long[] lat = Arrays.copyOf(latencies, k);
        int[] rnd = Arrays.copyOf(rounds, k);
        Arrays.sort(lat);
        Arrays.sort(rnd);
        sim.stat("messages", acked.size() + " acknowledged, " + stable + " stable, " + (acked.size() - stable) + " lost");
        if (k > 0) {
            sim.stat("latency", "p50 " + ms(lat[k / 2]) + ", p95 " + ms(lat[(int) (k * 0.95)]) + ", p99 " + ms(lat[(int) (k * 0.99)]));
            sim.stat("rounds", "median " + rnd[k / 2] + ", max " + rnd[k - 1] + " (log2 n = "
                    + (32 - Integer.numberOfLeadingZeros(NODES - 1)) + ")");
        }
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    /**
     * The scenario's node for a cluster of {@code nodes}, to run outside a simulation (the
     * Maelstrom adapter, the runtime); {@code options} say which planted bug is on.
     */
    public static NodeFactory nodeFactory(int nodes, ScenarioOptions options) {
        boolean retransmit = !options.bugOn(BUG_NO_RETRANSMIT);
        Deliveries deliveries = new Deliveries(nodes, System::nanoTime);
        return ctx -> new BroadcastNode(ctx, nodes, retransmit, deliveries);
    }
}
