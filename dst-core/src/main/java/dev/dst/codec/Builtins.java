package dev.dst.codec;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.UUID;

/**
 * The plans dst knows without reflection: boxes, primitive arrays, and the immutable JDK value
 * types. Shared by every codec (they hold no state); JDK collections are in {@link CollectionPlans}.
 */
final class Builtins {
    private Builtins() {}

    @FunctionalInterface
    interface Write {
        void write(Writer w, Object v);
    }

    @FunctionalInterface
    interface Read {
        Object read(Reader r);
    }

    /** A plan from two functions. */
    static final class Simple extends Plan {
        private final Write writer;
        private final Read reader;

        Simple(Class<?> type, int tag, boolean tracked, Write writer, Read reader) {
            super(type, tag, tracked);
            this.writer = writer;
            this.reader = reader;
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writer.write(w, v);
        }

        @Override
        Object read(Reader r) {
            return reader.read(r);
        }
    }

    private static final Plan[] BY_TAG = new Plan[Tags.LIMIT];
    private static final IdentityHashMap<Class<?>, Plan> BY_CLASS = new IdentityHashMap<>();

    static {
        scalars();
        PrimitiveArrayPlans.addTo(Builtins::add);
        values();
        CollectionPlans.addTo(BY_TAG, BY_CLASS);
    }

    /** The built-in plan that reads values of {@code tag}, or null. */
    static Plan byTag(int tag) {
        return tag < BY_TAG.length ? BY_TAG[tag] : null;
    }

    /** The built-in plan of exactly {@code type}, or null. */
    static Plan byClass(Class<?> type) {
        return BY_CLASS.get(type);
    }

    static void add(Plan p) {
        if (BY_TAG[p.tag] == null) {
            BY_TAG[p.tag] = p;
        }
        BY_CLASS.putIfAbsent(p.type, p);
    }

    static void add(Class<?> type, int tag, boolean tracked, Write w, Read r) {
        add(new Simple(type, tag, tracked, w, r));
    }

    private static void scalars() {
        add(new Plan(Boolean.class, Tags.TRUE, false) {
            @Override
            void write(Writer w, Object v) {
                w.put((Boolean) v ? Tags.TRUE : Tags.FALSE);
            }

            @Override
            Object read(Reader r) {
                return Boolean.TRUE;
            }
        });
        BY_TAG[Tags.FALSE] = new Simple(Boolean.class, Tags.FALSE, false, (w, v) -> {}, r -> Boolean.FALSE);
        add(Byte.class, Tags.BYTE, false, (w, v) -> w.put((Byte) v), r -> (byte) r.get());
        add(Short.class, Tags.SHORT, false, (w, v) -> w.putZigInt((Short) v), r -> (short) r.getZigInt());
        add(Character.class, Tags.CHAR, false, (w, v) -> w.putVarInt((Character) v), r -> (char) r.getVarInt());
        add(Integer.class, Tags.INT, false, (w, v) -> w.putZigInt((Integer) v), Reader::getZigInt);
        add(Long.class, Tags.LONG, false, (w, v) -> w.putZigLong((Long) v), Reader::getZigLong);
        add(Float.class, Tags.FLOAT, false, (w, v) -> w.putFixedInt(Float.floatToRawIntBits((Float) v)),
                r -> Float.intBitsToFloat(r.getFixedInt()));
        add(Double.class, Tags.DOUBLE, false, (w, v) -> w.putFixedLong(Double.doubleToRawLongBits((Double) v)),
                r -> Double.longBitsToDouble(r.getFixedLong()));
        add(String.class, Tags.STRING, false, (w, v) -> w.putString((String) v), Reader::getString);
    }

    /** Immutable JDK values, written by value. */
    private static void values() {
        add(new Plan(Optional.class, Tags.OPTIONAL, false) {
            @Override
            void write(Writer w, Object v) {
                Optional<?> o = (Optional<?>) v;
                if (o.isEmpty()) {
                    w.put(Tags.OPTIONAL_EMPTY);
                    return;
                }
                w.put(Tags.OPTIONAL);
                try {
                    w.writeValue(o.get());
                } catch (CodecException e) {
                    throw e.inPart("get()");
                }
            }

            @Override
            Object read(Reader r) {
                return Optional.of(r.readValue());
            }
        });
        BY_TAG[Tags.OPTIONAL_EMPTY] = new Simple(Optional.class, Tags.OPTIONAL_EMPTY, false, (w, v) -> {}, r -> Optional.empty());
        add(UUID.class, Tags.UUID, false, (w, v) -> {
            w.putFixedLong(((UUID) v).getMostSignificantBits());
            w.putFixedLong(((UUID) v).getLeastSignificantBits());
        }, r -> new UUID(r.getFixedLong(), r.getFixedLong()));
        add(BigInteger.class, Tags.BIG_INTEGER, false, (w, v) -> w.writeBytes(((BigInteger) v).toByteArray()),
                r -> new BigInteger(nonNull(r.readBytes())));
        add(BigDecimal.class, Tags.BIG_DECIMAL, false, (w, v) -> {
            w.writeBytes(((BigDecimal) v).unscaledValue().toByteArray());
            w.putZigInt(((BigDecimal) v).scale());
        }, r -> new BigDecimal(new BigInteger(nonNull(r.readBytes())), r.getZigInt()));
        add(Instant.class, Tags.INSTANT, false, (w, v) -> {
            w.putZigLong(((Instant) v).getEpochSecond());
            w.putVarInt(((Instant) v).getNano());
        }, r -> Instant.ofEpochSecond(r.getZigLong(), r.getVarInt()));
        add(Duration.class, Tags.DURATION, false, (w, v) -> {
            w.putZigLong(((Duration) v).getSeconds());
            w.putVarInt(((Duration) v).getNano());
        }, r -> Duration.ofSeconds(r.getZigLong(), r.getVarInt()));
        constant(Comparator.naturalOrder(), Tags.NATURAL_ORDER);
        constant(Collections.reverseOrder(), Tags.REVERSE_ORDER);
        constant(String.CASE_INSENSITIVE_ORDER, Tags.CASE_INSENSITIVE_ORDER);
    }

    /** A JDK singleton (a comparator a sorted collection may hold): its tag alone. */
    static void constant(Object instance, int tag) {
        add(new Plan(instance.getClass(), tag, false) {
            @Override
            void write(Writer w, Object v) {
                if (v != instance) {
                    throw CodecException.cannotEncode(type, "dst knows only its shared instance");
                }
                w.put(tag);
            }

            @Override
            Object read(Reader r) {
                return instance;
            }
        });
    }

    private static byte[] nonNull(byte[] b) {
        if (b == null || b.length == 0) {
            throw CodecException.malformed("an empty magnitude");
        }
        return b;
    }

    /** Arrays of objects: the array class by name, a length, the elements. One per array class and codec. */
    static final class ObjectArray extends Plan {
        ObjectArray(Class<?> type) {
            super(type, Tags.OBJECT_ARRAY, true);
        }

        @Override
        void write(Writer w, Object v) {
            Object[] a = (Object[]) v;
            w.put(Tags.OBJECT_ARRAY);
            w.writeClass(this);
            w.putVarInt(a.length);
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    w.writeValue(a[i]);
                }
            } catch (CodecException e) {
                throw e.inElement(Integer.toString(i));
            }
        }

        @Override
        Object read(Reader r) {
            Object[] a = (Object[]) Array.newInstance(type.getComponentType(), r.getCount());
            r.register(a);
            for (int i = 0; i < a.length; i++) {
                a[i] = r.readValue();
            }
            return a;
        }
    }
}
