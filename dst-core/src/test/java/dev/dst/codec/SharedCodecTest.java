package dev.dst.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One codec shared by the threads of a sweep: plans made in a race, and per-thread buffers, give the same bytes. */
final class SharedCodecTest {
    record Item(String name, List<Integer> values, Map<String, Long> counts) {}

    static final class Holder {
        Item item;
        Holder self = this;
    }

    private static List<Object> messages() {
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Long> counts = new HashMap<>();
            for (int j = 0; j < i; j++) {
                counts.put("k" + j, (long) j * i);
            }
            Holder h = new Holder();
            h.item = new Item("item" + i, new ArrayList<>(List.of(i, -i)), counts);
            messages.add(h);
            messages.add(h.item);
        }
        return messages;
    }

    @Test
    void threadsSharingAFreshCodecGetTheBytesOfOneThread() throws Exception {
        Codec shared = Codecs.builder().build();
        List<Object> messages = messages();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<byte[]>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<byte[]> out = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        for (Object m : messages) {
                            byte[] bytes = shared.encode(m);
                            assertArrayEquals(bytes, shared.encode(shared.decode(bytes)));
                            if (round == 0) {
                                out.add(bytes);
                            }
                        }
                    }
                    return out;
                }));
            }
            Codec alone = Codecs.builder().build();
            for (Future<List<byte[]>> f : results) {
                List<byte[]> bytes = f.get();
                for (int i = 0; i < messages.size(); i++) {
                    assertArrayEquals(alone.encode(messages.get(i)), bytes.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bytesFromOneCodecDecodeInAnotherConfiguredTheSame() {
        Object message = messages().get(7);
        byte[] bytes = Codecs.builder().build().encode(message);
        assertArrayEquals(bytes, Codecs.standard().encode(Codecs.standard().decode(bytes)));
    }

    @Test
    void aSliceOfALargerArrayDecodes() {
        byte[] bytes = Codecs.standard().encode(List.of("a", "b"));
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        assertEquals(List.of("a", "b"), Codecs.standard().decode(padded, 3, bytes.length));
    }
}
