package dev.dst.net;

import dev.dst.entropy.Entropy;
import dev.dst.sim.Simulation;
import dev.dst.sim.Transport;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The virtual network: a {@link Transport} of directed links between every pair of nodes
 * (clients are nodes too), each with its {@link LinkConfig} and the faults acting on it.
 *
 * <p>A message's fate is decided twice. When it is sent: lost (partition, loss), delayed by a
 * latency drawn from the {@code net} entropy stream (plus a slow-link delay), and perhaps
 * duplicated. When it arrives: lost if its link is cut at that moment or its connection was
 * reset while it was in flight, as with a firewall rule or an address change. Messages to a
 * crashed node are lost and messages to a paused one wait (both done by the kernel).
 *
 * <p>Fault state composes: two partitions that both cut a link keep it cut until both are
 * reverted. Per-link counters (sent, delivered, dropped, duplicated) and per-reason drop
 * counts let a test check that a fault had its effect. Arrays grow with the node count; all
 * state is in primitive arrays, indexed {@code from * capacity + to}.
 */
public final class Network implements Transport {
    /** Why the network lost a message, as counted in {@link #dropsByReason()}. */
    public static final String PARTITIONED = "partitioned";
    public static final String LOST = "lost";
    public static final String RESET = "connection reset";
    /** The connection tag of a late copy ({@link #setReplay}): a stray datagram, delivered whatever resets came since. */
    private static final long LATE = Long.MAX_VALUE;   // generations count up from 0 and never reach it
    /** A late copy arrives 100 ms to 10 s after its original, log-uniformly. */
    static final long LATE_MIN_NANOS = 100_000_000L;
    static final long LATE_MAX_NANOS = 10_000_000_000L;

    private final Simulation sim;
    private final Entropy entropy;
    private LinkConfig defaults;
    private int capacity;
    private LinkConfig[] config;
    private int[] cuts;
    private long[] generation;
    private long[] extraLatencyNanos;
    private long[] senderDelayNanos; // per node, not per link
    private double[] extraLoss;
    private double[] extraDuplication;
    private double[] replay;
    private long[] reverseWindowNanos;
    private long[] flapStartNanos;
    private long[] flapPeriodNanos;
    private long[] lastArrivalNanos;
    private long[] sent;
    private long[] delivered;
    private long[] dropped;
    private long[] duplicated;
    private long[] replayed;
    private final Map<String, Long> dropsByReason = new TreeMap<>();

    private Network(Simulation sim, LinkConfig defaults) {
        this.sim = sim;
        this.entropy = sim.entropy("net");
        this.defaults = defaults;
        allocate(Math.max(8, Integer.highestOneBit(Math.max(1, sim.nodeCount())) << 1));
    }

    /** Creates a network with default links and installs it as the simulation's transport. */
    public static Network install(Simulation sim) {
        return install(sim, LinkConfig.DEFAULT);
    }

    public static Network install(Simulation sim, LinkConfig defaults) {
        Network n = new Network(sim, defaults);
        sim.setTransport(n);
        return n;
    }

    public Simulation simulation() {
        return sim;
    }

    // ------------------------------------------------------------------ configuration

    public LinkConfig defaults() {
        return defaults;
    }

    /** Changes the configuration of every link without its own. */
    public void setDefaults(LinkConfig config) {
        this.defaults = config;
    }

    /** Configures the directed link {@code from -> to}. */
    public void configure(int from, int to, LinkConfig c) {
        config[link(from, to)] = c;
    }

    public LinkConfig config(int from, int to) {
        LinkConfig c = config[link(from, to)];
        return c == null ? defaults : c;
    }

    // ------------------------------------------------------------------ fault state (used by dev.dst.fault)

    /** Cuts the directed link: messages from {@code from} no longer reach {@code to}. Counted: call {@link #heal} once per cut. */
    public void cut(int from, int to) {
        cuts[link(from, to)]++;
    }

    /** Undoes one {@link #cut}. */
    public void heal(int from, int to) {
        int l = link(from, to);
        if (cuts[l] == 0) {
            throw new IllegalStateException("link " + sim.nodeName(from) + " -> " + sim.nodeName(to) + " is not cut");
        }
        cuts[l]--;
    }

    /** True while messages from {@code from} cannot reach {@code to} (a partition, or a flapping link in its down phase). */
    public boolean isCut(int from, int to) {
        return isCut(link(from, to));
    }

    /** Adds delay to every message of the directed link (a slow link); 0 restores it. */
    public void setExtraLatency(int from, int to, long nanos) {
        extraLatencyNanos[link(from, to)] = Math.max(0, nanos);
    }

