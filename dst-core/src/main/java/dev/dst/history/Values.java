package dev.dst.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Helpers for history values (null, Long, Boolean, String, List, Map, Set).
 * {@link #normalize} turns Integer, Short and Byte into Long so that a value recorded as
 * {@code 3} equals one parsed as {@code 3L}; History applies it to every value it records.
 */
public final class Values {
    private Values() {}

    /** The value with every Integer, Short and Byte made a Long (recursively); other values unchanged. Cheap for scalars. */
    public static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Long) {
            return v; // the usual values, before the interface checks below (which cost more than a class check)
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Set<?> s) {
            if (!needsNormalizing(s)) {
                return v;
            }
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            if (!needsNormalizing(l)) {
                return v;
            }
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            if (!needsNormalizing(m.keySet()) && !needsNormalizing(m.values())) {
                return v;
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(normalize(k), normalize(x)));
            return out;
        }
        return v;
    }

    private static boolean needsNormalizing(Collection<?> c) {
        for (Object o : c) {
            if (normalize(o) != o) {
                return true;
            }
        }
        return false;
    }

    /** Equality of normalized values (so {@code 3} equals {@code 3L}). */
    public static boolean equal(Object a, Object b) {
        return Objects.equals(normalize(a), normalize(b));
    }
}
