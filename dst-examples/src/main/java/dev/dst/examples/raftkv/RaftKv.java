package dev.dst.examples.raftkv;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Entropy;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.linearizability.LinearizabilityCheck;
import dev.dst.linearizability.Models;
import dev.dst.sim.Simulation;
import dev.dst.node.NodeFactory;
import dev.dst.node.ClientOp;
import dev.dst.workload.Workload;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code raft-kv}: a five-node Raft key-value store, three clients doing get, put and cas on
 * {@value #KEYS} keys under the nemesis (with swarm or combined faults, also the
 * {@link ElectionNemesis}). Checked after every step: one leader per term, one vote per server
 * per term, committed entries cannot be lost, log matching, leader completeness, state-machine
 * safety (all by {@link RaftObserver}); after the
 * heal, a leader exists and a new client command commits (liveness); at the end, the client
 * history is linearizable (model {@code kv}, per key).
 */
public final class RaftKv implements Scenario {
    public static final String NAME = "raft-kv";
    public static final String BUG_DUPLICATE_VOTES = "duplicate-votes";
    public static final String BUG_COMMIT_OLD_TERM = "commit-old-term";
    public static final String BUG_VOTE_WITHOUT_FSYNC = "vote-without-fsync";
    public static final String BUG_STALE_READ = "stale-read";
    static final int NODES = 5;
    static final int CLIENTS = 3;
    static final int KEYS = 3;
    static final long CLIENT_INTERVAL_NANOS = 20_000_000L;
    static final Duration DEFAULT_FAULT_PHASE = Duration.ofSeconds(10);
    static final Duration HEAL_DEADLINE = Duration.ofSeconds(10);

    private final Duration faultPhase;

    public RaftKv() {
        this(DEFAULT_FAULT_PHASE);
    }

