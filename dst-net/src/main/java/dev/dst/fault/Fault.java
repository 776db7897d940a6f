package dev.dst.fault;

import dev.dst.trace.Durations;

import java.util.ArrayList;
import java.util.List;

/**
 * One fault primitive, as a value: its targets and parameters. {@link #apply} injects it and
 * {@link #revert} takes it back; an {@linkplain #instantaneous() instantaneous} fault (a
 * restart, a clock jump, a connection reset) has nothing to revert. Every application shows in
 * the trace (the kernel's own records for node and clock faults, a {@code fault} record for
 * network ones) and is counted in the run report by {@link #kind()}.
 *
 * <p>{@link #toText} gives the line used in nemesis plans, and {@link FaultParser} reads it back.
 * Targets are node addresses; the text form names them.
 */
public sealed interface Fault {
    /** The kind, as counted in reports and written in plans: {@code kill}, {@code partition-halves} ... */
    String kind();

    void apply(World w);

    void revert(World w);

    default boolean instantaneous() {
        return false;
    }

    /** The plan line after the time and action: {@code kind targets [parameters]}. */
    String toText(World w);

    // ------------------------------------------------------------------ nodes

    /** Kills a node's process: volatile state gone, unsynced writes survive (the OS keeps them). Revert: restart. */
    record Kill(int node) implements Fault {
        public String kind() {
            return "kill";
        }

        public void apply(World w) {
            w.sim().crash(node, false);
        }

        public void revert(World w) {
            restartIfCrashed(w, node);
        }

        public String toText(World w) {
            return kind() + " " + w.name(node);
        }
    }

    /** Crashes a node's machine: unsynced writes are lost (all, a prefix, or torn, as entropy chooses). Revert: restart. */
    record PowerLoss(int node) implements Fault {
        public String kind() {
            return "power-loss";
        }

        public void apply(World w) {
            w.sim().crash(node, true);
        }

        public void revert(World w) {
            restartIfCrashed(w, node);
        }

        public String toText(World w) {
            return kind() + " " + w.name(node);
        }
    }

    /** Kills several nodes at the same instant. Revert: restart them all. */
    record BurstKill(List<Integer> nodes) implements Fault {
        public BurstKill {
            nodes = List.copyOf(nodes);
        }

        public String kind() {
            return "burst-kill";
        }

        public void apply(World w) {
            for (int n : nodes) {
                w.sim().crash(n, false);
            }
        }

        public void revert(World w) {
            for (int n : nodes) {
                restartIfCrashed(w, n);
            }
        }

        public String toText(World w) {
            return kind() + " " + names(w, nodes);
        }
    }

    /** Kills and immediately restarts a node (a bounce). */
    record Restart(int node) implements Fault {
        public String kind() {
            return "restart";
        }

        public void apply(World w) {
            w.sim().crash(node, false);
            w.sim().restart(node);
        }

        public void revert(World w) {}

        public boolean instantaneous() {
            return true;
        }

        public String toText(World w) {
            return kind() + " " + w.name(node);
        }
    }

    /** Wedges a node (SIGSTOP): inputs wait, its clock runs on. Revert: resume, and the waiting inputs arrive late. */
    record Pause(int node) implements Fault {
        public String kind() {
            return "pause";
        }

        public void apply(World w) {
            w.sim().pause(node);
        }

        public void revert(World w) {
            w.sim().resume(node);
        }

        public String toText(World w) {
            return kind() + " " + w.name(node);
        }
    }

    /** Fills a node's disk: writes and appends throw. Revert: frees it. */
    record DiskFull(int node) implements Fault {
        public String kind() {
            return "disk-full";
        }

        public void apply(World w) {
            w.sim().setDiskFull(node, true);
        }

        public void revert(World w) {
            w.sim().setDiskFull(node, false);
        }

        public String toText(World w) {
            return kind() + " " + w.name(node);
        }
    }

    // ------------------------------------------------------------------ clocks

    /** Sets a node's clock {@code offsetNanos} away from true time. Revert: back to true time. */
    record ClockSkew(int node, long offsetNanos) implements Fault {
        public String kind() {
            return "clock-skew";
        }

        public void apply(World w) {
            w.sim().setClockOffset(node, offsetNanos);
        }

        public void revert(World w) {
            w.sim().setClockOffset(node, 0);
        }

