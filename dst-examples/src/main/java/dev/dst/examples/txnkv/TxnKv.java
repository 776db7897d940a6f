package dev.dst.examples.txnkv;

import dev.dst.cluster.Cluster;
import dev.dst.elle.ConsistencyModel;
import dev.dst.entropy.Entropy;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.node.ClientOp;
import dev.dst.node.NodeFactory;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;
import dev.dst.workload.Workload;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code txn-kv}: a sharded transactional key-value store of lists. Three shards own the keys
 * ({@code key % 3}), each key a list with its committed versions; a timestamp oracle issues
 * start and commit timestamps; every server coordinates the transactions of the clients that
 * contact it: snapshot reads at the start timestamp, then two-phase commit with first
 * committer wins on the keys appended to and read validation on the keys only read, a durable
 * decision log and presumed abort. Four clients run Elle's list-append workload under the
 * nemesis. Checked: the oracle's timestamps only increase (invariant); after the heal, a
 * transaction with appends commits (liveness); the history is strict-serializable by Elle's
 * list-append checker (end check), whose anomalies, by name, are the planted bugs' findings.
 */
public final class TxnKv implements Scenario {
    public static final String NAME = "txn-kv";
    public static final String BUG_SNAPSHOT_ISOLATION = "snapshot-isolation";
    public static final String BUG_LOST_UPDATE = "lost-update";
    public static final String BUG_READ_UNCOMMITTED = "read-uncommitted";
    public static final String BUG_NON_ATOMIC_COMMIT = "non-atomic-commit";
    /** What the store promises, and the end check holds it to. */
    public static final ConsistencyModel PROMISED = ConsistencyModel.STRICT_SERIALIZABLE;
    static final int SHARDS = 3;
    static final int ORACLE = SHARDS; // the node after the shards
    static final int CLIENTS = 4;
    static final int KEYS = 6;              // keys in use at once
    static final int WRITES_PER_KEY = 24;   // appends after which a key is retired and a fresh one takes its place
    static final int MAX_MICRO_OPS = 4;
    static final long CLIENT_INTERVAL_NANOS = 10_000_000L;
    static final Duration FAULT_PHASE = Duration.ofSeconds(5);
    static final Duration HEAL_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "sharded transactional key-value store of lists (timestamp oracle, snapshot reads, two-phase commit with "
                + "first committer wins and read validation); Elle's list-append checker on the history, strict-serializable";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(
                new Bug(BUG_SNAPSHOT_ISOLATION, "prepare skips read validation: snapshot isolation sold as serializable (write skew)"),
                new Bug(BUG_LOST_UPDATE, "prepare skips first committer wins: a key appended to since the snapshot is not a conflict"),
                new Bug(BUG_READ_UNCOMMITTED, "reads include prepared transactions' appends, which may still abort"),
                new Bug(BUG_NON_ATOMIC_COMMIT, "a commit not acknowledged by every shard by the deadline is rolled back where it can be and reported failed"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        Shard.Config isolation = new Shard.Config(options.bugOn(BUG_SNAPSHOT_ISOLATION), options.bugOn(BUG_LOST_UPDATE),
                options.bugOn(BUG_READ_UNCOMMITTED));
        Coordinator.Config coordination = new Coordinator.Config(SHARDS, ORACLE, options.bugOn(BUG_NON_ATOMIC_COMMIT));
        Observer observer = new Observer();
        NodeFactory server = ctx -> new TxnNode(ctx, coordination, isolation, observer);
        Cluster cluster = Cluster.on(sim)
                .nodes(SHARDS, "s", server)
                .nodes(1, "tso", server)
                .workload(CLIENTS, new ListAppendWorkload())
                .workloadUntil(FAULT_PHASE.plus(HEAL_TIMEOUT)) // clients keep going through the heal: progress needs them
                .options(options).faultPhase(FAULT_PHASE).build();
        sim.invariant("the oracle's timestamps only increase", () -> observer.repeatedTimestamp() == null, observer::repeatedTimestamp);
        sim.sometimes("first committer wins refused a prepare", () -> observer.refusals(Shard.Conflict.WRITE_WRITE) > 0);
        sim.sometimes("read validation refused a prepare", () -> observer.refusals(Shard.Conflict.READ_VALIDATION) > 0);
        sim.sometimes("a read waited for a prepared writer", () -> observer.blockedReads() > 0);
        sim.sometimes("a shard resolved an in-doubt transaction by asking its coordinator", () -> observer.resolutions() > 0);
        ElleEndCheck elle = ElleEndCheck.register(sim, cluster::history, PROMISED);

        cluster.runFaultPhase();
        PostHealCommit progress = new PostHealCommit(cluster.history());
        try {
            cluster.healAndAwait("a transaction with appends invoked after the heal commits", progress::done, HEAL_TIMEOUT);
        } finally {
            report(sim, cluster, observer, elle);
        }
    }

    /**
     * Elle's list-append transactions: 1 to {@value #MAX_MICRO_OPS} micro-ops, each a read or an
     * append (half each) of one of {@value #KEYS} keys in use; elements are unique in the run
     * (1, 2, 3 ...). A key that has had {@value #WRITES_PER_KEY} appends is retired and a fresh
     * key takes its place (as Jepsen's generator does), so lists stay short and reads cheap.
     */
    static final class ListAppendWorkload implements Workload {
        private final long[] keys = new long[KEYS];
        private final int[] appends = new int[KEYS];
        private long nextKey;
        private long nextElement;

        ListAppendWorkload() {
            for (int i = 0; i < KEYS; i++) {
                keys[i] = nextKey++;
            }
        }

        @Override
        public ClientOp next(Entropy e) {
            int n = 1 + e.below(MAX_MICRO_OPS);
            List<Object> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int slot = e.below(KEYS);
                if (e.chance(0.5)) {
                    ops.add(List.of("append", keys[slot], ++nextElement));
                    appends[slot]++;
                } else {
                    ops.add(Arrays.asList("r", keys[slot], null));
                }
            }
            for (int slot = 0; slot < KEYS; slot++) {
                if (appends[slot] >= WRITES_PER_KEY) {
                    keys[slot] = nextKey++;
                    appends[slot] = 0;
                }
            }
            return new ClientOp("txn", Collections.unmodifiableList(ops));
        }

        @Override
        public long meanIntervalNanos() {
            return CLIENT_INTERVAL_NANOS;
        }
    }

