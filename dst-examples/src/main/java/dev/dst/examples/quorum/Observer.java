package dev.dst.examples.quorum;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.util.TreeMap;

/**
 * The harness's view into the nodes, for checks and figures only (the nodes never read it):
 * which timestamp each write was issued with, whether a timestamp was ever issued with two
 * values (which would break ABD: replicas keep the first value they see at a timestamp), and
 * how often read repair brought a stale replica forward.
 */
final class Observer {
    private final TreeMap<Ts, Long> valueAt = new TreeMap<>();
    private final Long2ObjectOpenHashMap<Ts> tsOf = new Long2ObjectOpenHashMap<>();
    private String conflict;
    private long repairs;
    private long abandonedWrites;

    void issued(Ts ts, long value) {
        Long before = valueAt.putIfAbsent(ts, value);
        if (before != null && before != value && conflict == null) {
            conflict = "timestamp " + ts + " issued for value " + before + " and again for value " + value;
        }
        tsOf.put(value, ts);
    }

    /** The timestamp the write of {@code value} was issued with, or null if it never reached phase 2. */
    Ts tsOf(long value) {
        return tsOf.get(value);
    }

    /** The first timestamp issued twice with different values, described, or null. */
    String conflict() {
        return conflict;
    }

    void repaired() {
        repairs++;
    }

    long repairs() {
        return repairs;
    }

    void writeAbandoned() {
        abandonedWrites++;
    }

    long abandonedWrites() {
        return abandonedWrites;
    }
}
