package dev.dst.codec;

/** A hand-written encoder for one class, registered with {@link Codecs.Builder#register}. */
@FunctionalInterface
public interface Encoder<T> {
    /** Writes {@code value} (never {@code null}); its {@link Decoder} reads the same items in the same order. */
    void encode(T value, CodecOutput out);
}
