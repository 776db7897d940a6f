package dev.dst.examples.kafkalog;

import dev.dst.checker.AppendLogChecker;
import dev.dst.cluster.Cluster;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.history.OpType;
import dev.dst.sim.Simulation;
import dev.dst.node.NodeFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code kafka-log}: Maelstrom's kafka workload on three replicas of a log per key (fixed
 * leader per key, group commit, replication to a majority before a send is acknowledged,
 * committed consumer offsets), three clients sending, polling and committing on four keys,
 * under the nemesis. Checked: dst's append-only log checker on the history (offsets monotonic,
 * no two messages at one offset, nothing acknowledged skipped by polls), every acknowledged
 * send in its leader's final log at its offset, polls without gaps, committed offsets never
 * going back, followers' logs prefixes of the leader's (every step), and after the heal a send
 * acknowledged and polled back (liveness).
 */
public final class KafkaLog implements Scenario {
    public static final String NAME = "kafka-log";
    public static final String BUG_ACK_BEFORE_QUORUM = "ack-before-quorum";
    static final int REPLICAS = 3;
    static final int CLIENTS = 3;
    static final List<String> KEYS = List.of("k0", "k1", "k2", "k3");
    static final Duration FAULT_PHASE = Duration.ofSeconds(10);
    static final int LAG = 20;
    /** The end checks a lost acknowledged send fails (named here for tests). */
    public static final String LOG_CHECKER = "append-only log checker";
    public static final String ACKED_IN_LOG = "acknowledged sends are in the final log at their offsets";
    static final Duration HEAL_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "replicated append-only log per key (Maelstrom's kafka workload): fixed leaders, majority replication; "
                + "no acknowledged message lost, monotonic offsets, polls without gaps";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(new Bug(BUG_ACK_BEFORE_QUORUM,
                "the leader acknowledges a send once appended, before its fsync and before a majority holds it"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        boolean bug = options.bugOn(BUG_ACK_BEFORE_QUORUM);
        KafkaWorkload work = new KafkaWorkload(KEYS, CLIENTS);
        Cluster.Builder builder = Cluster.on(sim)
                .nodes(REPLICAS, ctx -> new LogNode(ctx, REPLICAS, bug))
                .workload(CLIENTS, work);
        Cluster cluster = builder.options(options).faultPhase(FAULT_PHASE).build();
        work.attach(cluster.history());
        sim.invariant("followers' logs are prefixes of their leader's", () -> LogChecks.followersArePrefixes(sim, cluster) == null,
                () -> LogChecks.followersArePrefixes(sim, cluster));
        sim.sometimes("a follower is " + LAG + "+ entries behind its leader", () -> followerLags(sim, cluster));
        registerEndChecks(sim, cluster);

        cluster.runFaultPhase();
        LogChecks.Progress progress = new LogChecks.Progress(cluster.history());
        try {
            cluster.healAndAwait("a send acknowledged after the heal is polled back", progress::made, HEAL_TIMEOUT);
        } finally {
            report(sim, cluster);
        }
    }

    private static void registerEndChecks(Simulation sim, Cluster cluster) {
        Supplier<AppendLogChecker.Result> checked = memo(() -> AppendLogChecker.check(cluster.history()));
        sim.endCheck(LOG_CHECKER, () -> checked.get().valid(), () -> explain(checked.get()));
        sim.endCheck(ACKED_IN_LOG,
                () -> LogChecks.acknowledgedSendsInLog(sim, cluster) == null, () -> LogChecks.acknowledgedSendsInLog(sim, cluster));
        sim.endCheck("polls return consecutive offsets", () -> LogChecks.pollsWithoutGaps(cluster.history()) == null,
                () -> LogChecks.pollsWithoutGaps(cluster.history()));
        sim.endCheck("committed offsets never go back", () -> LogChecks.committedOffsetsNeverGoBack(cluster.history()) == null,
                () -> LogChecks.committedOffsetsNeverGoBack(cluster.history()));
    }

    private static <T> Supplier<T> memo(Supplier<T> s) {
        Object[] box = new Object[1];
        return () -> {
            if (box[0] == null) {
                box[0] = s.get();
            }
            @SuppressWarnings("unchecked") T t = (T) box[0];
            return t;
        };
    }

    private static String explain(AppendLogChecker.Result r) {
        StringBuilder sb = new StringBuilder(r.summary());
        for (List<AppendLogChecker.Anomaly> list : List.of(r.nonMonotonic(), r.inconsistent(), r.lost())) {
            list.stream().limit(3).forEach(a -> sb.append("; ").append(a.kind()).append(' ').append(a.key()).append(": ").append(a.detail()));
        }
        return sb.toString();
    }

    /** Some up follower holds at least {@link #LAG} fewer entries of a key than its up leader: it has catching up to do. */
    static boolean followerLags(Simulation sim, Cluster cluster) {
        for (String key : KEYS) {
            int leader = cluster.nodes().get(LogNode.leaderOf(key, REPLICAS));
            if (!sim.isUp(leader)) {
                continue;
            }
            long length = sim.node(leader, LogNode.class).peek(key).size();
            for (int n : cluster.nodes()) {
                if (n != leader && sim.isUp(n) && sim.node(n, LogNode.class).peek(key).size() + LAG <= length) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void report(Simulation sim, Cluster cluster) {
        long sends = 0;
        long acked = 0;
        long polls = 0;
        long polledRecords = 0;
        for (LogChecks.Done d : LogChecks.completed(cluster.history())) {
            boolean ok = d.completion().type() == OpType.OK;
            if (d.invoke().f().equals("send")) {
                sends++;
                acked += ok ? 1 : 0;
            } else if (d.invoke().f().equals("poll") && ok) {
                polls++;
                for (Object records : ((Map<?, ?>) d.completion().value()).values()) {
                    polledRecords += ((List<?>) records).size();
                }
            }
        }
        sim.stat("sends", sends + " completed, " + acked + " acknowledged");
        sim.stat("polls", polls + " ok, " + polledRecords + " records read");
    }

    /**
     * The scenario's node for a cluster of {@code nodes}, to run outside a simulation (the
     * Maelstrom adapter, the runtime); {@code options} say which planted bug is on.
     */
    public static NodeFactory nodeFactory(int nodes, ScenarioOptions options) {
        boolean bug = options.bugOn(BUG_ACK_BEFORE_QUORUM);
        return ctx -> new LogNode(ctx, nodes, bug);
    }
}
