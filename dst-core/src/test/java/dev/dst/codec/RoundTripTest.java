package dev.dst.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every supported shape comes back equal, of the same class, and as a fresh copy. */
final class RoundTripTest {
    private static final Codec CODEC = Codecs.standard();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        return (T) CODEC.decode(CODEC.encode(value));
    }

    /** Equal, of the same class, and (for a mutable value) not the same object. */
    private static <T> T assertCopied(T value) {
        T copy = roundTrip(value);
        assertEquals(value, copy);
        assertEquals(value.getClass(), copy.getClass());
        assertNotSame(value, copy);
        return copy;
    }

    enum Color { RED, GREEN, BLUE }

    enum Op {
        PUT { @Override int code() { return 1; } },
        GET { @Override int code() { return 2; } };

        abstract int code();
    }

    record Point(int x, int y) {}

    record Everything(boolean z, byte b, short s, char c, int i, long j, float f, double d,
                      Boolean zb, Byte bb, Short sb, Character cb, Integer ib, Long jb, Float fb, Double db,
                      String text, Color color, Point point) {}

    record Nested(String name, List<Point> points, Map<String, Nested> children) {}

    @Test
    void nullIsNull() {
        assertNull(roundTrip(null));
    }

    @Test
    void primitivesBoxesStringsAndEnumsOfARecordComeBackEqual() {
        Everything e = new Everything(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, -0.0f, Double.NaN,
                false, (byte) 1, (short) 2, 'x', -1, 1L << 40, 1.5f, Math.PI, "héllo wörld ∑ \uD83D\uDE00", Color.BLUE, new Point(1, -2));
        assertEquals(e, roundTrip(e));
    }

    @Test
    void scalarsAtTheRootComeBackEqual() {
        for (Object o : List.of(0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, 3.25, 2.5f, 'q', (short) 9, (byte) -128, true, false,
                "", "plain", "\u0100wide", Color.RED, Op.GET)) {
            assertEquals(o, roundTrip(o), String.valueOf(o));
        }
    }

    @Test
    void anEnumConstantWithABodyIsTheSameConstant() {
        assertSame(Op.PUT, roundTrip(Op.PUT));
        assertEquals(List.of(Op.GET, Op.PUT), roundTrip(new ArrayList<>(List.of(Op.GET, Op.PUT))));
    }

    @Test
    void nestedRecordsComeBackEqual() {
        Map<String, Nested> kids = new TreeMap<>();
        kids.put("leaf", new Nested("leaf", List.of(), Map.of()));
        Nested n = new Nested("root", new ArrayList<>(List.of(new Point(1, 2), new Point(3, 4))), kids);
        Nested copy = roundTrip(n);
        assertEquals(n, copy);
        assertNotSame(n.points(), copy.points());
    }

    @Test
    void nullFieldsAndNullElementsStayNull() {
        Nested n = new Nested(null, null, null);
        assertEquals(n, roundTrip(n));
        List<String> withNull = new ArrayList<>(Arrays.asList("a", null, "b"));
        assertEquals(withNull, assertCopied(withNull));
    }

    @Test
    void primitiveArraysAreCopied() {
        boolean[] z = {true, false, true};
        byte[] b = {1, -2, 3};
        short[] s = {1, -300, Short.MAX_VALUE};
        char[] c = {'a', 'λ', '\uFFFF'};
        int[] i = {0, -1, Integer.MIN_VALUE};
        long[] j = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
        float[] f = {1.5f, Float.NaN, -0.0f};
        double[] d = {Math.E, Double.NEGATIVE_INFINITY};
        assertArrayEquals(z, assertNotSameArray(z, roundTrip(z)));
        assertArrayEquals(b, assertNotSameArray(b, roundTrip(b)));
        assertArrayEquals(s, assertNotSameArray(s, roundTrip(s)));
        assertArrayEquals(c, assertNotSameArray(c, roundTrip(c)));
        assertArrayEquals(i, assertNotSameArray(i, roundTrip(i)));
        assertArrayEquals(j, assertNotSameArray(j, roundTrip(j)));
        assertArrayEquals(f, assertNotSameArray(f, roundTrip(f)));
        assertArrayEquals(d, assertNotSameArray(d, roundTrip(d)));
    }

    private static <A> A assertNotSameArray(A original, A copy) {
        assertNotSame(original, copy);
        return copy;
    }

    @Test
    void objectArraysKeepTheirComponentType() {
        String[] strings = {"a", null, "c"};
        String[] copy = roundTrip(strings);
        assertArrayEquals(strings, copy);
        assertEquals(String[].class, copy.getClass());
        int[][] grid = {{1, 2}, {3}, null};
        int[][] gridCopy = roundTrip(grid);
        assertTrue(Arrays.deepEquals(grid, gridCopy));
        Point[] points = {new Point(1, 1)};
        assertEquals(Point[].class, roundTrip(points).getClass());
    }

    @Test
    void mutableCollectionsKeepTheirClass() {
        assertCopied(new ArrayList<>(List.of(1, 2, 3)));
        assertCopied(new LinkedList<>(List.of("x", "y")));
        assertCopied(new HashSet<>(Set.of("a", "b", "c")));
        assertCopied(new LinkedHashSet<>(List.of("z", "a", "m")));
        assertCopied(new TreeSet<>(Set.of(5, 1, 3)));
        assertCopied(new HashMap<>(Map.of("a", 1, "b", 2)));
        assertCopied(new LinkedHashMap<>(Map.of("a", 1)));
        assertCopied(new TreeMap<>(Map.of("b", 2, "a", 1)));
        assertCopied(new ConcurrentHashMap<>(Map.of(1L, "one")));
        assertCopied(EnumSet.of(Color.RED, Color.BLUE));
        assertCopied(EnumSet.noneOf(Color.class));
    }

    @Test
    void insertionOrderIsKeptWhereTheCollectionHasOne() {
        LinkedHashMap<String, Integer> m = new LinkedHashMap<>();
        m.put("zebra", 1);
        m.put("apple", 2);
        m.put("mango", 3);
        assertEquals(List.of("zebra", "apple", "mango"), new ArrayList<>(roundTrip(m).keySet()));
        LinkedHashSet<Integer> s = new LinkedHashSet<>(List.of(9, 1, 5));
        assertEquals(List.of(9, 1, 5), new ArrayList<>(roundTrip(s)));
    }

    @Test
    void anArrayDequeComesBackInOrder() {
        ArrayDeque<String> d = new ArrayDeque<>();
        d.addLast("b");
        d.addFirst("a");
        d.addLast("c");
        ArrayDeque<String> copy = roundTrip(d);
        assertNotSame(d, copy);
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(copy));
    }

    @Test
    void sortedCollectionsKeepAComparatorTheJdkShares() {
        TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.put("a", 1);
        reversed.put("b", 2);
        TreeMap<String, Integer> copy = roundTrip(reversed);
        assertEquals(List.of("b", "a"), new ArrayList<>(copy.keySet()));
        assertSame(Collections.reverseOrder(), copy.comparator());
        TreeSet<String> caseless = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        caseless.addAll(List.of("b", "A"));
        TreeSet<String> caselessCopy = roundTrip(caseless);
        assertTrue(caselessCopy.contains("a"));
        TreeSet<Integer> natural = new TreeSet<>(Comparator.naturalOrder());
        natural.add(1);
        assertSame(Comparator.naturalOrder(), roundTrip(natural).comparator());
    }

    /** A comparator class with state: encoded by its fields like any class. */
    static final class ByLength implements Comparator<String> {
        private final boolean longestFirst;

        ByLength(boolean longestFirst) {
            this.longestFirst = longestFirst;
        }

        @Override
        public int compare(String a, String b) {
            int c = Integer.compare(a.length(), b.length());
            return longestFirst ? -c : c != 0 ? c : a.compareTo(b);
        }
    }

    @Test
    void aSortedSetKeepsAComparatorOfTheClassPath() {
        TreeSet<String> s = new TreeSet<>(new ByLength(true));
        s.addAll(List.of("a", "ccc", "bb"));
        TreeSet<String> copy = roundTrip(s);
        assertEquals(List.of("ccc", "bb", "a"), new ArrayList<>(copy));
        assertEquals(ByLength.class, copy.comparator().getClass());
        copy.add("dddd");
        assertEquals("dddd", copy.first());
    }

    @Test
    void immutableListsComeBackImmutable() {
        List<Integer> of = List.of(1, 2, 3);
        List<Integer> copy = roundTrip(of);
        assertEquals(of, copy);
        assertThrows(UnsupportedOperationException.class, () -> copy.add(4));
        List<String> withNulls = Stream.of("a", null).toList();
        assertEquals(withNulls, roundTrip(withNulls));
        assertEquals(List.of(), roundTrip(List.of()));
        assertEquals(List.of(7), roundTrip(List.of(7)));
        assertEquals(List.of(1, 2), roundTrip(List.of(1, 2, 3).subList(0, 2)));
    }

    @Test
    void immutableSetsAndMapsComeBackImmutable() {
        Set<String> s = roundTrip(Set.of("x", "y", "z"));
        assertEquals(Set.of("x", "y", "z"), s);
        assertThrows(UnsupportedOperationException.class, () -> s.add("w"));
        Map<String, Integer> m = roundTrip(Map.of("a", 1, "b", 2));
        assertEquals(Map.of("a", 1, "b", 2), m);
        assertThrows(UnsupportedOperationException.class, () -> m.put("c", 3));
        assertEquals(Map.of(1, 2), roundTrip(Map.of(1, 2)));
    }

    @Test
    void unmodifiableWrappersComeBackUnmodifiableWithTheSameOrder() {
        List<Integer> list = roundTrip(Collections.unmodifiableList(new ArrayList<>(List.of(3, 1, 2))));
        assertEquals(List.of(3, 1, 2), list);
        assertThrows(UnsupportedOperationException.class, () -> list.add(4));
        Set<String> set = roundTrip(Collections.unmodifiableSet(new LinkedHashSet<>(List.of("q", "a"))));
        assertEquals(List.of("q", "a"), new ArrayList<>(set));
        assertThrows(UnsupportedOperationException.class, () -> set.add("b"));
        Map<String, Integer> map = roundTrip(Collections.unmodifiableMap(new LinkedHashMap<>(Map.of("k", 1))));
        assertEquals(Map.of("k", 1), map);
        assertThrows(UnsupportedOperationException.class, () -> map.clear());
        var sorted = roundTrip(Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(2, 1))));
        assertEquals(List.of(1, 2), new ArrayList<>(sorted));
        assertThrows(UnsupportedOperationException.class, () -> sorted.add(3));
        var navigable = roundTrip(Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of(2, "b", 1, "a"))));
        assertEquals(1, navigable.firstKey());
        var collection = roundTrip(Collections.unmodifiableCollection(new ArrayList<>(List.of("c"))));
        assertEquals(List.of("c"), new ArrayList<>(collection));
    }

    @Test
    void emptyAndSingletonCollectionsComeBackEqual() {
        assertSame(Collections.emptyList(), roundTrip(Collections.emptyList()));
        assertSame(Collections.emptySet(), roundTrip(Collections.emptySet()));
        assertSame(Collections.emptyMap(), roundTrip(Collections.emptyMap()));
        assertEquals(Collections.singletonList("a"), roundTrip(Collections.singletonList("a")));
        assertEquals(Collections.singleton(1), roundTrip(Collections.singleton(1)));
        assertEquals(Collections.singletonMap("k", "v"), roundTrip(Collections.singletonMap("k", "v")));
    }

    @Test
    void arraysAsListIsAFixedSizeListOverAFreshArray() {
        String[] backing = {"a", "b"};
        List<String> copy = roundTrip(Arrays.asList(backing));
        assertEquals(List.of("a", "b"), copy);
        copy.set(0, "z");
        assertEquals("a", backing[0]);
        assertThrows(UnsupportedOperationException.class, () -> copy.add("c"));
    }

    @Test
    void optionalsAndJdkValuesComeBackEqual() {
        assertEquals(Optional.empty(), roundTrip(Optional.empty()));
        assertEquals(Optional.of("x"), roundTrip(Optional.of("x")));
        for (Object o : List.of(new UUID(-1L, 42L), new BigInteger("-123456789012345678901234567890"), new BigDecimal("-3.14159e-20"),
                Instant.ofEpochSecond(-5, 999), Duration.ofNanos(-1))) {
            assertEquals(o, roundTrip(o), o.toString());
        }
    }
}
