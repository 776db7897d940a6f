package dev.dst.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Appends, reads, indexes and truncations of a record log, without crashes. */
final class RecordLogTest {
    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> texts(RecordLog log) {
        return log.records().stream().map(b -> new String(b, UTF_8)).toList();
    }

    private static RecordLog logOf(Storage s, String... records) {
        RecordLog log = RecordLog.open(s, "log", 1);
        for (String r : records) {
            log.append(bytes(r));
        }
        return log;
    }

    @Test
    void aNewLogIsEmptyAndWritesNothing() {
        SimStorage s = new SimStorage();
        RecordLog log = RecordLog.open(s, "log", 5);
        assertEquals(List.of(), log.records());
        assertEquals(5, log.firstIndex());
        assertEquals(5, log.nextIndex());
        assertEquals(0, s.writeCount());
    }

    @Test
    void appendedRecordsAreReadBackInOrderWithTheirIndexes() {
        SimStorage s = new SimStorage();
        RecordLog log = RecordLog.open(s, "log", 1);
        assertEquals(1, log.append(bytes("a")));
        assertEquals(2, log.appendAll(List.of(bytes("bb"), bytes(""), bytes("dddd"))));
        assertEquals(List.of("a", "bb", "", "dddd"), texts(log));
        assertEquals("bb", new String(log.get(2), UTF_8));
        assertEquals("", new String(log.get(3), UTF_8));
        assertEquals(5, log.nextIndex());
        assertEquals(4, log.size());
    }

    @Test
    void aReopenedLogHasTheSameRecordsAndIndexes() {
        SimStorage s = new SimStorage();
        logOf(s, "a", "b", "c");
        RecordLog again = RecordLog.open(s, "log", 99);
        assertEquals(List.of("a", "b", "c"), texts(again));
        assertEquals(1, again.firstIndex(), "an existing file keeps its first index");
        assertEquals(0, again.droppedBytes());
    }

    @Test
    void truncateFromDropsTheRecordAndEveryLaterOne() {
        SimStorage s = new SimStorage();
        RecordLog log = logOf(s, "a", "b", "c", "d");
        log.truncateFrom(3);
        assertEquals(List.of("a", "b"), texts(log));
        assertEquals(3, log.append(bytes("C")));
        assertEquals(List.of("a", "b", "C"), texts(RecordLog.open(s, "log")));
        log.truncateFrom(4);
        assertEquals(3, log.size(), "truncating from the next index drops nothing");
        log.truncateFrom(1);
        assertEquals(List.of(), texts(log));
        assertEquals(1, log.nextIndex());
    }

    @Test
    void truncateUntilDropsTheRecordAndEveryEarlierOneAndMovesTheFirstIndex() {
        SimStorage s = new SimStorage();
        RecordLog log = logOf(s, "a", "b", "c", "d");
        log.truncateUntil(2);
        assertEquals(List.of("c", "d"), texts(log));
        assertEquals(3, log.firstIndex());
        assertEquals("d", new String(log.get(4), UTF_8));
        RecordLog again = RecordLog.open(s, "log");
        assertEquals(3, again.firstIndex(), "the first index is kept in the file");
        assertEquals(List.of("c", "d"), texts(again));
        again.append(bytes("e"));
        assertEquals(List.of("c", "d", "e"), texts(RecordLog.open(s, "log")));
    }

    @Test
    void truncateUntilPastTheEndEmptiesTheLogAndSetsTheNextIndex() {
        SimStorage s = new SimStorage();
        RecordLog log = logOf(s, "a", "b");
        log.truncateUntil(10);
        assertEquals(List.of(), texts(log));
        assertEquals(11, log.nextIndex());
        assertEquals(11, RecordLog.open(s, "log").nextIndex());
        assertEquals(11, RecordLog.open(s, "log").append(bytes("k")));
        RecordLog fresh = RecordLog.open(Storage.inMemory(), "log", 1);
        fresh.truncateUntil(4);
        assertEquals(5, fresh.append(bytes("x")));
    }

    @Test
    void indexesOutsideTheLogAreRefusedWithWhatItHolds() {
        RecordLog log = logOf(Storage.inMemory(), "a", "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.get(3));
        assertEquals("no record 3 in log 'log': it holds records 1 to 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> log.get(0));
        assertThrows(IllegalArgumentException.class, () -> log.truncateFrom(4));
        assertThrows(IllegalArgumentException.class, () -> log.truncateUntil(-1));
    }

    @Test
    void aCorruptRecordEndsTheLog() {
        SimStorage s = new SimStorage();
        logOf(s, "first", "second", "third");
        byte[] file = s.read("log");
        int second = RecordLog.HEADER_BYTES + RecordLog.FRAME_BYTES + "first".length();
        file[second + RecordLog.FRAME_BYTES + 2] ^= 1;
        s.write("log", file);
        RecordLog log = RecordLog.open(s, "log");
        assertEquals(List.of("first"), texts(log));
        assertEquals(file.length - second, log.droppedBytes());
        assertEquals(second, s.length("log"), "the file was rewritten without the tail");
    }

    @Test
    void aFileThatIsNotALogIsRefused() {
        SimStorage s = new SimStorage();
        s.write("log", bytes("not a log at all"));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> RecordLog.open(s, "log"));
        assertTrue(e.getMessage().startsWith("file 'log' is corrupt: no record-log header"), e.getMessage());
    }

    @Test
    void aFullDiskRefusesAppendsButNotReads() {
        SimStorage s = new SimStorage();
        RecordLog log = logOf(s, "a");
        s.setFull(true);
        assertThrows(DiskFullException.class, () -> log.append(bytes("b")));
        assertEquals(List.of("a"), texts(log));
        assertEquals(List.of("a"), texts(RecordLog.open(s, "log")));
    }
}
