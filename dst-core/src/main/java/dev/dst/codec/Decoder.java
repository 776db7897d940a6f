package dev.dst.codec;

/** A hand-written decoder for one class, registered with {@link Codecs.Builder#register}. */
@FunctionalInterface
public interface Decoder<T> {
    /** Reads what the class's {@link Encoder} wrote and returns a new value. */
    T decode(CodecInput in);
}
