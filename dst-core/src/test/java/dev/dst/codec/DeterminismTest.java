package dev.dst.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The same graph gives the same bytes, whatever the insertion history of its hash containers, on every JDK. */
final class DeterminismTest {
    private static final Codec CODEC = Codecs.standard();

    enum Color { RED, GREEN, BLUE }

    record Key(String name, int shard) {}

    /** A class by its fields, holding hash containers. */
    static final class State {
        private final Map<String, Integer> counts;
        private final Set<Key> keys;
        private final Map<Color, List<Double>> byColor;

        State(Map<String, Integer> counts, Set<Key> keys, Map<Color, List<Double>> byColor) {
            this.counts = counts;
            this.keys = keys;
            this.byColor = byColor;
        }
    }

    /** Strings of equal hash code ("Aa" and "BB" collide), so that they share a bucket whatever the capacity. */
    private static final List<String> COLLIDING = List.of("AaAa", "BBBB", "AaBB", "BBAa", "Aa", "BB", "zebra", "apple", "mango");

    private static State state(List<String> order, boolean grownThenShrunk) {
        Map<String, Integer> counts = new HashMap<>();
        if (grownThenShrunk) {
            for (int i = 0; i < 1000; i++) {
                counts.put("filler" + i, i);
            }
        }
        for (String k : order) {
            counts.put(k, k.length());
        }
        if (grownThenShrunk) {
            for (int i = 0; i < 1000; i++) {
                counts.remove("filler" + i);
            }
        }
        Set<Key> keys = new HashSet<>();
        Map<Color, List<Double>> byColor = new HashMap<>();
        for (String k : order) {
            keys.add(new Key(k, k.length() % 3));
        }
        List<Color> colors = new ArrayList<>(List.of(Color.values()));
        if (!order.equals(COLLIDING)) {
            java.util.Collections.reverse(colors);
        }
        for (Color c : colors) {
            byColor.put(c, List.of(c.ordinal() + 0.5));
        }
        return new State(counts, keys, byColor);
    }

    @Test
    void encodingTheSameGraphTwiceGivesTheSameBytes() {
        State s = state(COLLIDING, false);
        assertArrayEquals(CODEC.encode(s), CODEC.encode(s));
    }

    @Test
    void aHashMapOfTheSameStringKeysInAnotherInsertionOrderGivesTheSameBytes() {
        List<String> reversed = new ArrayList<>(COLLIDING);
        java.util.Collections.reverse(reversed);
        Map<String, Integer> forward = state(COLLIDING, false).counts;
        Map<String, Integer> backward = state(reversed, false).counts;
        assertNotEquals(new ArrayList<>(forward.keySet()), new ArrayList<>(backward.keySet()), "the two maps iterate differently");
        assertArrayEquals(CODEC.encode(forward), CODEC.encode(backward));
    }

    @Test
    void aHashMapThatGrewAndShrankGivesTheBytesOfAFreshOne() {
        assertArrayEquals(CODEC.encode(state(COLLIDING, false)), CODEC.encode(state(COLLIDING, true)));
    }

    @Test
    void hashSetsOfRecordsAndHashMapsOfEnumsInAnotherOrderGiveTheSameBytes() {
        List<String> shuffled = new ArrayList<>(COLLIDING);
        java.util.Collections.rotate(shuffled, 4);
        assertArrayEquals(CODEC.encode(state(COLLIDING, false)), CODEC.encode(state(shuffled, true)));
    }

    @Test
    void aDecodedHashMapIteratesInAnOrderThatDependsOnlyOnItsContents() {
        List<String> reversed = new ArrayList<>(COLLIDING);
        java.util.Collections.reverse(reversed);
        Map<?, ?> a = (Map<?, ?>) CODEC.copy(state(COLLIDING, false).counts);
        Map<?, ?> b = (Map<?, ?>) CODEC.copy(state(reversed, true).counts);
        assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()));
    }

    @Test
    void setOfAndMapOfAreWrittenInCanonicalOrderNotTheirSaltedOne() {
        assertArrayEquals(CODEC.encode(Set.of("x", "y", "z", "w")), CODEC.encode(Set.copyOf(List.of("w", "z", "y", "x"))));
        Map<String, Integer> hashed = new HashMap<>(Map.of("a", 1, "b", 2, "c", 3));
        byte[] mapOf = CODEC.encode(Map.of("c", 3, "a", 1, "b", 2));
        byte[] hashMap = CODEC.encode(hashed);
        // same entries, same order: only the tag differs
        assertArrayEquals(Arrays.copyOfRange(mapOf, 2, mapOf.length), Arrays.copyOfRange(hashMap, 2, hashMap.length));
    }

    @Test
    void linkedAndSortedContainersKeepTheirOwnOrder() {
        LinkedHashMap<String, Integer> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        LinkedHashMap<String, Integer> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        assertNotEquals(HexFormat.of().formatHex(CODEC.encode(ab)), HexFormat.of().formatHex(CODEC.encode(ba)));
        assertArrayEquals(CODEC.encode(new TreeMap<>(ab)), CODEC.encode(new TreeMap<>(ba)));
    }

    /**
     * The bytes and hash of a fixed graph, written down once: a different JDK (17, 21, 25) or
     * another run with other identity hash codes and another {@code Set.of} salt must give the
     * same. If the format changes on purpose, update both and {@link Tags#FORMAT_VERSION}.
     */
    @Test
    void theBytesOfAFixedGraphAreTheSameOnEveryJdkAndRun() {
        Map<Object, Object> message = new TreeMap<>();
        message.put("state", state(COLLIDING, false));
        message.put("set", Set.of(Color.GREEN, Color.RED, Color.BLUE));
        message.put("map", Map.of(new Key("k", 1), "v", new Key("j", 2), "w"));
        byte[] bytes = CODEC.encode(message);
        assertEquals(GOLDEN_HEX, HexFormat.of().formatHex(bytes));
        assertEquals(GOLDEN_HASH, CODEC.hash(bytes));
    }

    private static final String GOLDEN_HEX = "012800030b066d617042020c00426465762e6473742e636f6465632e44657465726d696e69736d54657374244b65790b"
            + "026a040b02770c010b026b020b02760b0673657441030c00466465762e6473742e636f6465632e44657465726d696e69"
            + "736d5465737424436f6c6f72000c02020c02010b0a73746174650c00466465762e6473742e636f6465632e4465746572"
            + "6d696e69736d5465737424537461746526030c020040010a000000000000e03f0c020240010a00000000000004400c02"
            + "0140010a000000000000f83f26090b04416107040b04424207040b084161416107080b084161424207080b0842424161"
            + "07080b084242424207080b0a6170706c65070a0b0a6d616e676f070a0b0a7a65627261070a23090c010b0a6170706c65"
            + "040c010b0a6d616e676f040c010b0a7a65627261040c010b044161040c010b044242040c010b0841614161020c010b08"
            + "41614242020c010b0842424161020c010b084242424202";
    private static final long GOLDEN_HASH = 9163593329612355731L;

    @Test
    void theHashOfASliceIsTheHashOfItsBytes() {
        byte[] bytes = new byte[37];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        for (int from = 0; from < 10; from++) {
            for (int to = from; to <= bytes.length; to += 3) {
                assertEquals(Codecs.hash(Arrays.copyOfRange(bytes, from, to)), Codecs.hash(bytes, from, to - from));
            }
        }
        assertNotEquals(Codecs.hash(new byte[0]), Codecs.hash(new byte[1]));
        assertNotEquals(Codecs.hash(new byte[8]), Codecs.hash(new byte[9]));
    }
}
