package dev.dst.hosted;

import dev.dst.codec.Codec;
import dev.dst.trace.StableHash;

import java.util.Objects;

/**
 * A message between hosted nodes as the network carries it: its encoded bytes. The receiver
 * decodes a fresh object graph, so no two nodes ever hold the same mutable object, and the
 * trace hashes the bytes (stable on every JDK when the codec is deterministic). Traces and
 * reports show the decoded message.
 */
public final class Wire implements StableHash {
    private final byte[] bytes;
    private final long hash;
    private final Codec codec;

    Wire(byte[] bytes, Codec codec) {
        this.bytes = Objects.requireNonNull(bytes);
        this.codec = Objects.requireNonNull(codec);
        this.hash = codec.hash(bytes);
    }

    /** A new object graph of the message. */
    public Object decode() {
        return codec.decode(bytes);
    }

    /** The encoded size, in bytes. */
    public int size() {
        return bytes.length;
    }

    @Override
    public long stableHash() {
        return hash;
    }

    @Override
    public String toString() {
        try {
            return String.valueOf(decode());
        } catch (RuntimeException e) {
            return "<" + bytes.length + " bytes that do not decode: " + e.getMessage() + ">";
        }
    }
}
