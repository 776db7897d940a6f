package dev.dst.examples.kafkalog;

import dev.dst.examples.kafkalog.Messages.Origin;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The leader's volatile bookkeeping for one key: how much of the log is fsynced here, how much
 * each replica has acknowledged as durable, the high watermark (what a majority holds
 * durably: what polls may see and what sends are acknowledged up to), and the sends waiting
 * for it. Lost on a crash and rebuilt from the followers' acknowledgements.
 */
final class LeaderState {
    /** A send appended at {@code offset}, waiting for the high watermark to pass it. */
    record Waiting(long offset, Origin origin) {}

    private final int self;
    private final long[] durableBy;  // replica -> entries it holds durably (as known here)
    private long highWatermark;
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    LeaderState(int self, int replicas) {
        this.self = self;
        this.durableBy = new long[replicas];
    }

    /** This leader fsynced its log up to {@code length}. */
    void syncedTo(long length) {
        durableBy[self] = Math.max(durableBy[self], length);
    }

    /** A follower says it holds {@code length} entries durably; acknowledgements may come late or twice, so keep the maximum. */
    void acknowledged(int replica, long length) {
        durableBy[replica] = Math.max(durableBy[replica], length);
    }

    long durable() {
        return durableBy[self];
    }

    long durableBy(int replica) {
        return durableBy[replica];
    }

    long highWatermark() {
        return highWatermark;
    }

    /** Raises the high watermark to the length a majority holds durably; returns it. */
    long advance() {
        long[] sorted = durableBy.clone();
        Arrays.sort(sorted);
        int majority = durableBy.length / 2 + 1;
        highWatermark = Math.max(highWatermark, sorted[durableBy.length - majority]);
        return highWatermark;
    }
}