        public String toText(World w) {
            return kind() + " " + w.name(node) + " " + signed(offsetNanos);
        }
    }

    /** Makes a node's clock run fast (positive ppm) or slow. Revert: true rate. */
    record ClockDrift(int node, long ppm) implements Fault {
        public ClockDrift {
            if (ppm > dev.dst.time.NodeClock.DRIFT_PPM_MAX || ppm < -dev.dst.time.NodeClock.DRIFT_PPM_MAX) {
                throw new IllegalArgumentException("a clock drift must be within ±" + dev.dst.time.NodeClock.DRIFT_PPM_MAX + "ppm: " + ppm);
            }
        }

        public String kind() {
            return "clock-drift";
        }

        public void apply(World w) {
            w.sim().setClockDrift(node, ppm);
        }

        public void revert(World w) {
            w.sim().setClockDrift(node, 0);
        }

        public String toText(World w) {
            return kind() + " " + w.name(node) + " " + (ppm >= 0 ? "+" : "") + ppm + "ppm";
        }
    }

    /** Steps a node's clock forward or back at once (as NTP stepping does). Instantaneous; a heal resets the clock to true time. */
    record ClockJump(int node, long deltaNanos) implements Fault {
        public String kind() {
            return "clock-jump";
        }

        public void apply(World w) {
            w.sim().jumpClock(node, deltaNanos);
        }

        public void revert(World w) {}

        public boolean instantaneous() {
            return true;
        }

        public String toText(World w) {
            return kind() + " " + w.name(node) + " " + signed(deltaNanos);
        }
    }

    // ------------------------------------------------------------------ network

    /**
     * Cuts every link between nodes of different groups, both ways; nodes in no group are not
     * affected. {@code shape} names how it was made: {@code partition-pair} (two nodes),
     * {@code partition-subset} (some nodes from the rest), {@code partition-halves},
     * {@code isolate} (one node from the rest). Revert: heals those links.
     */
    record Partition(String shape, List<List<Integer>> groups) implements Fault {
        public Partition {
            if (!List.of("partition-pair", "partition-subset", "partition-halves", "isolate").contains(shape)) {
                throw new IllegalArgumentException("unknown partition shape '" + shape + "'");
            }
            List<List<Integer>> copy = new ArrayList<>();
            for (List<Integer> g : groups) {
                copy.add(List.copyOf(g));
            }
            groups = List.copyOf(copy);
            if (groups.size() < 2) {
                throw new IllegalArgumentException(shape + " needs at least two groups");
            }
            checkDistinct(copy.stream().flatMap(List::stream).toList(), shape);
        }

        public String kind() {
            return shape;
        }

        public void apply(World w) {
            forEachCrossLink((a, b) -> w.network().cut(a, b));
            trace(w, this);
        }

        public void revert(World w) {
            forEachCrossLink((a, b) -> w.network().heal(a, b));
            traceRevert(w, this);
        }

        /** True when {@code a} and {@code b} are in different groups. */
        public boolean separates(int a, int b) {
            int ga = groupOf(a);
            int gb = groupOf(b);
            return ga >= 0 && gb >= 0 && ga != gb;
        }

