package dev.dst.runtime;

/**
 * This node's outbound connection to one peer, and its state: connected lazily by the first
 * message, and after a failure left alone for a backoff that doubles up to a maximum, during
 * which messages to the peer are dropped (as an unreachable host's are).
 */
final class PeerLink {
    enum State {
        /** No connection, none failing: the next message connects. */
        IDLE,
        CONNECTING,
        CONNECTED,
        /** The last attempt failed or the connection broke: messages are dropped until {@link #retryAtNanos}. */
        BACKOFF
    }

    final int peer;
    State state = State.IDLE;
    Connection connection;
    long connectDeadlineNanos;
    long retryAtNanos;
    /** The backoff the next failure waits (before jitter). */
    long backoffNanos;
    /** Failures in a row, for the log: the first is logged, repeats only at debug level. */
    int failuresInARow;

    PeerLink(int peer, long initialBackoffNanos) {
        this.peer = peer;
        this.backoffNanos = initialBackoffNanos;
    }
}
