package dev.dst.node;

import dev.dst.trace.StableHash;

/**
 * A client request travelling to a node. {@code from} is the requesting node, or
 * {@link #EXTERNAL} for a request injected by the test itself; {@code id} is unique in the run.
 */
public record Request(int from, long id, Object op) implements StableHash {
    /** The address of the test harness, for requests it submits directly. */
    public static final int EXTERNAL = -1;

    /** Hashes without building the string the trace hash otherwise uses ({@code op} hashed by {@link StableHash#of}). */
    @Override
    public long stableHash() {
        return ((from * 0x9E3779B97F4A7C15L + id) * 0x9E3779B97F4A7C15L) ^ StableHash.of(op);
    }
}
