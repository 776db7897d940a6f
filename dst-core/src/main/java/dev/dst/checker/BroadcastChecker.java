package dev.dst.checker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks broadcast convergence (as Maelstrom's broadcast workload does): record each message
 * sent and each delivery to a node, then ask for the {@link Result}. A message is
 * <b>stable</b> once every node has it, and <b>lost</b> if it was acknowledged to its sender
 * but some node never got it. Latency is from send to delivery at the last node, over stable
 * messages; rounds are the largest hop count of a stable message's deliveries, compared with
 * ⌈log2 n⌉, the rounds a gossip protocol needs at best. Cost: one set entry per delivery.
 * Not thread-safe.
 */
public final class BroadcastChecker {
    private final int nodes;
    private final Map<Object, Message> messages = new LinkedHashMap<>();

    private static final class Message {
        long sentNanos;
        boolean acknowledged;
        final Set<Integer> delivered = new HashSet<>();
        long lastDeliveryNanos;
        int maxHops;
    }

    /** A checker for a cluster of {@code nodes} nodes, numbered 0 to nodes - 1. */
    public BroadcastChecker(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a broadcast needs at least one node, got " + nodes);
        }
        this.nodes = nodes;
    }

    /** {@code message} was broadcast at {@code timeNanos}; {@code acknowledged}: the sender was told it succeeded. */
    public BroadcastChecker sent(Object message, long timeNanos, boolean acknowledged) {
        Message m = messages.computeIfAbsent(message, k -> new Message());
        m.sentNanos = timeNanos;
        m.acknowledged |= acknowledged;
        return this;
    }

    /** {@code node} got {@code message} at {@code timeNanos}, {@code hops} forwards from its origin (0 at the origin). */
    public BroadcastChecker delivered(Object message, int node, long timeNanos, int hops) {
        if (node < 0 || node >= nodes) {
            throw new IllegalArgumentException("node " + node + " is not in 0.." + (nodes - 1));
        }
        Message m = messages.computeIfAbsent(message, k -> new Message());
        if (m.delivered.add(node)) {
            m.lastDeliveryNanos = Math.max(m.lastDeliveryNanos, timeNanos);
            m.maxHops = Math.max(m.maxHops, hops);
        }
        return this;
    }

    /**
     * The outcome. Latencies are nearest-rank percentiles in nanoseconds (0 with no stable
     * message); {@code roundsBound} is ⌈log2 nodes⌉; {@code overBound} counts stable messages
     * that needed more rounds than that.
     */
    public record Result(boolean valid, int nodes, int messages, int acknowledged, int stable, int lost, List<Object> lostMessages,
                         long latencyP50Nanos, long latencyP95Nanos, long latencyP99Nanos,
                         int roundsP50, int roundsMax, int roundsBound, int overBound) implements CheckResult {
        @Override
        public String summary() {
            return String.format("broadcast: %s (%d nodes, %d messages, %d stable, %d lost; latency p50 %.3f ms, p95 %.3f ms, p99 %.3f ms;"
                            + " rounds p50 %d, max %d vs ⌈log2 n⌉ = %d)", valid ? "valid" : "INVALID", nodes, messages, stable, lost,
                    latencyP50Nanos / 1e6, latencyP95Nanos / 1e6, latencyP99Nanos / 1e6, roundsP50, roundsMax, roundsBound);
        }
    }

    public Result result() {
        List<Object> lost = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        List<Integer> rounds = new ArrayList<>();
        int acknowledged = 0;
        int stable = 0;
        int bound = 32 - Integer.numberOfLeadingZeros(nodes - 1); // ⌈log2 n⌉, 0 for one node
        int overBound = 0;
        for (Map.Entry<Object, Message> e : messages.entrySet()) {
            Message m = e.getValue();
            if (m.acknowledged) {
                acknowledged++;
            }
            if (m.delivered.size() == nodes) {
                stable++;
                latencies.add(Math.max(0, m.lastDeliveryNanos - m.sentNanos));
                rounds.add(m.maxHops);
                if (m.maxHops > bound) {
                    overBound++;
                }
            } else if (m.acknowledged) {
                lost.add(e.getKey());
            }
        }
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        int[] r = rounds.stream().mapToInt(Integer::intValue).sorted().toArray();
        lost.sort(ValueOrder.INSTANCE);
        return new Result(lost.isEmpty(), nodes, messages.size(), acknowledged, stable, lost.size(), lost,
                percentile(lat, 50), percentile(lat, 95), percentile(lat, 99),
                r.length == 0 ? 0 : r[(int) Math.ceil(0.5 * r.length) - 1], r.length == 0 ? 0 : r[r.length - 1], bound, overBound);
    }

    /** Nearest-rank percentile of sorted values; 0 when empty. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
