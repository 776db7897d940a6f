package dev.dst.examples.kafkalog;

import dev.dst.node.ClientOp;
import dev.dst.node.Result;

import java.util.List;

/**
 * What replicas send each other. Records with lists (never arrays), so that every message
 * prints, and therefore hashes into the trace, the same way on every run.
 */
sealed interface Messages {
    /** Where a client's request waits for its answer: the replica the client asked, and the request's id there. */
    record Origin(int node, long requestId) {}

    /** A replica that does not lead the operation's key passes the client's operation to the key's leader. */
    record Forward(Origin origin, ClientOp op) implements Messages {}

    /** The leader's answer to a forwarded operation, for the replica the client is waiting on. */
    record Answer(long requestId, Result result) implements Messages {}

    /** The leader's durable entries of {@code key} from offset {@code from} on (possibly none: a probe). */
    record Replicate(String key, long from, List<Long> messages) implements Messages {}

    /** A follower has {@code length} entries of {@code key} durable. */
    record Ack(String key, long length) implements Messages {}
}
