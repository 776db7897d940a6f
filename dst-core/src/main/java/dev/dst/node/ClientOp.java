package dev.dst.node;

import dev.dst.trace.StableHash;

/** An operation a client asks a server to perform: Jepsen's {@code :f} and {@code :value}. */
public record ClientOp(String f, Object value) implements StableHash {
    /** Hashes without building the string the trace hash otherwise uses. */
    @Override
    public long stableHash() {
        return f.hashCode() * 0x9E3779B97F4A7C15L ^ ValueHash.of(value);
    }
}
