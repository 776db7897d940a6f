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

    /** A record whose hash code includes an enum's identity hash code, which differs from run to run. */
    record Tag(Color color, int weight) {}

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
        message.put("tags", new HashSet<>(List.of(new Tag(Color.RED, 1), new Tag(Color.BLUE, 2), new Tag(Color.GREEN, 3), new Tag(Color.RED, 0))));
        message.put("byTag", new HashMap<>(Map.of(new Tag(Color.GREEN, 1), 1, new Tag(Color.BLUE, 1), 2, new Tag(Color.RED, 1), 3)));
        byte[] bytes = CODEC.encode(message);
        assertEquals(GOLDEN_HEX, HexFormat.of().formatHex(bytes));
        assertEquals(GOLDEN_HASH, CODEC.hash(bytes));
    }

    private static final String GOLDEN_HEX = "012800050b0a627954616726030c00426465762e6473742e636f6465632e44657465726d696e69736d54657374245461"
            + "670c00466465762e6473742e636f6465632e44657465726d696e69736d5465737424436f6c6f72000207060c010c0201"
            + "0207020c010c02020207040b066d617042020c00426465762e6473742e636f6465632e44657465726d696e69736d5465"
            + "7374244b65790b026a040b02770c030b026b020b02760b0673657441030c02000c02010c02020b0a73746174650c0046"
            + "6465762e6473742e636f6465632e44657465726d696e69736d5465737424537461746526030c020040010a0000000000"
            + "00e03f0c020140010a000000000000f83f0c020240010a000000000000044026090b04416107040b084161416107080b"
            + "084161424207080b04424207040b084242416107080b084242424207080b0a6170706c65070a0b0a6d616e676f070a0b"
            + "0a7a65627261070a23090c030b044161040c030b044242040c030b0841614161020c030b0841614242020c030b084242"
            + "4161020c030b0842424242020c030b0a6170706c65040c030b0a6d616e676f040c030b0a7a65627261040b0874616773"
            + "23040c010c0200000c010c0200020c010c0201060c010c020204";
    private static final long GOLDEN_HASH = 3180837032595688792L;

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