    /**
     * Adds delay to every message {@code node} sends, on every link, beside any slow link's (a
     * strategy's: {@link dev.dst.strategy.Pct} delays senders by their priority); 0 restores it.
     */
    public void setSenderDelay(int node, long nanos) {
        link(node, node); // grows the arrays for the node
        senderDelayNanos[node] = Math.max(0, nanos);
    }

    public long senderDelay(int node) {
        link(node, node);
        return senderDelayNanos[node];
    }

    /**
     * Reverses the order of the messages sent on the directed link within each window of
     * {@code windowNanos} (a reversing link); 0 restores it.
     */
    public void setReversal(int from, int to, long windowNanos) {
        reverseWindowNanos[link(from, to)] = Math.max(0, windowNanos);
    }

    /** Adds a probability of loss to the directed link (a lossy link); 0 restores it. */
    public void setExtraLoss(int from, int to, double p) {
        extraLoss[link(from, to)] = p;
    }

    /**
     * Keeps, with probability {@code p}, a copy of each message sent on the directed link and
     * delivers it much later (100 ms to 10 s, log-uniform), whatever connection resets or
     * restarts came in between: an old duplicate from a retransmitting middlebox or a replayed
     * datagram. 0 restores the link (copies already kept still arrive).
     */
    public void setReplay(int from, int to, double p) {
        replay[link(from, to)] = p;
    }

    /** How many late copies the directed link has kept so far. */
    public long replayed(int from, int to) {
        return replayed[link(from, to)];
    }

    /** Adds a probability of duplication to the directed link; 0 restores it. */
    public void setExtraDuplication(int from, int to, double p) {
        extraDuplication[link(from, to)] = p;
    }

    /**
     * Makes the directed link flap: cut for a period, up for a period, starting cut now.
     * {@code periodNanos} 0 stops the flapping.
     */
    public void setFlapping(int from, int to, long periodNanos) {
        int l = link(from, to);
        flapPeriodNanos[l] = Math.max(0, periodNanos);
        flapStartNanos[l] = sim.now();
    }

    /** Resets the connection between two nodes: every message in flight between them, both ways, is lost on arrival. */
    public void resetConnection(int a, int b) {
        generation[link(a, b)]++;
        generation[link(b, a)]++;
    }

    // ------------------------------------------------------------------ counters

    public long sent(int from, int to) {
        return sent[link(from, to)];
    }

    /** Messages that reached {@code to}'s host (the kernel may still lose them if it is down). */
    public long delivered(int from, int to) {
        return delivered[link(from, to)];
    }

    public long dropped(int from, int to) {
        return dropped[link(from, to)];
    }

    public long duplicated(int from, int to) {
        return duplicated[link(from, to)];
    }

    public long totalSent() {
        return Arrays.stream(sent).sum();
    }

    public long totalDelivered() {
        return Arrays.stream(delivered).sum();
    }

    public long totalDropped() {
        return Arrays.stream(dropped).sum();
    }

    public long totalDuplicated() {
        return Arrays.stream(duplicated).sum();
    }

