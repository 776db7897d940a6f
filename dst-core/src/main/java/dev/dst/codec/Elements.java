package dev.dst.codec;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * Writing the elements and entries of collections, with the element index or key in the path
 * of an error, and the canonical order of hash-ordered collections.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class Elements {
    private Elements() {}

    /** Classes whose natural order is total and the same on every run and JDK. */
    static final Set<Class<?>> PLAIN = Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
            Character.class, Boolean.class, Double.class, Float.class, java.math.BigInteger.class, java.math.BigDecimal.class,
            java.util.UUID.class);

    /**
     * Sorts the elements of a hash-ordered collection into an order that depends only on their
     * contents: natural order when all are strings, or all boxes of one kind (and a few other
     * JDK values); otherwise the order of each element's own encoding, bytes compared as
     * unsigned. Hash codes are never used: a record's includes its enums' identity hash codes,
     * which change from run to run. Returns a permutation of indexes.
     */
    static int[] canonicalOrder(Writer w, Object[] elements) {
        int n = elements.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n > 1) {
            Class<?> first = elements[0] == null ? null : elements[0].getClass();
            boolean plain = first != null && PLAIN.contains(first);
            for (int i = 1; plain && i < n; i++) {
                plain = elements[i] != null && elements[i].getClass() == first;
            }
            if (plain) {
                Arrays.sort(order, (a, b) -> ((Comparable) elements[a]).compareTo(elements[b]));
            } else {
                byte[][] bytes = new byte[n][];
                for (int i = 0; i < n; i++) {
                    try {
                        bytes[i] = w.codec.encodeAlone(elements[i]);
                    } catch (CodecException e) {
                        throw e.inElement(Integer.toString(i));
                    }
                }
                // equal bytes (two distinct objects equal in every field) keep the iteration order
                Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(bytes[a], bytes[b]));
            }
        }
        int[] result = new int[n];
        for (int i = 0; i < n; i++) {
            result[i] = order[i];
        }
        return result;
    }

    static Object[] canonicalElements(Writer w, Collection<?> c) {
        Object[] a = c.toArray();
        int[] order = canonicalOrder(w, a);
        Object[] sorted = new Object[a.length];
        for (int i = 0; i < a.length; i++) {
            sorted[i] = a[order[i]];
        }
        return sorted;
    }

    static Map.Entry<?, ?>[] entries(Writer w, Map<?, ?> m, boolean canonical) {
        Map.Entry<?, ?>[] es = m.entrySet().toArray(new Map.Entry[0]);
        if (!canonical || es.length < 2) {
            return es;
        }
        Object[] keys = new Object[es.length];
        for (int i = 0; i < es.length; i++) {
            keys[i] = es[i].getKey();
        }
        int[] order = canonicalOrder(w, keys);
        Map.Entry<?, ?>[] sorted = new Map.Entry[es.length];
        for (int i = 0; i < es.length; i++) {
            sorted[i] = es[order[i]];
        }
        return sorted;
    }

    static void writeElements(Writer w, Object[] a) {
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

    static void writeElements(Writer w, Collection<?> c) {
        int n = c.size();
        w.putVarInt(n);
        int i = 0;
        try {
            for (Object e : c) {
                w.writeValue(e);
                i++;
            }
        } catch (CodecException e) {
            throw e.inElement(Integer.toString(i));
        }
        if (i != n) {
            throw CodecException.cannotEncode(c.getClass(), "its size() is " + n + " but it iterated " + i + " elements (changed while being encoded?)");
        }
    }

    static void writeEntries(Writer w, Map.Entry<?, ?>[] es) {
        w.putVarInt(es.length);
        int i = 0;
        try {
            for (; i < es.length; i++) {
                w.writeValue(es[i].getKey());
                w.writeValue(es[i].getValue());
            }
        } catch (CodecException e) {
            Object key = es[i].getKey();
            boolean plain = key instanceof String || key instanceof Number || key instanceof Enum<?>;
            throw e.inElement(plain ? String.valueOf(key) : "entry " + i);
        }
    }

    static void writeComparator(Writer w, Comparator<?> c) {
        try {
            w.writeValue(c);
        } catch (CodecException e) {
            throw e.inPart("comparator()");
        }
    }
}
