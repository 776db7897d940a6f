package dev.dst.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.ChoiceTape;
import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads, writes, fsync and the disk-full fault of a node's storage. */
final class SimStorageTest {

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(SimStorage s, String file) {
        byte[] d = s.read(file);
        return d == null ? null : new String(d, UTF_8);
    }

    private static Entropy entropy(long seed) {
        return EntropySource.seeded(seed).stream("storage");
    }

    /** An entropy stream whose every draw is 0, the simplest choice. */
    private static Entropy zeros() {
        return EntropySource.replaying(new ChoiceTape(0, Map.of())).stream("storage");
    }

    @Test
    void aNewStorageHasNoFiles() {
        SimStorage s = new SimStorage();
        assertEquals(List.of(), s.files());
        assertNull(s.read("x"));
        assertFalse(s.exists("x"));
    }

    @Test
    void aWriteIsReadBackAtOnce() {
        SimStorage s = new SimStorage();
        s.write("a", bytes("hello"));
        assertEquals("hello", text(s, "a"));
        assertTrue(s.exists("a"));
    }

    @Test
    void aWriteReplacesTheWholeFile() {
        SimStorage s = new SimStorage();
        s.write("a", bytes("a long first version"));
        s.write("a", bytes("short"));
        assertEquals("short", text(s, "a"));
    }

    @Test
    void appendCreatesThenExtendsAFile() {
        SimStorage s = new SimStorage();
        s.append("log", bytes("ab"));
        s.append("log", bytes("cd"));
        assertEquals("abcd", text(s, "log"));
    }

    @Test
    void deleteRemovesAFile() {
        SimStorage s = new SimStorage();
        s.write("a", bytes("x"));
        s.delete("a");
        assertNull(s.read("a"));
        assertFalse(s.exists("a"));
    }

    @Test
    void filesAreListedInNameOrder() {
        SimStorage s = new SimStorage();
        s.write("zeta", bytes("1"));
        s.write("alpha", bytes("2"));
        s.append("mid", bytes("3"));
        assertEquals(List.of("alpha", "mid", "zeta"), s.files());
    }

    @Test
    void storageKeepsItsOwnCopiesOfTheBytes() {
        SimStorage s = new SimStorage();
        byte[] data = bytes("abc");
        s.write("a", data);
        data[0] = 'X';
        s.read("a")[1] = 'Y';
        assertEquals("abc", text(s, "a"));
    }