    /** Messages the network lost, by reason ({@link #PARTITIONED}, {@link #LOST}, {@link #RESET}). */
    public Map<String, Long> dropsByReason() {
        return new TreeMap<>(dropsByReason);
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public void send(int from, int to, Object message, long payloadHash) {
        int l = link(from, to);
        sent[l]++;
        if (isCut(l)) {
            drop(l, from, to, message, payloadHash, PARTITIONED);
            return;
        }
        LinkConfig c = config[l] == null ? defaults : config[l];
        if (entropy.chance(c.lossProbability() + extraLoss[l])) {
            drop(l, from, to, message, payloadHash, LOST);
            return;
        }
        schedule(l, c, from, to, message, payloadHash);
        if (entropy.chance(c.duplicateProbability() + extraDuplication[l])) {
            duplicated[l]++;
            schedule(l, c, from, to, message, payloadHash);
        }
        if (replay[l] > 0 && entropy.chance(replay[l])) {
            replayed[l]++;
            sim.deliverAfter(c.latency().draw(entropy) + lateNanos(), from, to, message, payloadHash, LATE);
        }
    }

    /** 100 ms to 10 s, log-uniform: as often seconds late as a tenth of a second. */
    private long lateNanos() {
        double span = Math.log((double) LATE_MAX_NANOS / LATE_MIN_NANOS);
        return (long) (LATE_MIN_NANOS * Math.exp(entropy.unit() * span));
    }

    @Override
    public String refuseDelivery(int from, int to, Object message, long tag) {
        if (from < 0) {
            return null; // the test's own requests do not cross the network
        }
        int l = link(from, to);
        if (tag != generation[l] && tag != LATE) {
            count(l, RESET);
            return RESET;
        }
        if (isCut(l)) {
            count(l, PARTITIONED);
            return PARTITIONED;
        }
        delivered[l]++;
        return null;
    }

    private void schedule(int l, LinkConfig c, int from, int to, Object message, long payloadHash) {
        long delay = c.latency().draw(entropy) + extraLatencyNanos[l] + senderDelayNanos[from];
        long window = reverseWindowNanos[l];
        if (window > 0) { // held to the end of its window, and as long again as it was sent before it: the last sent leaves first
            long windowEnd = (sim.now() / window + 1) * window;
            delay += 2 * (windowEnd - sim.now());
        }
        if (c.fifo()) {
            // strictly after the previous message on the link, so the tie-break cannot reorder them
            long at = Math.max(sim.now() + delay, lastArrivalNanos[l] + 1);
            lastArrivalNanos[l] = at;
            delay = at - sim.now();
        }
        sim.deliverAfter(delay, from, to, message, payloadHash, generation[l]);
    }

    private boolean isCut(int l) {
        if (cuts[l] > 0) {
            return true;
        }
        long period = flapPeriodNanos[l];
        return period > 0 && ((sim.now() - flapStartNanos[l]) / period) % 2 == 0;
    }

    private void drop(int l, int from, int to, Object message, long payloadHash, String reason) {
        count(l, reason);
        sim.recordDrop(from, to, message, payloadHash, reason);
    }

    private void count(int l, String reason) {
        dropped[l]++;
        dropsByReason.merge(reason, 1L, Long::sum);
    }

    private int link(int from, int to) {
        if (from < 0 || to < 0 || from >= sim.nodeCount() || to >= sim.nodeCount()) {
            throw new IllegalArgumentException("no link " + from + " -> " + to + ": nodes are 0.." + (sim.nodeCount() - 1));
        }
        if (from >= capacity || to >= capacity) {
            grow(Math.max(from, to) + 1);
        }
        return from * capacity + to;
    }

    /** Fresh arrays for {@code cap} nodes (used once, at construction). */
    private void allocate(int cap) {
        capacity = cap;
        int n = cap * cap;
        config = new LinkConfig[n];
        cuts = new int[n];
        generation = new long[n];
        extraLatencyNanos = new long[n];
        senderDelayNanos = new long[cap];
        extraLoss = new double[n];
        extraDuplication = new double[n];
        replay = new double[n];
        reverseWindowNanos = new long[n];
        flapStartNanos = new long[n];
        flapPeriodNanos = new long[n];
        lastArrivalNanos = new long[n];
        sent = new long[n];
        delivered = new long[n];
        dropped = new long[n];
        duplicated = new long[n];
        replayed = new long[n];
    }

    /** Re-lays every per-link array for a larger capacity, keeping each link's values. */
    private void grow(int needed) {
        int old = capacity;
        int cap = old;
        while (cap < needed) {
            cap *= 2;
        }
        capacity = cap;
        config = regrid(config, old, cap, new LinkConfig[cap * cap]);
        cuts = regrid(cuts, old, cap, new int[cap * cap]);
        generation = regrid(generation, old, cap, new long[cap * cap]);
        extraLatencyNanos = regrid(extraLatencyNanos, old, cap, new long[cap * cap]);
        senderDelayNanos = java.util.Arrays.copyOf(senderDelayNanos, cap);
        extraLoss = regrid(extraLoss, old, cap, new double[cap * cap]);
        extraDuplication = regrid(extraDuplication, old, cap, new double[cap * cap]);
        replay = regrid(replay, old, cap, new double[cap * cap]);
        reverseWindowNanos = regrid(reverseWindowNanos, old, cap, new long[cap * cap]);
        flapStartNanos = regrid(flapStartNanos, old, cap, new long[cap * cap]);
        flapPeriodNanos = regrid(flapPeriodNanos, old, cap, new long[cap * cap]);
        lastArrivalNanos = regrid(lastArrivalNanos, old, cap, new long[cap * cap]);
        sent = regrid(sent, old, cap, new long[cap * cap]);
        delivered = regrid(delivered, old, cap, new long[cap * cap]);
        dropped = regrid(dropped, old, cap, new long[cap * cap]);
        duplicated = regrid(duplicated, old, cap, new long[cap * cap]);
        replayed = regrid(replayed, old, cap, new long[cap * cap]);
    }

    /** Copies row {@code from} of an {@code old}-wide grid into row {@code from} of a {@code cap}-wide one. */
    private static <A> A regrid(A from, int old, int cap, A to) {
        for (int row = 0; row < old; row++) {
            System.arraycopy(from, row * old, to, row * cap, old);
        }
        return to;
    }
}
