package dev.dst.node;

import dev.dst.trace.StableHash;

/**
 * A server's answer to a {@link ClientOp}: {@code ok} with the value observed (a read's
 * value, a cas's outcome), or a definite failure: the operation did not and will not take
 * effect. A server that cannot tell must not answer (the client's timeout records "info").
 */
public record Result(boolean ok, Object value) implements StableHash {
    public static Result ok(Object value) {
        return new Result(true, value);
    }

    public static Result fail(Object reason) {
        return new Result(false, reason);
    }

    /** Hashes without building the string the trace hash otherwise uses. */
    @Override
    public long stableHash() {
        return (ok ? 0x2545F4914F6CDD1DL : 0x1B873593L) ^ ValueHash.of(value);
    }
}