    @Test
    void longsAreStoredAsEightBigEndianBytes() {
        SimStorage s = new SimStorage();
        s.writeLong("term", 0x0102030405060708L);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, s.read("term"));
        assertEquals(0x0102030405060708L, s.readLong("term", -1));
    }

    @Test
    void readLongGivesTheDefaultForAMissingOrMisshapenFile() {
        SimStorage s = new SimStorage();
        assertEquals(-1, s.readLong("term", -1));
        s.write("term", bytes("abc"));
        assertEquals(-1, s.readLong("term", -1));
    }

    @Test
    void writesAreCountedAndPendingUntilFsync() {
        SimStorage s = new SimStorage();
        s.write("a", bytes("1"));
        s.append("b", bytes("2"));
        s.delete("a");
        assertEquals(3, s.unsyncedWrites());
        assertEquals(3, s.writeCount());
        s.fsync();
        assertEquals(0, s.unsyncedWrites());
        assertEquals(1, s.fsyncCount());
    }

    @Test
    void fsyncedWritesSurviveACrashThatLosesUnsyncedData() {
        for (long seed = 0; seed < 50; seed++) {
            SimStorage s = new SimStorage();
            s.write("meta", bytes("v1"));
            s.append("log", bytes("abc"));
            s.fsync();
            CrashLoss loss = s.crash(entropy(seed), true);
            assertEquals(CrashLoss.Mode.NOTHING_PENDING, loss.mode());
            assertEquals("v1", text(s, "meta"));
            assertEquals("abc", text(s, "log"));
        }
    }

    @Test
    void fsyncOfOneFileLeavesTheOthersPendingAndLosableInOrder() {
        SimStorage s = new SimStorage();
        s.write("meta", bytes("v1"));
        s.append("log", bytes("ab"));
        s.delete("old");
        s.append("log", bytes("c"));
        s.fsync("log");
        assertEquals(2, s.unsyncedWrites());
        assertEquals(1, s.fsyncCount());
        CrashLoss loss = s.crash(zeros(), true);
        assertEquals(new CrashLoss(CrashLoss.Mode.ALL_LOST, 2, 0, 0), loss);
        assertNull(s.read("meta"));
        assertEquals("abc", text(s, "log"));
    }

    @Test
    void aCrashWithNothingPendingDrawsNothing() {
        EntropySource source = EntropySource.recording(1);
        SimStorage s = new SimStorage();
        s.write("a", bytes("1"));
        s.fsync();
        s.crash(source.stream("storage"), true);
        assertEquals(0, source.tape().draws("storage").length);
    }

    @Test
    void aCrashThatKeepsUnsyncedDataKeepsEveryWrite() {
        SimStorage s = new SimStorage();
        s.write("meta", bytes("v1"));
        s.fsync();
        s.write("meta", bytes("v2"));
        s.append("log", bytes("abc"));
        s.delete("gone");
        CrashLoss loss = s.crash(entropy(1), false);
        assertEquals(new CrashLoss(CrashLoss.Mode.ALL_KEPT, 3, 3, 0), loss);
        assertEquals("v2", text(s, "meta"));
        assertEquals("abc", text(s, "log"));
        assertEquals(0, s.unsyncedWrites());
    }

    @Test
    void theSimplestCrashLosesEveryUnsyncedWrite() {
        SimStorage s = new SimStorage();
        s.write("meta", bytes("v1"));
        s.fsync();
        s.write("meta", bytes("v2"));
        s.append("log", bytes("abc"));
        CrashLoss loss = s.crash(zeros(), true);
        assertEquals(new CrashLoss(CrashLoss.Mode.ALL_LOST, 2, 0, 0), loss);
        assertEquals("v1", text(s, "meta"));
        assertNull(s.read("log"));
    }

    @Test
    void afterACrashNothingIsPendingAndASecondCrashLosesNothingMore() {
        SimStorage s = new SimStorage();
        s.append("log", bytes("abc"));
        s.crash(entropy(3), true);
        assertEquals(0, s.unsyncedWrites());
        byte[] after = s.read("log");
        assertEquals(CrashLoss.Mode.NOTHING_PENDING, s.crash(entropy(4), true).mode());
        assertArrayEquals(after, s.read("log"));
    }

    @Test
    void aFullDiskRejectsWritesAndAppends() {
        SimStorage s = new SimStorage();
        s.write("a", bytes("old"));
        s.setFull(true);
        assertTrue(s.isFull());
        DiskFullException w = assertThrows(DiskFullException.class, () -> s.write("a", bytes("new")));
        assertTrue(w.getMessage().contains("'a'"), w.getMessage());
        assertThrows(DiskFullException.class, () -> s.append("a", bytes("more")));
        assertEquals("old", text(s, "a"), "a rejected write changes nothing");
        assertEquals(1, s.unsyncedWrites(), "and is not pending");
    }

    @Test
    void aFullDiskStillReadsDeletesAndSyncs() {
        SimStorage s = new SimStorage();
        s.write("a", bytes("1"));
        s.write("b", bytes("2"));
        s.setFull(true);
        assertEquals("1", text(s, "a"));
        s.delete("b");
        s.fsync();
        assertEquals(List.of("a"), s.files());
        assertEquals(0, s.unsyncedWrites());
    }

    @Test
    void aDiskThatIsNoLongerFullAcceptsWritesAgain() {
        SimStorage s = new SimStorage();
        s.setFull(true);
        s.setFull(false);
        s.write("a", bytes("1"));
        assertEquals("1", text(s, "a"));
    }

    @Test
    void aRangeOfAFileIsReadAndItsLengthKnownWithoutCopyingIt() {
        SimStorage s = new SimStorage();
        assertEquals(-1, s.length("log"));
        s.append("log", bytes("abc"));
        s.append("log", bytes("def"));
        assertEquals(6, s.length("log"));
        assertEquals("cde", new String(s.read("log", 2, 3), UTF_8));
        assertEquals("", new String(s.read("log", 6, 0), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> s.read("log", 4, 3));
        assertThrows(IllegalArgumentException.class, () -> s.read("missing", 0, 0));
    }
}
