package dev.dst.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What cannot cross a network is refused with the class and the field path. */
final class CodecErrorsTest {
    private static final Codec CODEC = Codecs.standard();

    private static String encodeError(Object message) {
        return assertThrows(CodecException.class, () -> CODEC.encode(message)).getMessage();
    }

    static final class RaftNodeImpl {
        private final String name = "n1";
        private final ThreadPoolExecutor executor;

        RaftNodeImpl(ThreadPoolExecutor executor) {
            this.executor = executor;
        }
    }

    record Envelope(int to, Object node) {}

    @Test
    void anExecutorInAFieldIsNamedWithItsFieldAndPath() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try {
            CodecException e = assertThrows(CodecException.class, () -> CODEC.encode(new Envelope(2, new RaftNodeImpl(executor))));
            assertEquals("cannot encode field RaftNodeImpl.executor (a java.util.concurrent.ThreadPoolExecutor): an executor must not "
                    + "cross a network: mark the field transient, or keep it out of the message (path: Envelope.node.executor)", e.getMessage());
            assertEquals("Envelope.node.executor", e.path());
            assertEquals("java.util.concurrent.ThreadPoolExecutor", e.valueClass());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aThreadAtTheRootIsRefused() {
        assertEquals("cannot encode a java.lang.Thread: a thread must not cross a network: mark the field transient, or keep it out of "
                + "the message", encodeError(Thread.currentThread()));
    }

    record Task(String name, Supplier<String> action) {}

    @Test
    void aLambdaIsRefusedWithItsField() {
        String message = encodeError(new Task("t", () -> "x"));
        assertTrue(message.startsWith("cannot encode field Task.action (a dev.dst.codec.CodecErrorsTest$$Lambda"), message);
        assertTrue(message.contains("a lambda (or another hidden class) cannot cross a network"), message);
    }

    @Test
    void aLambdaComparatorIsRefusedWithItsPlaceInThePath() {
        TreeMap<String, Integer> byLength = new TreeMap<>((a, b) -> a.length() - b.length());
        byLength.put("a", 1);
        String message = encodeError(new Envelope(1, byLength));
        assertTrue(message.endsWith("(path: Envelope.node.comparator())"), message);
    }

    @Test
    void elementsAndMapKeysArePartOfThePath() {
        List<Object> list = new ArrayList<>(List.of("ok", "ok"));
        list.add(Thread.currentThread());
        assertTrue(encodeError(list).endsWith("(path: ArrayList[2])"));
        Map<String, Object> map = new HashMap<>();
        map.put("worker", Thread.currentThread());
        assertTrue(encodeError(new Envelope(0, map)).endsWith("(path: Envelope.node[worker])"));
    }

    record Holder(Object held) {}

    @Test
    void anElementOfAHashSetKeepsItsPathThoughItIsEncodedAloneToBeOrdered() {
        java.util.Set<Holder> set = new java.util.HashSet<>(List.of(new Holder("x"), new Holder(Thread.currentThread())));
        String message = encodeError(new Envelope(0, set));
        assertTrue(message.startsWith("cannot encode field Holder.held (a java.lang.Thread)"), message);
        assertTrue(message.matches(".*\\(path: Envelope\\.node\\[[01]\\]\\.held\\)"), message);
    }

    @Test
    void aJdkClassWhoseFieldsAreClosedAsksForAnEncoder() {
        String message = encodeError(new Envelope(0, new AtomicLong(5)));
        assertEquals("cannot encode field Envelope.node (a java.util.concurrent.atomic.AtomicLong): dst does not know this JDK class and "
                + "cannot read its fields (module java.base does not open package java.util.concurrent.atomic to dst): register an "
                + "encoder for it (Codecs.builder().register(AtomicLong.class, ...)) or send a value dst knows", message);
    }

    @Test
    void aViewOfAJdkCollectionAsksForACopy() {
        Map<String, Integer> map = new HashMap<>(Map.of("a", 1));
        String message = encodeError(new Envelope(0, map.keySet()));
        assertTrue(message.startsWith("cannot encode field Envelope.node (a java.util.HashMap$KeySet): a view or kind of JDK collection "
                + "that dst does not know: copy it into an ArrayList"), message);
    }

    @Test
    void aSubclassOfAJdkCollectionNamesTheClosedField() {
        final class Tagged extends ArrayList<String> {
            String tag = "t";
        }
        String message = encodeError(new Tagged());
        assertTrue(message.contains("its superclass java.util.ArrayList keeps state in field size, which dst cannot read"), message);
    }

    static final class Link {
        Link next;
    }

    @Test
    void aChainTooLongForTheStackIsAClearErrorAndTheCodecStillWorks() {
        Link head = new Link();
        Link tail = head;
        for (int i = 0; i < 1_000_000; i++) {
            tail.next = new Link();
            tail = tail.next;
        }
        String message = encodeError(head);
        assertTrue(message.startsWith("cannot encode a dev.dst.codec.CodecErrorsTest$Link: the object graph nests too deeply"), message);
        assertEquals(List.of("still", "works"), CODEC.copy(List.of("still", "works")));
    }

    @Test
    void bytesThatAreNotAMessageAreRefused() {
        assertTrue(assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {42})).getMessage().startsWith("cannot decode: format 42"));
        byte[] good = CODEC.encode(new ArrayList<>(List.of("abc", "def")));
        CodecException truncated = assertThrows(CodecException.class, () -> CODEC.decode(Arrays.copyOf(good, good.length - 2)));
        assertTrue(truncated.getMessage().startsWith("cannot decode: truncated"), truncated.getMessage());
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(CodecException.class, () -> CODEC.decode(longer)).getMessage().contains("1 bytes left after the message"));
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[0]));
    }

    @Test
    void garbageNeverEscapesAsAnotherException() {
        byte[] good = CODEC.encode(new Envelope(3, new ArrayList<>(List.of(new int[] {1, 2}, Map.of("k", List.of(1.5))))));
        for (int i = 1; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                try {
                    CODEC.decode(bad);
                } catch (CodecException expected) {
                    // refused: fine; decoding to another value is fine too
                }
            }
        }
    }

    @Test
    void javaSerializationRefusesWhatIsNotSerializable() {
        String message = assertThrows(CodecException.class, () -> Codecs.javaSerialization().encode(new Envelope(1, null))).getMessage();
        assertTrue(message.contains("is not Serializable"), message);
    }
}
