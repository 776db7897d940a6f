package dev.dst.codec;

/**
 * Turns a message into bytes and bytes into a fresh message. The simulated network encodes a
 * message when a node sends it and decodes it when it is delivered, so that nodes never share
 * a mutable object: {@code decode(encode(x))} is a new object graph equal to {@code x} that
 * shares no mutable object with it.
 *
 * <p>Get one from {@link Codecs}: {@link Codecs#standard()} (reflective, fast, deterministic),
 * {@link Codecs#builder()} (the same with hand-written encoders for some classes) or
 * {@link Codecs#javaSerialization()} (for comparison only). Implementations are thread-safe.
 */
public interface Codec {
    /**
     * The bytes of {@code message} (which may be {@code null}).
     *
     * @throws CodecException when the graph holds a value that cannot be encoded; the message
     *     names its class and the field path from the root
     */
    byte[] encode(Object message);

    /**
     * A new object graph from bytes made by {@link #encode} of this codec (or one configured
     * the same way).
     *
     * @throws CodecException when the bytes are not a message of this codec
     */
    Object decode(byte[] bytes);

    /** Decodes {@code length} bytes of {@code bytes} from {@code offset}. */
    default Object decode(byte[] bytes, int offset, int length) {
        return decode(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** {@code decode(encode(message))}: a deep copy that shares no mutable object with the original. */
    default Object copy(Object message) {
        return decode(encode(message));
    }

    /**
     * A stable 64-bit hash of encoded bytes, the same on every JDK and every run (for the trace
     * hash). The default is {@link Codecs#hash(byte[])}.
     */
    default long hash(byte[] encoded) {
        return Codecs.hash(encoded);
    }
}