    /**
     * Whether a transaction with an append, invoked after this object was made (the heal), has
     * completed ok. Reads the history incrementally, since the heal asks after every step.
     */
    static final class PostHealCommit {
        private final History history;
        private final Int2ObjectOpenHashMap<Op> open = new Int2ObjectOpenHashMap<>(); // looked up, never iterated
        private int seen;
        private boolean committed;

        PostHealCommit(History history) {
            this.history = history;
            this.seen = history.size();
        }

        boolean done() {
            List<Op> ops = history.ops();
            for (; seen < ops.size() && !committed; seen++) {
                Op op = ops.get(seen);
                if (op.isNemesis()) {
                    continue;
                }
                if (op.type() == OpType.INVOKE) {
                    open.put(op.process(), op);
                } else {
                    Op inv = open.remove(op.process());
                    committed = inv != null && op.type() == OpType.OK && hasAppend(inv.value());
                }
            }
            return committed;
        }

        private static boolean hasAppend(Object txn) {
            if (txn instanceof List<?> ops) {
                for (Object m : ops) {
                    if (m instanceof List<?> micro && "append".equals(micro.get(0))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static void report(Simulation sim, Cluster cluster, Observer observer, ElleEndCheck elle) {
        long ok = 0;
        long fail = 0;
        long info = 0;
        for (Op op : cluster.history().ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.OK) {
                ok++;
            } else if (op.type() == OpType.FAIL) {
                fail++;
            } else if (op.type() == OpType.INFO) {
                info++;
            }
        }
        sim.stat("transactions", ok + " ok, " + fail + " fail, " + info + " info");
        sim.stat("commits decided", observer.decisions());
        sim.stat("commits applied by shards", observer.applications());
        sim.stat("prepares refused", observer.refusals().toString());
        sim.stat("reads that waited for a prepared writer", observer.blockedReads());
        sim.stat("in-doubt transactions resolved by asking the coordinator", observer.resolutions());
        if (observer.rollbacks() > 0) {
            sim.stat("decided commits rolled back", observer.rollbacks());
        }
        elle.result(); // sets the elle stat; the end check reuses the result
    }
}
