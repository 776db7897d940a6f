package dev.dst.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.storage.AtomicFile;
import dev.dst.storage.DiskFullException;
import dev.dst.storage.RecordLog;
import dev.dst.storage.SimStorage;
import dev.dst.storage.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage on real files reads like the simulated disk; what a crash may leave is the kill test's ({@link FileStorageKillTest}). */
final class FileStorageTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void writesAppendsAndDeletesReadBackAsWritten() throws IOException {
        try (FileStorage s = FileStorage.open(dir)) {
            assertNull(s.read("a"));
            assertEquals(-1, s.length("a"));
            s.append("a", bytes("he"));
            s.append("a", bytes("llo"));
            s.write("b", bytes("first"));
            s.write("b", bytes("second"));
            assertEquals("hello", new String(s.read("a"), UTF_8));
            assertEquals("ell", new String(s.read("a", 1, 3), UTF_8));
            assertEquals(5, s.length("a"));
            assertEquals("second", new String(s.read("b"), UTF_8));
            assertEquals(List.of("a", "b"), s.files());
            s.delete("a");
            assertFalse(s.exists("a"));
            assertEquals(List.of("b"), s.files());
            s.writeLong("term", 42);
            assertEquals(42, s.readLong("term", -1));
            assertEquals(-1, s.readLong("b", -1), "a file that is not 8 bytes");
            assertThrows(IllegalArgumentException.class, () -> s.read("b", 4, 3));
            assertThrows(IllegalArgumentException.class, () -> s.read("missing", 0, 0));
        }
    }

    @Test
    void whatWasWrittenIsThereAfterReopening() throws IOException {
        try (FileStorage s = FileStorage.open(dir)) {
            s.append("log", bytes("abc"));
            s.write("meta", bytes("m"));
            s.fsync();
        }
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals("abc", new String(s.read("log"), UTF_8));
            assertEquals("m", new String(s.read("meta"), UTF_8));
            assertEquals(4, s.usedBytes());
        }
    }

    @Test
    void anyNameIsOneFileOfTheDirectoryAndListsAsItself() throws IOException {
        List<String> names = List.of("log/k1", "commit/k1", ".hidden", "seen.3", "a b%c", "ünïcode", "..");
        try (FileStorage s = FileStorage.open(dir)) {
            for (String n : names) {
                s.write(n, bytes(n));
            }
            assertEquals(names.stream().sorted().toList(), s.files());
            for (String n : names) {
                assertEquals(n, new String(s.read(n), UTF_8));
            }
        }
        try (var entries = Files.list(dir)) {
            assertTrue(entries.allMatch(p -> Files.isRegularFile(p) && p.getParent().equals(dir)), "no subdirectories");
        }
        assertTrue(Files.exists(dir.resolve("log%2Fk1")));
        assertThrows(IllegalArgumentException.class, () -> FileNames.encode(""));
        assertThrows(IllegalArgumentException.class, () -> FileNames.encode("x".repeat(300)));
    }

    @Test
    void strangersInTheDirectoryAreIgnored() throws IOException {
        Files.writeString(dir.resolve("lost+found"), "not ours");
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(List.of(), s.files());
        }
    }

    /** The same random operations on the model and on files: every read agrees after every step. */
    @Test
    void randomOperationsReadAsOnTheModel() throws IOException {
        SplittableRandom r = new SplittableRandom(15);
        Storage model = new SimStorage();
        try (FileStorage s = FileStorage.open(dir)) {
            List<String> files = List.of("a", "b", "log/c", "d.e");
            for (int step = 0; step < 400; step++) {
                String f = files.get(r.nextInt(files.size()));
                byte[] data = new byte[r.nextInt(40)];
                r.nextBytes(data);
                switch (r.nextInt(6)) {
                    case 0, 1 -> {
                        model.append(f, data);
                        s.append(f, data);
                    }
                    case 2 -> {
                        model.write(f, data);
                        s.write(f, data);
                    }
                    case 3 -> {
                        model.delete(f);
                        s.delete(f);
                    }
                    case 4 -> {
                        model.fsync(f);
                        s.fsync(f);
                    }
                    default -> {
                        model.fsync();
                        s.fsync();
                    }
                }
                assertEquals(model.files(), s.files(), "step " + step);
                for (String g : files) {
                    assertArrayEquals(model.read(g), s.read(g), "step " + step + ", " + g);
                    assertEquals(model.length(g), s.length(g));
                }
            }
        }
    }

    @Test
    void aFullDiskRefusesWritesAndAppendsAndChangesNothing() throws IOException {
        try (FileStorage s = FileStorage.open(dir, 10)) {
            s.append("log", bytes("12345678"));
            assertThrows(DiskFullException.class, () -> s.append("log", bytes("abc")));
            assertThrows(DiskFullException.class, () -> s.write("new", bytes("abc")));
            assertEquals("12345678", new String(s.read("log"), UTF_8));
            assertFalse(s.exists("new"));
            s.fsync(); // fsync, reads and deletes still work
            s.write("log", bytes("12")); // a write that shrinks a file frees space
            s.append("other", bytes("abcdefgh"));
            assertEquals(10, s.usedBytes());
            s.delete("other");
            s.append("log", bytes("3"));
            assertEquals("123", new String(s.read("log"), UTF_8));
            s.setQuotaBytes(s.usedBytes() + 2); // room for 2 bytes: not for a 3-byte copy of "log", though it replaces 3 bytes
            assertThrows(DiskFullException.class, () -> s.write("log", bytes("abc")));
            s.write("log", bytes("ab"));
            s.setQuotaBytes(s.usedBytes()); // no byte left: every write and append throws, as on the model's full disk
            assertThrows(DiskFullException.class, () -> s.write("log", new byte[0]));
            assertThrows(DiskFullException.class, () -> s.append("log", new byte[0]));
            assertEquals("ab", new String(s.read("log"), UTF_8));
            s.setQuotaBytes(Long.MAX_VALUE);
            s.append("log", new byte[1000]);
        }
    }

    @Test
    void noSpaceFromTheOperatingSystemIsADiskFull() {
        assertTrue(FileStorage.isNoSpace(new IOException("No space left on device")));
        assertTrue(FileStorage.isNoSpace(new IOException("wrapped", new IOException("Disk quota exceeded"))));
        assertFalse(FileStorage.isNoSpace(new IOException("Input/output error")));
    }

    @Test
    void aRecordLogDropsATornTailLeftInTheFile() throws IOException {
        try (FileStorage s = FileStorage.open(dir)) {
            RecordLog log = RecordLog.open(s, "records");
            log.append(bytes("one"));
            log.append(bytes("two"));
            log.fsync();
        }
        byte[] whole = Files.readAllBytes(dir.resolve("records"));
        // a third record torn after 5 of its 13 bytes, as a power loss may leave it
        Files.write(dir.resolve("records"), new byte[] {0, 0, 0, 5, 0x12}, StandardOpenOption.APPEND);
        try (FileStorage s = FileStorage.open(dir)) {
            RecordLog log = RecordLog.open(s, "records");
            assertEquals(2, log.size());
            assertEquals(5, log.droppedBytes());
            assertEquals("two", new String(log.get(1), UTF_8));
            assertArrayEquals(whole, s.read("records"), "the tail was cut off the file");
            log.append(bytes("three"));
            assertEquals("three", new String(log.records().get(2), UTF_8));
        }
    }

    @Test
    void anAtomicFileIsReplacedWhole() throws IOException {
        try (FileStorage s = FileStorage.open(dir)) {
            AtomicFile f = new AtomicFile(s, "vote");
            f.writeAndSync(bytes("term 1"));
            f.writeAndSync(bytes("term 2"));
            assertEquals("term 2", new String(f.read(), UTF_8));
        }
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(".lock", "vote"), entries.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void aTemporaryFileACrashLeftIsRemovedAtOpen() throws IOException {
        Files.writeString(dir.resolve(".tmp.meta"), "half a write");
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(List.of(), s.files());
            assertFalse(Files.exists(dir.resolve(".tmp.meta")));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
        try (FileStorage s = FileStorage.open(dir)) {
            IOException e = assertThrows(IOException.class, () -> FileStorage.open(dir).close());
            assertTrue(e.getMessage().contains("is in use"), e.getMessage());
        }
        FileStorage.open(dir).close(); // closing released it
    }
}
