package dev.dst.examples.pingpong;

import dev.dst.node.NodeContext;
import dev.dst.trace.Durations;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * The test's view of what clients were told: every acknowledged (server, count), when, and
 * to whom. Lives outside the nodes (it is instrumentation, not node state) and is checked
 * incrementally, so the invariant costs O(1) per step.
 */
final class Observer {
    private final Long2ObjectOpenHashMap<String> acknowledged = new Long2ObjectOpenHashMap<>();
    private final long[] acksPerClient;
    private String duplicate;
    private long acks;
    private long timeouts;
    private long refusals;
    private long givenUp;
    private long rttNanosMax;

    Observer(int nodes) {
        acksPerClient = new long[nodes];
    }

    void acknowledged(int client, int server, long count, long rttNanos, NodeContext ctx) {
        acks++;
        rttNanosMax = Math.max(rttNanosMax, rttNanos);
        long key = ((long) server << 40) | count;
        String what = ctx.nameOf(server) + " acknowledged count " + count + " to " + ctx.name();
        String before = acknowledged.putIfAbsent(key, what);
        if (before != null && duplicate == null) {
            duplicate = "count " + count + " of " + ctx.nameOf(server) + " was acknowledged twice: first '" + before
                    + "', then to " + ctx.name() + " (a durable count went backwards after a crash)";
        }
        acksPerClient[client]++;
    }

    void timedOut() {
        timeouts++;
    }

    void refused() {
        refusals++;
    }

    void gaveUp() {
        givenUp++;
    }

    /** Null while every acknowledged count is unique per server. */
    String duplicate() {
        return duplicate;
    }

    long acks() {
        return acks;
    }

    /** Acknowledgements the client has received so far. */
    long acks(int client) {
        return acksPerClient[client];
    }

    /** Pings retried after a timeout or a refusal. */
    long retries() {
        return timeouts + refusals;
    }

    String summary() {
        return acks + " acknowledged, " + timeouts + " timed out, " + refusals + " refused, " + givenUp
                + " given up, max round trip " + Durations.format(rttNanosMax);
    }
}
