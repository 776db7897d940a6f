package dev.dst.examples.txnkv;

import java.util.EnumMap;
import java.util.Map;

/**
 * The harness's view into the nodes, for one invariant, the probes and the figures (the nodes
 * never read it; it outlives their crashes): whether the oracle ever issued a timestamp that
 * was not above every earlier one, why prepares were refused, how often reads waited for a
 * prepared writer, how many commits shards applied and how many in-doubt transactions they
 * resolved by asking the coordinator.
 */
final class Observer {
    private long lastIssued;
    private String repeatedTimestamp;
    private final EnumMap<Shard.Conflict, Long> refusals = new EnumMap<>(Shard.Conflict.class);
    private long readsBlocked;
    private long applied;
    private long resolved;
    private long decided;
    private long rolledBack;

    void issued(long ts) {
        if (ts <= lastIssued && repeatedTimestamp == null) {
            repeatedTimestamp = "the oracle issued " + ts + " after " + lastIssued;
        }
        lastIssued = Math.max(lastIssued, ts);
    }

    /** The first timestamp issued out of order, described, or null. */
    String repeatedTimestamp() {
        return repeatedTimestamp;
    }

    void refused(Shard.Conflict why) {
        refusals.merge(why, 1L, Long::sum);
    }

    long refusals(Shard.Conflict why) {
        return refusals.getOrDefault(why, 0L);
    }

    /** Refused prepares by reason, in the enum's order. */
    Map<Shard.Conflict, Long> refusals() {
        return refusals;
    }

    void readBlocked() {
        readsBlocked++;
    }

    long blockedReads() {
        return readsBlocked;
    }

    void applied() {
        applied++;
    }

    long applications() {
        return applied;
    }

    void resolved() {
        resolved++;
    }

    long resolutions() {
        return resolved;
    }

    void decided() {
        decided++;
    }

    long decisions() {
        return decided;
    }

    void rolledBack() {
        rolledBack++;
    }

    long rollbacks() {
        return rolledBack;
    }
}
