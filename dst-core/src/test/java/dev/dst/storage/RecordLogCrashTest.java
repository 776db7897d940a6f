package dev.dst.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.EntropySource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a power loss leaves of a record log: the synced records, then a prefix of the unsynced ones, never a part of one. */
final class RecordLogCrashTest {
    private static final int SEEDS = 300;
    private static final List<String> SYNCED = List.of("r1", "r2-synced");
    private static final List<String> SINGLE = List.of("r3-single-append", "r4");
    private static final List<String> BATCH = List.of("r5-in-a-batch", "r6-in-a-batch", "r7-in-a-batch");

    private static List<String> texts(RecordLog log) {
        return log.records().stream().map(b -> new String(b, UTF_8)).toList();
    }

    private static List<String> appended() {
        List<String> all = new ArrayList<>(SYNCED);
        all.addAll(SINGLE);
        all.addAll(BATCH);
        return all;
    }

    /** A log with synced records, then unsynced single appends, a write to another file, and a batch. */
    private static SimStorage prepared() {
        SimStorage s = new SimStorage();
        RecordLog log = RecordLog.open(s, "log", 1);
        SYNCED.forEach(r -> log.append(r.getBytes(UTF_8)));
        log.fsync();
        SINGLE.forEach(r -> log.append(r.getBytes(UTF_8)));
        s.write("meta", new byte[] {1});
        log.appendAll(BATCH.stream().map(r -> r.getBytes(UTF_8)).toList());
        return s;
    }

    @Test
    void afterACrashTheRecordsAreAPrefixOfWhatWasAppendedAndIncludeEverySyncedOne() {
        Set<CrashLoss.Mode> seen = EnumSet.noneOf(CrashLoss.Mode.class);
        int torn = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = prepared();
            CrashLoss loss = s.crash(EntropySource.seeded(seed).stream("storage"), true);
            seen.add(loss.mode());
            RecordLog log = RecordLog.open(s, "log");
            List<String> records = texts(log);
            String context = "seed " + seed + ": " + loss + " left " + records;
            assertTrue(records.size() >= SYNCED.size(), context);
            assertEquals(appended().subList(0, records.size()), records, context);
            assertEquals(1, log.firstIndex(), context);
            if (log.droppedBytes() > 0) {
                torn++;
                assertEquals(CrashLoss.Mode.TORN_WRITE, loss.mode(), context);
            }
        }
        assertTrue(seen.containsAll(EnumSet.of(CrashLoss.Mode.ALL_LOST, CrashLoss.Mode.PREFIX_KEPT, CrashLoss.Mode.TORN_WRITE)), seen.toString());
        assertTrue(torn > 10, "torn tails dropped in " + torn + " of " + SEEDS + " seeds");
    }

    @Test
    void appendsAfterATornTailAreReadBackAfterTheNextCrash() {
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = prepared();
            s.crash(EntropySource.seeded(seed).stream("storage"), true);
            RecordLog log = RecordLog.open(s, "log");
            List<String> survived = new ArrayList<>(texts(log));
            log.append("after".getBytes(UTF_8));
            log.fsync();
            s.crash(EntropySource.seeded(seed + 1).stream("storage"), true);
            survived.add("after");
            assertEquals(survived, texts(RecordLog.open(s, "log")), "seed " + seed);
        }
    }

    @Test
    void aLiveLogNoticesACrashBeneathItAndDropsTheTornTail() {
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = new SimStorage();
            RecordLog log = RecordLog.open(s, "log", 1);
            log.append("synced".getBytes(UTF_8));
            log.fsync();
            log.append("unsynced-and-long-enough-to-tear".getBytes(UTF_8));
            s.crash(EntropySource.seeded(seed).stream("storage"), true);
            long next = log.append("next".getBytes(UTF_8));
            List<String> records = texts(log);
            assertEquals("next", records.get(records.size() - 1), "seed " + seed);
            assertEquals(next, log.nextIndex() - 1);
            assertEquals(records, texts(RecordLog.open(s, "log")), "seed " + seed);
        }
    }

    @Test
    void aTruncationIsAtomicUnderACrash() {
        List<List<String>> allowed = List.of(List.of("a", "b", "c"), List.of("a"), List.of("a", "D"));
        Set<List<String>> seen = new java.util.HashSet<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = new SimStorage();
            RecordLog log = RecordLog.open(s, "log", 1);
            List.of("a", "b", "c").forEach(r -> log.append(r.getBytes(UTF_8)));
            log.fsync();
            log.truncateFrom(2);
            log.append("D".getBytes(UTF_8));
            s.crash(EntropySource.seeded(seed).stream("storage"), true);
            List<String> records = texts(RecordLog.open(s, "log"));
            assertTrue(allowed.contains(records), "seed " + seed + " left " + records);
            seen.add(records);
        }
        assertEquals(Set.copyOf(allowed), seen);
    }

    @Test
    void truncateUntilSurvivesACrashWithItsFirstIndexOrNotAtAll() {
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = new SimStorage();
            RecordLog log = RecordLog.open(s, "log", 1);
            List.of("a", "b", "c").forEach(r -> log.append(r.getBytes(UTF_8)));
            log.fsync();
            log.truncateUntil(2);
            s.crash(EntropySource.seeded(seed).stream("storage"), true);
            RecordLog after = RecordLog.open(s, "log");
            List<String> records = texts(after);
            if (records.size() == 3) {
                assertEquals(1, after.firstIndex());
            } else {
                assertEquals(List.of("c"), records, "seed " + seed);
                assertEquals(3, after.firstIndex());
            }
        }
    }
}
