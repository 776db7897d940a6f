package dev.dst.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Plans for the user's classes: enums by ordinal, records by their components and canonical
 * constructor, other classes by their fields, and classes with a registered encoder.
 */
final class ObjectPlans {
    private ObjectPlans() {}

    private static final int Z = 0;
    private static final int B = 1;
    private static final int S = 2;
    private static final int C = 3;
    private static final int I = 4;
    private static final int J = 5;
    private static final int F = 6;
    private static final int D = 7;
    private static final int L = 8;

    private static int kindOf(Class<?> t) {
        if (!t.isPrimitive()) {
            return L;
        }
        return t == boolean.class ? Z : t == byte.class ? B : t == short.class ? S : t == char.class ? C
                : t == int.class ? I : t == long.class ? J : t == float.class ? F : D;
    }

    private static void writePrimitive(Writer w, int kind, Field f, Object o) throws IllegalAccessException {
        switch (kind) {
            case Z -> w.put(f.getBoolean(o) ? 1 : 0);
            case B -> w.put(f.getByte(o));
            case S -> w.putZigInt(f.getShort(o));
            case C -> w.putVarInt(f.getChar(o));
            case I -> w.putZigInt(f.getInt(o));
            case J -> w.putZigLong(f.getLong(o));
            case F -> w.putFixedInt(Float.floatToRawIntBits(f.getFloat(o)));
            default -> w.putFixedLong(Double.doubleToRawLongBits(f.getDouble(o)));
        }
    }

    private static Object readBoxed(Reader r, int kind) {
        return switch (kind) {
            case Z -> r.get() != 0;
            case B -> (byte) r.get();
            case S -> (short) r.getZigInt();
            case C -> (char) r.getVarInt();
            case I -> r.getZigInt();
            case J -> r.getZigLong();
            case F -> Float.intBitsToFloat(r.getFixedInt());
            case D -> Double.longBitsToDouble(r.getFixedLong());
            default -> r.readValue();
        };
    }

    private static void readInto(Reader r, int kind, Field f, Object o) throws IllegalAccessException {
        switch (kind) {
            case Z -> f.setBoolean(o, r.get() != 0);
            case B -> f.setByte(o, (byte) r.get());
            case S -> f.setShort(o, (short) r.getZigInt());
            case C -> f.setChar(o, (char) r.getVarInt());
            case I -> f.setInt(o, r.getZigInt());
            case J -> f.setLong(o, r.getZigLong());
            case F -> f.setFloat(o, Float.intBitsToFloat(r.getFixedInt()));
            case D -> f.setDouble(o, Double.longBitsToDouble(r.getFixedLong()));
            default -> f.set(o, r.readValue());
        }
    }

    /** Why dst cannot read a field of a class in a named module, and what to do. */
    private static String closedReason(Class<?> type, Class<?> owner, Field f) {
        String where = "module " + owner.getModule().getName() + " does not open package " + owner.getPackageName() + " to dst";
        if (owner == type || owner.getModule() == type.getModule()) {
            return "dst does not know this JDK class and cannot read its fields (" + where + "): register an encoder for it "
                    + "(Codecs.builder().register(" + CodecException.simpleName(type) + ".class, ...)) or send a value dst knows";
        }
        return "its superclass " + owner.getName() + " keeps state in field " + f.getName() + ", which dst cannot read (" + where
                + "): register an encoder for " + CodecException.simpleName(type);
    }

    /** An ordinary class: its non-static, non-transient fields, superclass first, by name within a class. */
    static final class FieldPlan extends Plan {
        private final Field[] fields;
        private final int[] kinds;
        private final Constructor<?> constructor;

        private FieldPlan(Class<?> type, Field[] fields, Constructor<?> constructor) {
            super(type, Tags.OBJECT, true);
            this.fields = fields;
            this.kinds = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                kinds[i] = kindOf(fields[i].getType());
            }
            this.constructor = constructor;
        }

