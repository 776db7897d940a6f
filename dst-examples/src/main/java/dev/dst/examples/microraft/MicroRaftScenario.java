package dev.dst.examples.microraft;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Entropy;
import dev.dst.examples.microraft.KvOps.NodeEndpoint;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.hosted.HostedNode;
import dev.dst.linearizability.Linearizability;
import dev.dst.linearizability.LinearizabilityCheck;
import dev.dst.linearizability.Models;
import dev.dst.node.ClientOp;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;
import dev.dst.workload.Workload;
import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftRole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code microraft}: the MicroRaft library (io.microraft:microraft 0.7, unmodified, from Maven
 * Central) as five servers of a replicated key-value store, three clients doing puts, cas,
 * linearizable reads and leader-lease reads on {@value #KEYS} keys, under the nemesis. The
 * library gets the host's executor, clock and randomness, a transport over the simulated
 * network and a store on the node's storage; snapshots every {@value #SNAPSHOT_EVERY} commits.
 * Lease reads are held to what MicroRaft promises for them, which is not linearizability
 * ({@link LeaseReads}).
 * Checked after every step: one leader per term, committed entries and applied commands the
 * same on every node ({@link RaftWatch}); after the heal: a leader, a new commit and every
 * replica caught up; at the end: a linearizable client history (model {@code kv}, per key).
 */
public final class MicroRaftScenario implements Scenario {
    public static final String NAME = "microraft";
    static final int NODES = 5;
    static final int CLIENTS = 3;
    static final int KEYS = 3;
    static final int SNAPSHOT_EVERY = 20;
    static final long CLIENT_INTERVAL_NANOS = 20_000_000L;
    static final Duration DEFAULT_FAULT_PHASE = Duration.ofSeconds(10);
    static final Duration HEAL_DEADLINE = Duration.ofSeconds(15);
    static final Duration SUPERVISOR_DELAY = Duration.ofSeconds(1);

    private final Duration faultPhase;

    public MicroRaftScenario() {
        this(DEFAULT_FAULT_PHASE);
    }

    /** With a fault phase other than the default 10 s (the bench runs 60 s). */
    public MicroRaftScenario(Duration faultPhase) {
        this.faultPhase = faultPhase;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the MicroRaft library (0.7, unmodified) under dst: executor, clock, randomness, transport and store handed to it;"
                + " Raft's safety every step, a linearizable history with lease reads";
    }

    /** Timeouts scaled to the 10 s fault phase: an election in under a second, a dead leader noticed in two. */
    static RaftConfig config() {
        return RaftConfig.newBuilder()
                .setLeaderElectionTimeoutMillis(500)
                .setLeaderHeartbeatPeriodSecs(1)
                .setLeaderHeartbeatTimeoutSecs(2)
                .setCommitCountToTakeSnapshot(SNAPSHOT_EVERY)
                .setRaftNodeReportPublishPeriodSecs(60)
                .build();
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        RaftWatch watch = new RaftWatch(NODES, sim::nodeName);
        List<RaftEndpoint> members = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            members.add(new NodeEndpoint(i)); // the cluster adds its servers first: addresses 0..4
        }
        RaftConfig config = config();
        Cluster cluster = Cluster.on(sim)
                .nodes(NODES, HostedNode.of(host -> RaftServer.start(host, members, config, watch, id -> supervise(sim, id))))
                .workload(CLIENTS, workload())
                .workloadUntil(faultPhase.plus(HEAL_DEADLINE))
                .options(options)
                .faultPhase(faultPhase)
                .build();
        sim.invariant("one leader per term", () -> {
            for (int n : cluster.nodes()) {
                RaftServer s = HostedNode.component(sim, n, RaftServer.class);
                watch.observe(n, s == null ? null : s.raft);
            }
            return watch.twoLeaders == null;
        }, () -> watch.twoLeaders);
        sim.invariant("committed entries agree on every node", () -> watch.committedMismatch == null, () -> watch.committedMismatch);
        sim.invariant("applied commands agree on every node", () -> watch.appliedMismatch == null, () -> watch.appliedMismatch);
        sim.sometimes("a second leader was elected", () -> watch.elections > 1);
        sim.sometimes("a snapshot was installed", () -> watch.snapshotsInstalled > 0);
        LinearizabilityCheck linearizable = cluster.checkLinearizable(LeaseReads.skipping(Models.keyValue(0L)));
        sim.endCheck("lease reads return a value written to their key", () -> LeaseReads.readsWrittenValues(cluster.history()) == null,
                () -> LeaseReads.readsWrittenValues(cluster.history()));

        cluster.runFaultPhase();
        long commitsAtHeal = watch.clientCommits;
        try {
            cluster.healAndAwait("a leader, a new commit and every replica caught up",
                    () -> watch.clientCommits > commitsAtHeal && caughtUp(sim, cluster), HEAL_DEADLINE);
        } finally {
            report(sim, cluster, watch, linearizable);
        }
    }

    /** A process supervisor (systemd's Restart=on-failure, RestartSec=1): a server that exited starts again a second later. */
    static void supervise(Simulation sim, int id) {
        sim.schedule(SUPERVISOR_DELAY, "the supervisor restarts " + sim.nodeName(id), () -> {
            if (sim.isCrashed(id)) {
                sim.restart(id);
            }
        });
    }

    /** A leader exists and every server is up and has applied what the leader committed. */
    static boolean caughtUp(Simulation sim, Cluster cluster) {
        RaftServer leader = null;
        for (int n : cluster.nodes()) {
            RaftServer s = HostedNode.component(sim, n, RaftServer.class);
            if (s == null) {
                return false;
            }
            if (s.raft.state().role() == RaftRole.LEADER) {
                leader = s;
            }
        }
        if (leader == null) {
            return false;
        }
        long commit = leader.raft.state().commitIndex();
        for (int n : cluster.nodes()) {
            if (HostedNode.component(sim, n, RaftServer.class).raft.state().lastApplied() < commit) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts, cas, linearizable gets and leader-lease reads ({@value LeaseReads#F}) on a few keys, values 0..4: few enough
     * that operations collide and reads constrain.
     */
    static Workload workload() {
        return new Workload() {
            @Override
            public ClientOp next(Entropy e) {
                long key = e.below(KEYS);
                return switch (e.below(10)) {
                    case 0, 1 -> new ClientOp("get", Arrays.asList(key, null));
                    case 2, 3 -> new ClientOp(LeaseReads.F, Arrays.asList(key, null));
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

    private static void report(Simulation sim, Cluster cluster, RaftWatch watch, LinearizabilityCheck linearizable) {
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
        sim.stat("terms", watch.maxTerm);
        sim.stat("elections", watch.elections);
        sim.stat("committed", watch.clientCommits + " client commands");
        sim.stat("snapshots installed", watch.snapshotsInstalled);
        if (watch.storeOverwrites > 0) {
            sim.stat("store overwrites", watch.storeOverwrites + " (a truncation MicroRaft applied in memory had failed on disk)");
        }
        sim.stat("client ops", ok + " ok, " + fail + " fail, " + info + " info");
        linearizable.result();
        // for information (MicroRaft does not promise it): would the history be linearizable with its lease reads in it?
        sim.stat("with lease reads", Linearizability.check(cluster.history(), LeaseReads.asReads(Models.keyValue(0L)), LinearizabilityCheck.DEFAULT_OPTIONS)
                .verdict());
    }
}
