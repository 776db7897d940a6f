package dev.dst.examples.broadcast;

import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;

import java.util.function.LongSupplier;

/**
 * The test's record of when each node first learned each message (true time) and at which
 * hop: what the delivery latency and rounds figures are computed from.
 */
final class Deliveries {
    /** For one message: true time each node learned it (-1: not yet), and the hop count there. */
    static final class Message {
        final long[] learnedNanos;
        final int[] hops;

        Message(int nodes) {
            learnedNanos = new long[nodes];
            hops = new int[nodes];
            java.util.Arrays.fill(learnedNanos, -1);
        }
    }

    private final int nodes;
    private final LongSupplier trueNanos;
    private final Long2ObjectLinkedOpenHashMap<Message> messages = new Long2ObjectLinkedOpenHashMap<>();

    Deliveries(int nodes, LongSupplier trueNanos) {
        this.nodes = nodes;
        this.trueNanos = trueNanos;
    }

    void learned(int node, long m, int hop) {
        Message msg = messages.computeIfAbsent(m, k -> new Message(nodes));
        if (msg.learnedNanos[node] < 0) {
            msg.learnedNanos[node] = trueNanos.getAsLong();
            msg.hops[node] = hop;
        }
    }

    private long throughRetransmission;

    void learnedThroughRetransmission() {
        throughRetransmission++;
    }

    /** Messages that reached a node only through a retransmission (the flood had not brought them). */
    long throughRetransmission() {
        return throughRetransmission;
    }

    Message get(long m) {
        return messages.get(m);
    }
}
