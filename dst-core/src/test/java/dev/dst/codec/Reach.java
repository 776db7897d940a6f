package dev.dst.codec;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/** Walks an object graph (fields of test classes, JDK collections, arrays) to check copy semantics. */
final class Reach {
    private Reach() {}

    static boolean isImmutable(Object o) {
        return o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof Enum<?> || o instanceof Record;
    }

    static void collect(Object o, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            c.forEach(e -> collect(e, seen));
        } else if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                collect(k, seen);
                collect(v, seen);
            });
        } else if (o.getClass().isArray()) {
            if (!o.getClass().getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(o); i++) {
                    collect(Array.get(o, i), seen);
                }
            }
        } else if (o.getClass().getModule() == Reach.class.getModule()) {
            for (Class<?> k = o.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        try {
                            collect(f.get(o), seen);
                        } catch (IllegalAccessException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
            }
        }
    }
}
