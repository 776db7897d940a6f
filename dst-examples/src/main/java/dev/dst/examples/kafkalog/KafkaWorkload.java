package dev.dst.examples.kafkalog;

import dev.dst.entropy.Entropy;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.node.ClientOp;
import dev.dst.workload.Workload;

import java.util.List;
import java.util.Map;

/**
 * Maelstrom's kafka operations on a few keys, as consumers use them: {@code send [key msg]}
 * (messages unique: client index × 10⁹ + a sequence), {@code poll [key from]} from the
 * client's own position (one past the last offset it read of that key, so that a process
 * never reads backwards), {@code commit_offsets [key position]} and
 * {@code list_committed_offsets key}.
 *
 * <p>One workload serves every client; a client is told apart by its entropy stream
 * ({@code node/cI}, as the cluster names clients), and its positions are read from what its
 * processes (ids congruent to I modulo the client count) polled in the history.
 */
final class KafkaWorkload implements Workload {
    private static final String STREAM_PREFIX = "node/c";

    private final List<String> keys;
    private final int clients;
    private final long[][] positions;   // client -> key index -> next offset to read
    private final long[] sent;          // client -> messages sent so far
    private History history;
    private int scanned;

    KafkaWorkload(List<String> keys, int clients) {
        this.keys = List.copyOf(keys);
        this.clients = clients;
        this.positions = new long[clients][keys.size()];
        this.sent = new long[clients];
    }

    /** The history the clients record into, once the cluster exists (before any operation). */
    void attach(History h) {
        this.history = h;
    }

    /** The key an operation is about: the first element of its value, or the value itself. */
    static String keyOf(ClientOp op) {
        return (String) (op.value() instanceof List<?> l ? l.get(0) : op.value());
    }

    @Override
    public ClientOp next(Entropy e) {
        int client = clientOf(e);
        catchUp();
        int k = e.below(keys.size());
        String key = keys.get(k);
        int kind = e.below(20);
        if (kind < 10) {
            return new ClientOp("send", List.of(key, client * 1_000_000_000L + sent[client]++));
        } else if (kind < 16) {
            return new ClientOp("poll", List.of(key, positions[client][k]));
        } else if (kind < 19) {
            return new ClientOp("commit_offsets", List.of(key, positions[client][k]));
        }
        return new ClientOp("list_committed_offsets", key);
    }

    private int clientOf(Entropy e) {
        String name = e.name();
        if (!name.startsWith(STREAM_PREFIX)) {
            throw new IllegalStateException("kafka workload: expected a client's stream node/cI, got " + name);
        }
        return Integer.parseInt(name.substring(STREAM_PREFIX.length()));
    }

    /** Moves each client's positions past what its polls returned since the last call. */
    private void catchUp() {
        List<Op> ops = history.ops();
        for (; scanned < ops.size(); scanned++) {
            Op op = ops.get(scanned);
            if (op.type() == OpType.OK && op.f().equals("poll") && op.value() instanceof Map<?, ?> byKey) {
                long[] pos = positions[op.process() % clients];
                byKey.forEach((key, records) -> {
                    int k = keys.indexOf(key);
                    for (Object r : (List<?>) records) {
                        pos[k] = Math.max(pos[k], (Long) ((List<?>) r).get(0) + 1);
                    }
                });
            }
        }
    }
}
