package dev.dst.sim;

import dev.dst.entropy.SplitMix64;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A 64-bit hash of object graphs, for {@link Simulation#stateHash()}: a pre-order walk that
 * mixes each object's type and contents, so that two graphs hash alike when they hold the same
 * values in the same shape.
 *
 * <ul>
 * <li>Primitives and their boxes, strings, enums and classes by value; arrays element by element.
 * <li>Maps, collections and {@link Optional} by their public API, in iteration order (the order a
 *     node would see): equal contents in another order hash differently, which costs pruning,
 *     never soundness.
 * <li>Other JDK objects (they cannot be opened by reflection) by their {@code toString} when
 *     their class defines one, else by class name only.
 * <li>Every other object by its fields, the superclasses' included, except {@code static} and
 *     {@code transient} ones; lambdas by what they capture.
 * <li>dst's kernel objects (the simulation, entropy, node contexts, the trace, loggers, threads)
 *     by class name only: they are not the state of the system under test, and a node reaches
 *     them through its context.
 * </ul>
 * An object met again is mixed as a reference to its first place in the walk, so cycles end.
 * A graph of more than {@value #MAX_OBJECTS} objects is refused: exhaustive exploration is
 * for tiny configurations.
 */
final class StateHasher {
    static final int MAX_OBJECTS = 2_000_000;
    private static final Object NULL = new Object();
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return fieldsOf(type);
        }
    };
    /** Marks a class whose fields reflection may not open: hashed by {@code toString} or name. */
    private static final Field[] CLOSED = new Field[0];

    private final IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>();
    private final int[] walked;
    private long h = 0x6a09e667f3bcc908L;

    StateHasher() {
        this(new int[1]);
    }

    private StateHasher(int[] walked) {
        this.walked = walked;
    }

    /** A hasher for one part of the state that is combined as a set: its own references, the same budget. */
    StateHasher forPart() {
        return new StateHasher(walked);
    }

    long value() {
        return h;
    }

    /** A part's value, mixed once more, for summing with other parts. */
    static long finish(long partValue) {
        return SplitMix64.mix(partValue);
    }

    void mixLong(long v) {
        h = Long.rotateLeft(h ^ SplitMix64.mix(v + 0x9E3779B97F4A7C15L), 27) * 0x94D049BB133111EBL;
    }

    private void mixString(String s) {
        mixLong(s.length());
        long acc = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            acc = (acc ^ s.charAt(i)) * 0x100000001b3L;
        }
        mixLong(acc);
    }

    /** Mixes {@code root}'s graph in. */
    void walk(Object root) {
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.push(root == null ? NULL : root);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o == NULL) {
                mixLong(0x5bd1e995L);
                continue;
            }
            if (value(o)) {
                continue;
            }
            Integer first = seen.putIfAbsent(o, seen.size());
            if (first != null) {
                mixLong(-1 - first);
                continue;
            }
            if (++walked[0] > MAX_OBJECTS) {
                throw new IllegalStateException("the state has more than " + MAX_OBJECTS + " objects to hash: too large for"
                        + " exhaustive exploration (it is meant for 2 or 3 nodes and short runs)");
            }
            List<Object> children = children(o);
            for (int i = children.size() - 1; i >= 0; i--) {
                Object c = children.get(i);
                todo.push(c == null ? NULL : c);
            }
        }
    }

    /** Mixes an object that is a value (no identity, no children); false for any other. */
    private boolean value(Object o) {
        Class<?> c = o.getClass();
        if (o instanceof String s) {
            mixLong(1);
            mixString(s);
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            mixLong(2);
            mixString(c.getSimpleName());
            mixLong(((Number) o).longValue());
        } else if (o instanceof Double d) {
            mixLong(3);
            mixLong(Double.doubleToLongBits(d));
        } else if (o instanceof Float f) {
            mixLong(4);
            mixLong(Float.floatToIntBits(f));
        } else if (o instanceof Boolean b) {
            mixLong(b ? 5 : 6);
        } else if (o instanceof Character ch) {
            mixLong(7);
            mixLong(ch);
        } else if (o instanceof Enum<?> e) {
            mixLong(8);
            mixString(e.getDeclaringClass().getName());
            mixLong(e.ordinal());
        } else if (o instanceof Class<?> k) {
            mixLong(9);
            mixString(k.getName());
        } else if (c.isArray() && c.getComponentType().isPrimitive()) {
            primitiveArray(o);
        } else if (opaque(o)) {
            mixLong(10);
            mixString(c.getName());
        } else {
            return false;
        }
        return true;
    }

    private void primitiveArray(Object a) {
        mixLong(11);
        mixString(a.getClass().getName());
        int n = java.lang.reflect.Array.getLength(a);
        mixLong(n);
        if (a instanceof long[] l) {
            for (long v : l) {
                mixLong(v);
            }
        } else if (a instanceof int[] l) {
            for (int v : l) {
                mixLong(v);
            }
        } else if (a instanceof byte[] l) {
            for (byte v : l) {
                mixLong(v);
            }
        } else if (a instanceof double[] l) {
            for (double v : l) {
                mixLong(Double.doubleToLongBits(v));
            }
        } else {
            for (int i = 0; i < n; i++) {
                mixString(String.valueOf(java.lang.reflect.Array.get(a, i)));
            }
        }
    }

    /** The kernel's own objects and the JVM's machinery: not the state of the system under test. */
    private static boolean opaque(Object o) {
        if (o instanceof Simulation || o instanceof dev.dst.entropy.Entropy || o instanceof dev.dst.entropy.EntropySource
                || o instanceof dev.dst.node.NodeContext || o instanceof dev.dst.trace.Trace || o instanceof dev.dst.trace.TraceSink
                || o instanceof LogContext || o instanceof org.slf4j.Logger || o instanceof Thread || o instanceof ClassLoader
                || o instanceof java.lang.reflect.AccessibleObject) {
            return true;
        }
        String name = o.getClass().getName();
        return name.startsWith("java.util.concurrent.locks.") || name.startsWith("java.lang.invoke.");
    }

    /** The object's type mixed in, and what to walk next, in order. */
    private List<Object> children(Object o) {
        Class<?> c = o.getClass();
        mixLong(12);
        String name = c.getName();
        int hidden = name.indexOf('/'); // a lambda's class: Site$$Lambda$14/0x0000000800c0b000, the address varying by JVM
        mixString(hidden < 0 ? name : name.substring(0, hidden));
        List<Object> out = new ArrayList<>();
        if (o instanceof Object[] a) {
            mixLong(a.length);
            out.addAll(java.util.Arrays.asList(a));
        } else if (o instanceof Map<?, ?> m && (jdk(c) || FIELDS.get(c) == CLOSED)) {
            mixLong(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.add(e.getKey());
                out.add(e.getValue());
            }
        } else if (o instanceof Collection<?> col && (jdk(c) || FIELDS.get(c) == CLOSED)) {
            mixLong(col.size());
            out.addAll(col);
        } else if (o instanceof Optional<?> opt) {
            out.add(opt.orElse(null));
        } else {
            Field[] fields = FIELDS.get(c);
            if (fields == CLOSED) {
                mixString(definesToString(c) ? String.valueOf(o) : c.getName());
            } else {
                for (Field f : fields) {
                    try {
                        out.add(f.get(o));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + f + " to hash the state", e);
                    }
                }
            }
        }
        return out;
    }

    private static boolean jdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.") || n.startsWith("com.sun.");
    }

    private static boolean definesToString(Class<?> c) {
        try {
            return c.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Instance fields, the superclasses' first, not static or transient, opened; {@link #CLOSED} when they cannot be. */
    private static Field[] fieldsOf(Class<?> type) {
        if (jdk(type)) {
            return CLOSED;
        }
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
            chain.add(0, k);
        }
        List<Field> out = new ArrayList<>();
        for (Class<?> k : chain) {
            if (jdk(k)) {
                return CLOSED; // a subclass of a JDK class (a custom map): its JDK part cannot be read
            }
            Field[] declared = k.getDeclaredFields();
            java.util.Arrays.sort(declared, java.util.Comparator.comparing(Field::getName)); // reflection promises no order
            for (Field f : declared) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                } catch (RuntimeException closed) { // InaccessibleObjectException: a named module that does not open the package
                    return CLOSED;
                }
                out.add(f);
            }
        }
        return out.toArray(new Field[0]);
    }
}
