package dev.dst.testnodes;

import dev.dst.cluster.Cluster;
import dev.dst.fault.Fault;
import dev.dst.fault.FaultLog;
import dev.dst.fault.World;
import dev.dst.net.Latency;
import dev.dst.net.LinkConfig;
import dev.dst.net.Network;
import dev.dst.sim.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small cluster of {@link Chatter} nodes named n0, n1 ... on one simulation, with its fault log. */
public final class Fixture {
    public static final long MS = 1_000_000L;
    /** Fixed 1 ms links: exact times, no reordering. */
    public static final LinkConfig ONE_MS = new LinkConfig(new Latency.Fixed(MS), 0, 0, false);

    public final Simulation sim;
    public final Cluster cluster;
    public final Recorder rec;

    private Fixture(Simulation sim, Cluster cluster, Recorder rec) {
        this.sim = sim;
        this.cluster = cluster;
        this.rec = rec;
    }

    /** {@code n} chatters each pinging every other node every {@code intervalNanos} (0: only on request). */
    public static Fixture chatters(long seed, int n, LinkConfig links, long intervalNanos) {
        Simulation sim = Simulation.create(seed);
        Recorder rec = new Recorder(sim);
        List<Integer> all = range(n);
        Cluster c = Cluster.on(sim)
                .links(links)
                .nodes(n, ctx -> new Chatter(ctx, rec, all, intervalNanos))
                .build();
        return new Fixture(sim, c, rec);
    }

    /** Five chatters on fixed 1 ms links, pinging every 10 ms. */
    public static Fixture five(long seed) {
        return chatters(seed, 5, ONE_MS, 10 * MS);
    }

    public static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    public Network network() {
        return cluster.network();
    }

    public FaultLog faults() {
        return cluster.faults();
    }

    public World world() {
        return cluster.world();
    }

    public void apply(Fault f) {
        faults().apply(f);
    }

    public void revert(Fault f) {
        faults().revert(f);
    }

    /** Runs until simulated time {@code atNanos}. */
    public void runTo(long atNanos) {
        sim.runForNanos(atNanos - sim.now());
    }

    public void runFor(long nanos) {
        sim.runFor(Duration.ofNanos(nanos));
    }

    public Chatter node(int id) {
        return sim.node(id, Chatter.class);
    }

    /** Pings from {@code from} to {@code to} sent in [start, end) that were delivered. */
    public int delivered(int from, int to, long start, long end) {
        return rec.sentBetween(from, to, start, end).size();
    }

    /** Pings delivered to {@code to} from {@code from} with a receive time in [start, end). */
    public int arrived(int from, int to, long start, long end) {
        return rec.received(r -> r.from() == from && r.to() == to && r.receivedAtNanos() >= start && r.receivedAtNanos() < end).size();
    }
}