    /** With a fault phase other than the default 10 s (the bench runs 60 s). */
    public RaftKv(Duration faultPhase) {
        this.faultPhase = faultPhase;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Raft (election, replication, durable term/vote/log, read index) with a key-value state machine; "
                + "Raft's safety invariants every step, a linearizable client history";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(
                new Bug(BUG_DUPLICATE_VOTES, "a candidate counts a peer's vote again when the grant arrives twice"),
                new Bug(BUG_COMMIT_OLD_TERM, "a leader commits an earlier term's entry by counting replicas (Raft's Figure 8)"),
                new Bug(BUG_VOTE_WITHOUT_FSYNC, "a vote is written but not fsynced before it is answered (needs power loss)"),
                new Bug(BUG_STALE_READ, "a leader answers gets from its state machine without confirming it is still leader"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        RaftNode.Bugs bugs = new RaftNode.Bugs(options.bugOn(BUG_DUPLICATE_VOTES), options.bugOn(BUG_COMMIT_OLD_TERM),
                options.bugOn(BUG_VOTE_WITHOUT_FSYNC), options.bugOn(BUG_STALE_READ));
        RaftObserver observer = new RaftObserver(NODES, sim::nodeName);
        Cluster.Builder builder = Cluster.on(sim)
                .nodes(NODES, ctx -> new RaftNode(ctx, NODES, bugs, observer))
                .workload(CLIENTS, workload())
                .workloadUntil(faultPhase.plus(HEAL_DEADLINE)); // clients keep going through the heal: progress needs them
        Cluster cluster = builder.options(options).faultPhase(faultPhase).build();
        if (options.faults().equals("swarm") || options.faults().equals("combined")) {
            observer.nemesis = new ElectionNemesis(sim, cluster, sim.now() + faultPhase.toNanos());
        }
        safety(sim, observer);
        sim.sometimes("a second leader was elected", () -> observer.elections > 1);
        sim.sometimes("a follower truncated a conflicting suffix of its log", () -> observer.truncations > 0);
        LinearizabilityCheck linearizable = cluster.checkLinearizable(Models.keyValue(0L));

        cluster.runFaultPhase();
        long commitsAtHeal = observer.clientCommits;
        try {
            cluster.healAndAwait("a leader exists and commits", () -> leader(sim, cluster) >= 0 && observer.clientCommits > commitsAtHeal,
                    HEAL_DEADLINE);
        } finally {
            report(sim, cluster, observer, linearizable);
        }
    }

    /** Raft's safety properties, checked after every step from what the nodes report to {@code observer}. */
    static void safety(Simulation sim, RaftObserver observer) {
        sim.invariant("one leader per term", () -> observer.twoLeaders == null, () -> observer.twoLeaders);
        sim.invariant("one vote per server per term", () -> observer.twoVotes == null, () -> observer.twoVotes);
        sim.invariant("committed entries cannot be lost (no server lacking one is electable)",
                () -> observer.committedLosable == null, () -> observer.committedLosable);
        sim.invariant("log matching", () -> observer.logMismatch == null, () -> observer.logMismatch);
        sim.invariant("leader completeness", () -> observer.leaderIncomplete == null, () -> observer.leaderIncomplete);
        sim.invariant("state-machine safety", () -> observer.applyMismatch == null, () -> observer.applyMismatch);
    }

    /**
     * Gets, puts and cas on a few keys, values 0..4: few enough that operations collide and reads
     * constrain. One operation per client every {@value #CLIENT_INTERVAL_NANOS} ns on average:
     * four in five go to a follower and bounce, so a faster rate mostly adds bounces.
     */
    static Workload workload() {
        return new Workload() {
            @Override
            public ClientOp next(Entropy e) {
                long key = e.below(KEYS);
                return switch (e.below(10)) {
                    case 0, 1, 2, 3 -> new ClientOp("get", Arrays.asList(key, null));
                    case 4, 5, 6 -> new ClientOp("put", List.of(key, (long) e.below(5)));
                    default -> new ClientOp("cas", List.of(key, List.of((long) e.below(5), (long) e.below(5))));
                };
            }

            @Override
            public long meanIntervalNanos() {
                return CLIENT_INTERVAL_NANOS;
            }
        };
    }

    /** An up server that is leader (the first, in address order), or -1. */
    static int leader(Simulation sim, Cluster cluster) {
        for (int n : cluster.nodes()) {
            if (sim.isUp(n) && sim.node(n, RaftNode.class).role() == RaftNode.Role.LEADER) {
                return n;
            }
        }
        return -1;
    }

    private static void report(Simulation sim, Cluster cluster, RaftObserver observer, LinearizabilityCheck linearizable) {
        long maxTerm = 0;
        for (int n : cluster.nodes()) {
            if (sim.isUp(n)) {
                maxTerm = Math.max(maxTerm, sim.node(n, RaftNode.class).currentTerm());
            }
        }
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
        sim.stat("terms", maxTerm);
        sim.stat("committed", observer.committedIndex() + " entries, " + observer.clientCommits + " client commands");
        sim.stat("client ops", ok + " ok, " + fail + " fail, " + info + " info");
        linearizable.result(); // sets the linearizable stat; the check runs once, and its end check reuses the result
    }

    /**
     * The scenario's node for a cluster of {@code nodes}, to run outside a simulation (the
     * Maelstrom adapter, the runtime); {@code options} say which planted bug is on.
     */
    public static NodeFactory nodeFactory(int nodes, ScenarioOptions options) {
        RaftNode.Bugs bugs = new RaftNode.Bugs(options.bugOn(BUG_DUPLICATE_VOTES), options.bugOn(BUG_COMMIT_OLD_TERM),
                options.bugOn(BUG_VOTE_WITHOUT_FSYNC), options.bugOn(BUG_STALE_READ));
        RaftObserver observer = new RaftObserver(nodes, i -> "n" + i); // sees this process's node only: its checks are the simulation's
        return ctx -> new RaftNode(ctx, nodes, bugs, observer);
    }
}
