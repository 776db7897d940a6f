package dev.dst.runtime;

/**
 * A request was sent but no answer came: the node may or may not have performed it (Jepsen's
 * {@code :info}). Thrown by {@link Client#call} on a timeout, or when the connection was lost
 * or the client closed while the request was in flight. Record the operation as indeterminate;
 * do not count it as failed.
 */
public final class UnknownOutcomeException extends Exception {
    public UnknownOutcomeException(String message) {
        super(message);
    }

    public UnknownOutcomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