        private int groupOf(int n) {
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).contains(n)) {
                    return i;
                }
            }
            return -1;
        }

        private void forEachCrossLink(java.util.function.BiConsumer<Integer, Integer> f) {
            for (int i = 0; i < groups.size(); i++) {
                for (int j = 0; j < groups.size(); j++) {
                    if (i != j) {
                        for (int a : groups.get(i)) {
                            for (int b : groups.get(j)) {
                                f.accept(a, b);
                            }
                        }
                    }
                }
            }
        }

        public String toText(World w) {
            StringBuilder sb = new StringBuilder(shape).append(' ');
            for (int i = 0; i < groups.size(); i++) {
                sb.append(i == 0 ? "" : " | ").append(names(w, groups.get(i)));
            }
            return sb.toString();
        }
    }

    /**
     * Jepsen's majorities ring: the nodes in a ring, each connected only to its nearest
     * neighbours, so every node sees a majority but no two see the same one. Revert: heals.
     */
    record MajoritiesRing(List<Integer> ring) implements Fault {
        public MajoritiesRing {
            ring = List.copyOf(ring);
            if (ring.size() < 4) {
                throw new IllegalArgumentException("a majorities ring needs at least 4 nodes (with 3, everyone sees everyone)");
            }
            checkDistinct(ring, "majorities-ring");
        }

        public String kind() {
            return "majorities-ring";
        }

        /** Whether the ring cuts the link between the nodes at ring positions i and j. */
        public boolean cuts(int i, int j) {
            int n = ring.size();
            int majority = n / 2 + 1;
            int reach = majority / 2; // neighbours on each side: with itself, a node sees a majority
            int d = Math.abs(i - j);
            d = Math.min(d, n - d);
            return d > reach;
        }

        public void apply(World w) {
            forEachCut((a, b) -> w.network().cut(a, b));
            trace(w, this);
        }

        public void revert(World w) {
            forEachCut((a, b) -> w.network().heal(a, b));
            traceRevert(w, this);
        }

        private void forEachCut(java.util.function.BiConsumer<Integer, Integer> f) {
            for (int i = 0; i < ring.size(); i++) {
                for (int j = 0; j < ring.size(); j++) {
                    if (i != j && cuts(i, j)) {
                        f.accept(ring.get(i), ring.get(j));
                    }
                }
            }
        }

        public String toText(World w) {
            return kind() + " " + names(w, ring);
        }
    }

    /** An inbound firewall on {@code to}: {@code to} no longer hears {@code from}, while {@code from} still hears {@code to}. */
    record OneWay(int from, int to) implements Fault {
        public String kind() {
            return "one-way";
        }

        public void apply(World w) {
            w.network().cut(from, to);
            trace(w, this);
        }

        public void revert(World w) {
            w.network().heal(from, to);
            traceRevert(w, this);
        }

        public String toText(World w) {
            return kind() + " " + w.name(from) + " -> " + w.name(to);
        }
    }

    /** The link between two nodes goes down and up every {@code periodNanos}, both ways. */
    record FlappingLink(int a, int b, long periodNanos) implements Fault {
        public FlappingLink {
            if (periodNanos <= 0) {
                throw new IllegalArgumentException("a flapping period must be positive");
            }
        }

        public String kind() {
            return "flapping-link";
        }

        public void apply(World w) {
            w.network().setFlapping(a, b, periodNanos);
            w.network().setFlapping(b, a, periodNanos);
            trace(w, this);
        }

        public void revert(World w) {
            w.network().setFlapping(a, b, 0);
            w.network().setFlapping(b, a, 0);
            traceRevert(w, this);
        }

        public String toText(World w) {
            return kind() + " " + w.name(a) + " " + w.name(b) + " " + Durations.formatExact(periodNanos);
        }
    }

    /** Every message between two nodes, both ways, takes {@code extraNanos} longer. */
    record SlowLink(int a, int b, long extraNanos) implements Fault {
        public SlowLink {
            if (extraNanos < 0) {
                throw new IllegalArgumentException("a slow link's extra delay must not be negative: " + extraNanos);
            }
        }

        public String kind() {
            return "slow-link";
        }

        public void apply(World w) {
            w.network().setExtraLatency(a, b, extraNanos);
            w.network().setExtraLatency(b, a, extraNanos);
            trace(w, this);
        }

        public void revert(World w) {
            w.network().setExtraLatency(a, b, 0);
            w.network().setExtraLatency(b, a, 0);
            traceRevert(w, this);
        }

        public String toText(World w) {
            return kind() + " " + w.name(a) + " " + w.name(b) + " " + signed(extraNanos);
        }
    }

    /** Messages between two nodes, both ways, are lost with extra probability {@code p}. */
    record LossyLink(int a, int b, double p) implements Fault {
        public LossyLink {
            checkProbability(p);
        }

        public String kind() {
            return "lossy-link";
        }

        public void apply(World w) {
            w.network().setExtraLoss(a, b, p);
            w.network().setExtraLoss(b, a, p);
            trace(w, this);
        }

        public void revert(World w) {
            w.network().setExtraLoss(a, b, 0);
            w.network().setExtraLoss(b, a, 0);
            traceRevert(w, this);
        }

        public String toText(World w) {
            return kind() + " " + w.name(a) + " " + w.name(b) + " " + p;
        }
    }

    /** Messages between two nodes, both ways, are delivered twice with probability {@code p}. */
    record DuplicatingLink(int a, int b, double p) implements Fault {
        public DuplicatingLink {
            checkProbability(p);
        }

        public String kind() {
            return "duplicating-link";
        }

        public void apply(World w) {
            w.network().setExtraDuplication(a, b, p);
            w.network().setExtraDuplication(b, a, p);
            trace(w, this);
        }

        public void revert(World w) {
            w.network().setExtraDuplication(a, b, 0);
            w.network().setExtraDuplication(b, a, 0);
            traceRevert(w, this);
        }

        public String toText(World w) {
            return kind() + " " + w.name(a) + " " + w.name(b) + " " + p;
        }
    }

    /**
     * Messages between two nodes, both ways, are copied with probability {@code p}, and the copy
     * delivered 100 ms to 10 s later, across resets and restarts (an old duplicate arriving late).
     */
    record ReplayingLink(int a, int b, double p) implements Fault {
        public ReplayingLink {
            checkProbability(p);
        }

        public String kind() {
            return "replaying-link";
        }

        public void apply(World w) {
            w.network().setReplay(a, b, p);
            w.network().setReplay(b, a, p);
            trace(w, this);
        }

        public void revert(World w) {
            w.network().setReplay(a, b, 0);
            w.network().setReplay(b, a, 0);
            traceRevert(w, this);
        }

        public String toText(World w) {
            return kind() + " " + w.name(a) + " " + w.name(b) + " " + p;
        }
    }

    /**
     * Messages between two nodes, both ways, are delivered in the reverse of the order they were
     * sent within each window of {@code windowNanos}: each leaves at the end of its window, the
     * last sent first (a burst of AppendEntries arriving newest first; a queue drained LIFO).
     * Held for at most two windows; a link configured FIFO keeps its order.
     */
    record ReversingLink(int a, int b, long windowNanos) implements Fault {
        public ReversingLink {
            if (windowNanos <= 0) {
                throw new IllegalArgumentException("a reversing window must be positive");
            }
        }

        public String kind() {
            return "reversing-link";
        }

        public void apply(World w) {
            w.network().setReversal(a, b, windowNanos);
            w.network().setReversal(b, a, windowNanos);
            trace(w, this);
        }

        public void revert(World w) {
            w.network().setReversal(a, b, 0);
            w.network().setReversal(b, a, 0);
            traceRevert(w, this);
        }

        public String toText(World w) {
            return kind() + " " + w.name(a) + " " + w.name(b) + " " + Durations.formatExact(windowNanos);
        }
    }

    /** Drops every message in flight between two nodes, both ways, at once (a TCP reset, an address change). Instantaneous. */
    record ConnectionReset(int a, int b) implements Fault {
        public String kind() {
            return "connection-reset";
        }

        public void apply(World w) {
            w.network().resetConnection(a, b);
            trace(w, this);
        }

        public void revert(World w) {}

        public boolean instantaneous() {
            return true;
        }

        public String toText(World w) {
            return kind() + " " + w.name(a) + " " + w.name(b);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void restartIfCrashed(World w, int node) {
        if (w.sim().isCrashed(node)) {
            w.sim().restart(node);
        }
    }

    private static void trace(World w, Fault f) {
        w.sim().traceFault(dev.dst.trace.TraceKind.FAULT, dev.dst.trace.Trace.NONE, "apply " + f.toText(w));
    }

    private static void traceRevert(World w, Fault f) {
        w.sim().traceFault(dev.dst.trace.TraceKind.FAULT, dev.dst.trace.Trace.NONE, "revert " + f.toText(w));
    }

    private static String names(World w, List<Integer> nodes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(w.name(nodes.get(i)));
        }
        return sb.toString();
    }

    /** {@code +0.050000000s} or {@code -0.150000000s}: exact, so that a plan parses back to the same faults. */
    static String signed(long nanos) {
        return (nanos >= 0 ? "+" : "") + Durations.formatExact(nanos);
    }

    /** A node may appear once: in two groups it would be cut from itself and {@code separates} would disagree with the cuts. */
    private static void checkDistinct(List<Integer> nodes, String kind) {
        java.util.TreeSet<Integer> seen = new java.util.TreeSet<>();
        for (int n : nodes) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException(kind + " names node " + n + " more than once");
            }
        }
    }

    private static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must be in [0, 1]: " + p);
        }
    }
}
