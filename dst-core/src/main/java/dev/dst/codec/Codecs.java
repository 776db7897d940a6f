package dev.dst.codec;

import dev.dst.entropy.SplitMix64;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The codecs dst provides.
 *
 * <ul>
 *   <li>{@link #standard()}: a reflective object-graph codec, fast and deterministic. It
 *       encodes records, enums, boxes, strings, arrays, the common JDK collections, and any
 *       class of the class path by its fields (no constructor is run), keeping shared
 *       references and cycles between mutable objects. See {@code docs/codec.md}.</li>
 *   <li>{@link #builder()}: the same, with hand-written encoders for some classes.</li>
 *   <li>{@link #javaSerialization()}: for comparison only.</li>
 * </ul>
 */
public final class Codecs {
    private static final Codec STANDARD = new Builder().build();

    private Codecs() {}

    /** The standard codec, shared (it is thread-safe); its plans per class are made once and cached. */
    public static Codec standard() {
        return STANDARD;
    }

    /** A standard codec to which hand-written encoders can be added. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Java serialization ({@code ObjectOutputStream}): only {@code Serializable} graphs, many
     * times slower, and not deterministic for hash containers. For comparison, not for use.
     */
    public static Codec javaSerialization() {
        return JavaSerializationCodec.INSTANCE;
    }

    /** {@link #hash(byte[], int, int)} of the whole array. */
    public static long hash(byte[] bytes) {
        return hash(bytes, 0, bytes.length);
    }

    /**
     * A stable 64-bit hash of {@code length} bytes from {@code offset}: little-endian 8-byte
     * words, each mixed by the SplitMix64 finalizer into a rotating accumulator, the tail and
     * the length folded in last. The same on every JDK and platform; not cryptographic.
     */
    public static long hash(byte[] bytes, int offset, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long word = (long) Writer.LONG_LE.get(bytes, i);
            h = Long.rotateLeft(h ^ SplitMix64.mix(word), 29) * 0xBF58476D1CE4E5B9L;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        return SplitMix64.mix(h ^ SplitMix64.mix(tail + length));
    }

    /** Builds a standard codec with hand-written encoders. */
    public static final class Builder {
        private record Registration<T>(Class<T> type, Encoder<? super T> encoder, Decoder<? extends T> decoder) {
            Plan plan() {
                return new ObjectPlans.CustomPlan<>(type, encoder, decoder);
            }
        }

        private final Map<Class<?>, Registration<?>> registrations = new LinkedHashMap<>();
        private ClassLoader loader;

        private Builder() {}

        /**
         * Encodes exactly {@code type} (not its subclasses) with {@code encoder} and decodes it
         * with {@code decoder}, for speed or for a class the reflective path refuses. What the
         * encoder writes is a value: written each time it is reached, so shared references to
         * it are not kept (objects it writes with {@link CodecOutput#writeObject} are tracked
         * as usual), and a cycle through it is an error. The class name is written once per
         * message, as for any class.
         */
        public <T> Builder register(Class<T> type, Encoder<? super T> encoder, Decoder<? extends T> decoder) {
            if (type.isPrimitive() || type.isArray() || type.isInterface() || Modifier.isAbstract(type.getModifiers())
                    || type == String.class) {
                throw new IllegalArgumentException("cannot register an encoder for " + type.getName()
                        + ": register a concrete class (not an interface, abstract class, array, primitive or String)");
            }
            if (encoder == null || decoder == null) {
                throw new IllegalArgumentException("register(" + type.getName() + ", ...) needs both an encoder and a decoder");
            }
            registrations.put(type, new Registration<>(type, encoder, decoder));
            return this;
        }

        /** Where classes named in bytes are loaded from when this JVM has not encoded them yet (default: the thread's context class loader). */
        public Builder classLoader(ClassLoader loader) {
            this.loader = loader;
            return this;
        }

        public Codec build() {
            Map<Class<?>, Plan> plans = new LinkedHashMap<>();
            registrations.forEach((type, r) -> plans.put(type, r.plan()));
            return new StandardCodec(plans, loader);
        }
    }
}
