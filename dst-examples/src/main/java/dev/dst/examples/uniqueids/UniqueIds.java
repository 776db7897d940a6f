package dev.dst.examples.uniqueids;

import dev.dst.cluster.Cluster;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.sim.Simulation;
import dev.dst.node.NodeFactory;
import dev.dst.node.ClientOp;
import dev.dst.workload.Workload;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

import java.time.Duration;
import java.util.List;

/**
 * {@code unique-ids}: three servers hand out ids without talking to each other; three clients
 * ask for ids under the nemesis. Checked: no id is ever acknowledged twice (across the whole
 * history, at the end), and after the heal every client gets ids again.
 */
public final class UniqueIds implements Scenario {
    public static final String NAME = "unique-ids";
    public static final String BUG_SEQUENCE_NOT_DURABLE = "sequence-not-durable";
    static final Duration FAULT_PHASE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "id generation without coordination (node id and a sequence made durable in blocks); no id twice";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(new Bug(BUG_SEQUENCE_NOT_DURABLE, "the sequence is kept in memory only, so a restarted server reuses ids"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        boolean durable = !options.bugOn(BUG_SEQUENCE_NOT_DURABLE);
        Workload generate = e -> new ClientOp("generate", null);
        Cluster.Builder builder = Cluster.on(sim)
                .nodes(3, ctx -> new IdServer(ctx, durable))
                .workload(3, generate);
        Cluster cluster = builder.options(options).faultPhase(FAULT_PHASE).build();
        sim.endCheck("no id acknowledged twice", () -> duplicate(cluster) == null, () -> duplicate(cluster));
        sim.sometimes("a server restarted", () -> sim.faultCount("restart") > 0);

        cluster.runFaultPhase();
        int before = acknowledged(cluster);
        cluster.healAndAwait("ids are handed out after the heal", () -> acknowledged(cluster) >= before + 10, Duration.ofSeconds(5));
    }

    private static int acknowledged(Cluster cluster) {
        int n = 0;
        for (Op op : cluster.history().ops()) {
            if (op.type() == OpType.OK) {
                n++;
            }
        }
        return n;
    }

    /** The first id acknowledged twice, described, or null. */
    static String duplicate(Cluster cluster) {
        Long2IntOpenHashMap seen = new Long2IntOpenHashMap();
        seen.defaultReturnValue(-1);
        for (Op op : cluster.history().ops()) {
            if (op.type() == OpType.OK && op.value() instanceof Long id) {
                int first = seen.putIfAbsent((long) id, op.index());
                if (first >= 0) {
                    return "id " + (id >>> 40) + ":" + (id & ((1L << 40) - 1)) + " (node:sequence) acknowledged twice: ops "
                            + first + " and " + op.index();
                }
            }
        }
        return null;
    }

    /**
     * The scenario's node for a cluster of {@code nodes}, to run outside a simulation (the
     * Maelstrom adapter, the runtime); {@code options} say which planted bug is on.
     */
    public static NodeFactory nodeFactory(int nodes, ScenarioOptions options) {
        boolean durable = !options.bugOn(BUG_SEQUENCE_NOT_DURABLE);
        return ctx -> new IdServer(ctx, durable);
    }
}
