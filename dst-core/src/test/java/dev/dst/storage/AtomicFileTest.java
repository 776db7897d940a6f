package dev.dst.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.EntropySource;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A small file replaced whole, whose reader can tell it from garbage. */
final class AtomicFileTest {
    @Test
    void whatWasWrittenIsRead() {
        AtomicFile f = new AtomicFile(Storage.inMemory(), "term");
        assertNull(f.read());
        f.write("term=3".getBytes(UTF_8));
        assertEquals("term=3", new String(f.read(), UTF_8));
        f.write(new byte[0]);
        assertArrayEquals(new byte[0], f.read());
    }

    @Test
    void garbageIsToldApartFromContent() {
        SimStorage s = new SimStorage();
        AtomicFile f = new AtomicFile(s, "term");
        s.write("term", "raw".getBytes(UTF_8));
        assertTrue(assertThrows(CorruptFileException.class, f::read).getMessage().startsWith("file 'term' is corrupt: no atomic-file header"));
        f.write("term=3".getBytes(UTF_8));
        byte[] bytes = s.read("term");
        bytes[bytes.length - 1] ^= 4;
        s.write("term", bytes);
        assertTrue(assertThrows(CorruptFileException.class, f::read).getMessage().contains("checksum"));
        s.write("term", java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertTrue(assertThrows(CorruptFileException.class, f::read).getMessage().contains("its header says 6 bytes but 5 follow"));
    }

    @Test
    void aCrashLeavesTheOldOrTheNewContentAndNeverGarbage() {
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            SimStorage s = new SimStorage();
            AtomicFile f = new AtomicFile(s, "vote");
            f.writeAndSync("old".getBytes(UTF_8));
            f.write("new".getBytes(UTF_8));
            s.append("other", new byte[100]);
            s.crash(EntropySource.seeded(seed).stream("storage"), true);
            String after = new String(f.read(), UTF_8);
            assertTrue(after.equals("old") || after.equals("new"), after);
            seen.add(after);
        }
        assertEquals(Set.of("old", "new"), seen);
    }

    @Test
    void fsyncMakesOnlyThisFileDurable() {
        SimStorage s = new SimStorage();
        AtomicFile f = new AtomicFile(s, "vote");
        s.write("other", new byte[] {1});
        f.write("v".getBytes(UTF_8));
        f.fsync();
        assertEquals(1, s.unsyncedWrites());
    }
}