        static Plan of(Class<?> type) {
            Deque<Class<?>> chain = new ArrayDeque<>();
            for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
                chain.addFirst(k);
            }
            List<Field> fields = new ArrayList<>();
            for (Class<?> k : chain) {
                Field[] declared = k.getDeclaredFields();
                Arrays.sort(declared, Comparator.comparing(Field::getName));
                for (Field f : declared) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
                        continue;
                    }
                    if (!f.trySetAccessible()) {
                        return new Plan.Refused(type, closedReason(type, k, f));
                    }
                    fields.add(f);
                }
            }
            Constructor<?> constructor = Instantiator.constructorFor(type);
            if (constructor == null) {
                return new Plan.Refused(type, "dst cannot make an instance without running a constructor on this JVM "
                        + "(module jdk.unsupported is missing) and it has no no-argument constructor: register an encoder");
            }
            return new FieldPlan(type, fields.toArray(new Field[0]), constructor);
        }

        @Override
        void write(Writer w, Object o) {
            w.put(Tags.OBJECT);
            w.writeClass(this);
            int i = 0;
            try {
                for (; i < fields.length; i++) {
                    int kind = kinds[i];
                    if (kind == L) {
                        w.writeValue(fields[i].get(o));
                    } else {
                        writePrimitive(w, kind, fields[i], o);
                    }
                }
            } catch (CodecException e) {
                throw e.inField(fields[i].getDeclaringClass(), fields[i].getName());
            } catch (IllegalAccessException e) {
                throw CodecException.cannotEncode(type, "field " + fields[i].getName() + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        Object read(Reader r) {
            Object o;
            try {
                o = constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw CodecException.malformed("cannot make an instance of " + type.getName() + ": " + e, e);
            }
            r.register(o);
            int i = 0;
            try {
                for (; i < fields.length; i++) {
                    readInto(r, kinds[i], fields[i], o);
                }
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw CodecException.malformed("field " + type.getName() + "." + fields[i].getName() + ": " + e.getMessage(), e);
            }
            return o;
        }
    }

    /** A record: its components in declaration order, rebuilt by its canonical constructor. */
    static final class RecordPlan extends Plan {
        private final Field[] fields;
        private final int[] kinds;
        private final Constructor<?> canonical;

        private RecordPlan(Class<?> type, Field[] fields, Constructor<?> canonical) {
            super(type, Tags.OBJECT, false);
            this.fields = fields;
            this.kinds = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                kinds[i] = kindOf(fields[i].getType());
            }
            this.canonical = canonical;
        }

        static Plan of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Field[] fields = new Field[components.length];
            Class<?>[] types = new Class<?>[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    fields[i] = type.getDeclaredField(components[i].getName());
                    types[i] = components[i].getType();
                    if (!fields[i].trySetAccessible()) {
                        return new Plan.Refused(type, closedReason(type, type, fields[i]));
                    }
                }
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                if (!canonical.trySetAccessible()) {
                    return new Plan.Refused(type, "its canonical constructor is not accessible to dst: register an encoder");
                }
                return new RecordPlan(type, fields, canonical);
            } catch (NoSuchFieldException | NoSuchMethodException e) {
                return new Plan.Refused(type, "a record without the field or canonical constructor of its components: " + e);
            }
        }

        @Override
        void write(Writer w, Object o) {
            w.put(Tags.OBJECT);
            w.writeClass(this);
            int i = 0;
            try {
                for (; i < fields.length; i++) {
                    int kind = kinds[i];
                    if (kind == L) {
                        w.writeValue(fields[i].get(o));
                    } else {
                        writePrimitive(w, kind, fields[i], o);
                    }
                }
            } catch (CodecException e) {
                throw e.inField(type, fields[i].getName());
            } catch (IllegalAccessException e) {
                throw CodecException.cannotEncode(type, "component " + fields[i].getName() + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        Object read(Reader r) {
            Object[] args = new Object[fields.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = readBoxed(r, kinds[i]);
            }
            try {
                return canonical.newInstance(args);
            } catch (InvocationTargetException e) {
                throw CodecException.malformed("the canonical constructor of " + type.getName() + " rejected the decoded components: "
                        + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw CodecException.malformed("cannot make a " + type.getName() + ": " + e, e);
            }
        }
    }

    /** An enum constant, by ordinal (its class, constant bodies included, by the enum's name). */
    static final class EnumPlan extends Plan {
        private final Object[] constants;

        EnumPlan(Class<?> type) {
            super(type, Tags.OBJECT, false);
            this.constants = type.getEnumConstants();
        }

        Object constant(int ordinal) {
            if (ordinal < 0 || ordinal >= constants.length) {
                throw CodecException.malformed("ordinal " + ordinal + " of " + type.getName() + ", which has " + constants.length + " constants");
            }
            return constants[ordinal];
        }

        @Override
        void write(Writer w, Object v) {
            w.put(Tags.OBJECT);
            w.writeClass(this);
            w.putVarInt(((Enum<?>) v).ordinal());
        }

        @Override
        Object read(Reader r) {
            return constant(r.getVarInt());
        }
    }

    /** A class with a registered encoder and decoder: written each time it is reached, like a value. */
    static final class CustomPlan<T> extends Plan {
        private final Encoder<? super T> encoder;
        private final Decoder<? extends T> decoder;

        CustomPlan(Class<T> type, Encoder<? super T> encoder, Decoder<? extends T> decoder) {
            super(type, Tags.OBJECT, false);
            this.encoder = encoder;
            this.decoder = decoder;
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(Writer w, Object v) {
            w.put(Tags.OBJECT);
            w.writeClass(this);
            w.enterCustom(v, type);
            try {
                encoder.encode((T) v, w);
            } finally {
                w.exitCustom();
            }
        }

        @Override
        Object read(Reader r) {
            return decoder.decode(r);
        }
    }

    /**
     * Makes instances without running the class's own constructors (as Java serialization
     * does): {@code sun.reflect.ReflectionFactory} of module {@code jdk.unsupported}, found
     * reflectively, needs no JVM flag and warns on no JDK.
     */
    static final class Instantiator {
        private static final Object FACTORY;
        private static final Method FOR_SERIALIZATION;

        static {
            Object factory = null;
            Method method = null;
            try {
                Class<?> rf = Class.forName("sun.reflect.ReflectionFactory");
                factory = rf.getMethod("getReflectionFactory").invoke(null);
                method = rf.getMethod("newConstructorForSerialization", Class.class, Constructor.class);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // without jdk.unsupported, only classes with a no-argument constructor can be made
            }
            FACTORY = factory;
            FOR_SERIALIZATION = method;
        }

        private Instantiator() {}

        static Constructor<?> constructorFor(Class<?> type) {
            if (FOR_SERIALIZATION != null) {
                try {
                    Constructor<?> c = (Constructor<?>) FOR_SERIALIZATION.invoke(FACTORY, type, Object.class.getDeclaredConstructor());
                    if (c != null) {
                        c.setAccessible(true);
                        return c;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // fall back to the class's own constructor
                }
            }
            try {
                Constructor<?> c = type.getDeclaredConstructor();
                return c.trySetAccessible() ? c : null;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    }
}
