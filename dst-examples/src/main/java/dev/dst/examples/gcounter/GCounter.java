package dev.dst.examples.gcounter;

import dev.dst.cluster.Cluster;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.sim.Simulation;
import dev.dst.workload.Workload;
import dev.dst.node.NodeFactory;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;

import java.time.Duration;
import java.util.List;

/**
 * {@code g-counter}: three replicas of a grow-only counter CRDT, three clients adding and
 * reading under the nemesis. Checked: no read ever returns more than was added (counting adds
 * whose outcome is unknown), the replicas converge after the heal, and the converged value
 * lies between the acknowledged adds and the acknowledged plus the unknown ones.
 */
public final class GCounter implements Scenario {
    public static final String NAME = "g-counter";
    public static final String BUG_MERGE_ADDS = "merge-adds";
    static final int REPLICAS = 3;
    static final Duration FAULT_PHASE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "grow-only counter CRDT with anti-entropy gossip; reads within bounds, convergence to the acknowledged sum";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(new Bug(BUG_MERGE_ADDS, "merging adds the entries instead of taking the maximum"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        boolean bug = options.bugOn(BUG_MERGE_ADDS);
        Cluster.Builder builder = Cluster.on(sim)
                .nodes(REPLICAS, ctx -> new CounterNode(ctx, REPLICAS, bug))
                .workload(3, Workload.counter())
                .workloadUntil(FAULT_PHASE);
        Cluster cluster = builder.options(options).faultPhase(FAULT_PHASE).build();
        sim.endCheck("reads never exceed what was added", () -> readAboveBound(cluster) == null, () -> readAboveBound(cluster));
        sim.sometimes("replicas disagree", () -> !converged(sim, cluster));

        cluster.runFaultPhase();
        cluster.healAndAwait("replicas converge after the heal", () -> converged(sim, cluster), Duration.ofSeconds(5));
        sim.endCheck("the converged value is the acknowledged sum", () -> valueOutOfBounds(sim, cluster) == null,
                () -> valueOutOfBounds(sim, cluster));
    }

    static boolean converged(Simulation sim, Cluster cluster) {
        List<Long> first = null;
        for (int n : cluster.nodes()) {
            if (!sim.isUp(n)) {
                return false;
            }
            List<Long> v = sim.node(n, CounterNode.class).vector();
            if (first == null) {
                first = v;
            } else if (!first.equals(v)) {
                return false;
            }
        }
        return true;
    }

    /** The sum of adds acknowledged, and of adds whose outcome is unknown. */
    private static long[] addSums(Cluster cluster) {
        Int2ObjectOpenHashMap<Op> open = new Int2ObjectOpenHashMap<>();
        long ok = 0;
        long unknown = 0;
        for (Op op : cluster.history().ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), op);
                continue;
            }
            Op inv = open.remove(op.process());
            if (inv != null && inv.f().equals("add")) {
                if (op.type() == OpType.OK) {
                    ok += (Long) inv.value();
                } else if (op.type() == OpType.INFO) {
                    unknown += (Long) inv.value();
                }
            }
        }
        for (Op inv : open.values()) {
            if (inv.f().equals("add")) {
                unknown += (Long) inv.value();
            }
        }
        return new long[] {ok, unknown};
    }

    static String valueOutOfBounds(Simulation sim, Cluster cluster) {
        long[] sums = addSums(cluster);
        long value = sim.node(cluster.nodes().get(0), CounterNode.class).value();
        if (value < sums[0] || value > sums[0] + sums[1]) {
            return "converged value " + value + " is outside [" + sums[0] + ", " + (sums[0] + sums[1])
                    + "] (acknowledged adds, plus adds of unknown outcome)";
        }
        return null;
    }

    /** The first read whose value exceeds every add invoked before it completed, described, or null. */
    static String readAboveBound(Cluster cluster) {
        long invoked = 0;
        Int2ObjectOpenHashMap<Op> open = new Int2ObjectOpenHashMap<>();
        Int2ObjectOpenHashMap<Op> failedAdds = new Int2ObjectOpenHashMap<>();
        for (Op op : cluster.history().ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), op);
                if (op.f().equals("add")) {
                    invoked += (Long) op.value();
                }
                continue;
            }
            Op inv = open.remove(op.process());
            if (inv == null) {
                continue;
            }
            if (inv.f().equals("add") && op.type() == OpType.FAIL) {
                invoked -= (Long) inv.value(); // a failed add never happened
                failedAdds.put(op.index(), op);
            } else if (inv.f().equals("read") && op.type() == OpType.OK && (Long) op.value() > invoked) {
                return "read " + op.value() + " (op " + op.index() + ") exceeds the " + invoked + " added before it completed";
            }
        }
        return null;
    }

    /**
     * The scenario's node for a cluster of {@code nodes}, to run outside a simulation (the
     * Maelstrom adapter, the runtime); {@code options} say which planted bug is on.
     */
    public static NodeFactory nodeFactory(int nodes, ScenarioOptions options) {
        boolean bug = options.bugOn(BUG_MERGE_ADDS);
        return ctx -> new CounterNode(ctx, nodes, bug);
    }
}
