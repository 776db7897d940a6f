package dev.dst.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Ordinary classes by their fields; shared references and cycles; a copy shares nothing mutable. */
final class ObjectGraphTest {
    private static final Codec CODEC = Codecs.standard();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        return (T) CODEC.decode(CODEC.encode(value));
    }

    /** No no-argument constructor, private final fields, and a constructor that must not run on decoding. */
    static final class Account {
        static int constructed;
        private final String owner;
        private final long balance;
        private final int[] history;
        private transient String cache = "derived";
        static String shared = "static";

        Account(String owner, long balance, int... history) {
            constructed++;
            this.owner = Objects.requireNonNull(owner);
            this.balance = balance;
            this.history = history;
        }
    }

    static class Base {
        protected int baseCount;
        private String baseName;

        Base(int baseCount, String baseName) {
            this.baseCount = baseCount;
            this.baseName = baseName;
        }

        String baseName() {
            return baseName;
        }
    }

    static final class Derived extends Base {
        private final double extra;
        private String baseName; // shadows the superclass's private field

        Derived(int count, String superName, String ownName, double extra) {
            super(count, superName);
            this.baseName = ownName;
            this.extra = extra;
        }
    }

    static final class Node {
        String label;
        Node next;
        List<Node> neighbours = new ArrayList<>();

        Node(String label) {
            this.label = label;
        }
    }

    @Test
    void aClassWithoutANoArgumentConstructorIsReadByItsPrivateFinalFields() {
        Account a = new Account("ann", -42, 1, 2, 3);
        int before = Account.constructed;
        Account copy = roundTrip(a);
        assertEquals(before, Account.constructed, "decoding runs no constructor of the class");
        assertEquals("ann", copy.owner);
        assertEquals(-42, copy.balance);
        assertEquals(List.of(1, 2, 3), java.util.Arrays.stream(copy.history).boxed().toList());
        assertNotSame(a.history, copy.history);
    }

    @Test
    void transientFieldsAreSkippedAndComeBackAsDefaults() {
        Account copy = roundTrip(new Account("bob", 1));
        assertNull(copy.cache);
    }

    @Test
    void inheritedAndShadowedFieldsAreKept() {
        Derived d = new Derived(7, "super", "own", 2.5);
        Derived copy = roundTrip(d);
        assertEquals(7, copy.baseCount);
        assertEquals("super", copy.baseName());
        assertEquals("own", copy.baseName);
        assertEquals(2.5, copy.extra);
    }

    @Test
    void sharedReferencesStayShared() {
        Node shared = new Node("shared");
        List<Node> list = new ArrayList<>(List.of(shared, shared, new Node("other")));
        List<Node> copy = roundTrip(list);
        assertSame(copy.get(0), copy.get(1));
        assertNotSame(copy.get(0), copy.get(2));
        assertNotSame(shared, copy.get(0));
    }

    @Test
    void aSharedArrayStaysSharedInsideRecords() {
        record Holder(int[] values) {}
        int[] values = {1, 2};
        List<Holder> holders = List.of(new Holder(values), new Holder(values));
        List<Holder> copy = roundTrip(holders);
        assertSame(copy.get(0).values(), copy.get(1).values());
        assertNotSame(values, copy.get(0).values());
    }

    @Test
    void cyclesThroughFieldsAndCollectionsAreRebuilt() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        a.neighbours.add(a);
        a.neighbours.add(b);
        Node copy = roundTrip(a);
        assertEquals("a", copy.label);
        assertSame(copy, copy.next.next);
        assertSame(copy, copy.neighbours.get(0));
        assertSame(copy.next, copy.neighbours.get(1));
    }

    @Test
    void aListThatContainsItselfIsRebuilt() {
        List<Object> self = new ArrayList<>();
        self.add("x");
        self.add(self);
        List<Object> copy = roundTrip(self);
        assertSame(copy, copy.get(1));
        Map<String, Object> map = new HashMap<>();
        map.put("me", map);
        Map<String, Object> mapCopy = roundTrip(map);
        assertSame(mapCopy, mapCopy.get("me"));
    }

    @Test
    void aCycleThroughAnUnmodifiableWrapperIsRebuilt() {
        List<Object> inner = new ArrayList<>();
        List<Object> view = Collections.unmodifiableList(inner);
        inner.add(view);
        List<Object> copy = roundTrip(view);
        assertSame(copy, copy.get(0));
    }

    @Test
    void aCopySharesNoMutableObjectWithTheOriginal() {
        Node a = new Node("a");
        a.next = new Node("b");
        a.neighbours.add(a.next);
        Map<String, Object> message = new HashMap<>();
        message.put("node", a);
        message.put("list", new ArrayList<>(List.of(new int[] {1}, new Node("c"), new Account("d", 4))));
        Object copy = roundTrip(message);
        IdentityHashMap<Object, Boolean> original = new IdentityHashMap<>();
        Reach.collect(message, original);
        IdentityHashMap<Object, Boolean> copied = new IdentityHashMap<>();
        Reach.collect(copy, copied);
        int mutable = 0;
        for (Object o : copied.keySet()) {
            if (!Reach.isImmutable(o)) {
                assertEquals(false, original.containsKey(o), "shared with the original: " + o.getClass().getName());
                mutable++;
            }
        }
        assertEquals(original.keySet().stream().filter(o -> !Reach.isImmutable(o)).count(), mutable,
                "the copy has as many distinct mutable objects");
    }

}
