package dev.dst.node;

import dev.dst.trace.StableHash;

/** The answer to {@link Request} {@code id}, sent by node {@code from}. */
public record Reply(int from, long id, Object value) implements StableHash {
    /** Hashes without building the string the trace hash otherwise uses ({@code value} hashed by {@link StableHash#of}). */
    @Override
    public long stableHash() {
        return ((from * 0xC2B2AE3D27D4EB4FL + id) * 0x9E3779B97F4A7C15L) ^ StableHash.of(value);
    }
}
