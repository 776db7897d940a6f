package dev.dst.examples.txnkv;

import dev.dst.entropy.EntropySource;
import dev.dst.examples.txnkv.Messages.Commit;
import dev.dst.examples.txnkv.Messages.Prepare;
import dev.dst.examples.txnkv.Messages.Read;
import dev.dst.examples.txnkv.Messages.ReadReply;
import dev.dst.examples.txnkv.Messages.Vote;
import dev.dst.examples.txnkv.Messages.Write;
import dev.dst.storage.SimStorage;
import dev.dst.storage.Storage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shard's concurrency control and durability, one rule at a time (transactions are named by their start timestamps). */
final class ShardTest {
    private static final Shard.Config CORRECT = new Shard.Config(false, false, false);
    private static final int COORDINATOR = 3;

    private static Prepare prepare(long txn, List<Long> reads, Write... writes) {
        return new Prepare(txn, COORDINATOR, reads, List.of(writes));
    }

    private static Write append(long key, Long... elements) {
        return new Write(key, List.of(elements));
    }

    /** Commits {@code txn}, appending {@code element} to {@code key}, at {@code commitTs}. */
    private static void committed(Shard shard, long txn, long commitTs, long key, long element) {
        assertTrue(shard.prepare(prepare(txn, List.of(), append(key, element)), 0).yes());
        assertNotNull(shard.commit(new Commit(txn, commitTs)));
    }

    private static List<List<Long>> read(Shard shard, long snapshot, Long... keys) {
        ReadReply r = shard.read(new Read(snapshot, List.of(keys)));
        assertFalse(r.blocked(), "blocked at " + snapshot);
        return r.lists();
    }

    @Test
    void aReadSeesTheVersionsCommittedAtOrBelowItsSnapshot() {
        Shard shard = new Shard(Storage.inMemory(), 0, CORRECT, new Observer());
        committed(shard, 10, 11, 7, 1);
        committed(shard, 20, 21, 7, 2);
        assertEquals(List.of(List.of()), read(shard, 5, 7L));
        assertEquals(List.of(List.of(1L)), read(shard, 15, 7L));
        assertEquals(List.of(List.of(1L, 2L)), read(shard, 21, 7L));
    }

    @Test
    void aReadWaitsForAPreparedWriterThatStartedBelowItsSnapshotAndIgnoresOneAbove() {
        Shard shard = new Shard(Storage.inMemory(), 0, CORRECT, new Observer());
        assertTrue(shard.prepare(prepare(10, List.of(), append(7, 1L)), 0).yes());
        assertTrue(shard.read(new Read(12, List.of(7L))).blocked(), "T10 may still commit below 12");
        assertEquals(List.of(List.of()), read(shard, 9, 7L));
        shard.commit(new Commit(10, 11));
        assertEquals(List.of(List.of(1L)), read(shard, 12, 7L));
    }

    @Test
    void firstCommitterWinsRefusesAnAppendToAKeyCommittedAfterTheSnapshot() {
        Shard shard = new Shard(Storage.inMemory(), 0, CORRECT, new Observer());
        committed(shard, 10, 12, 7, 1);
        Vote v = shard.prepare(prepare(11, List.of(7L), append(7, 2L)), 0);
        assertFalse(v.yes());
        assertTrue(v.reason().startsWith("write-write conflict on key 7"), v.reason());
    }

    @Test
    void readValidationRefusesAKeyReadThatChangedAfterTheSnapshot() {
        Shard shard = new Shard(Storage.inMemory(), 0, CORRECT, new Observer());
        committed(shard, 10, 12, 7, 1);
        Vote v = shard.prepare(prepare(11, List.of(7L), append(8, 2L)), 0);
        assertFalse(v.yes());
        assertTrue(v.reason().startsWith("read validation: key 7"), v.reason());
    }

    @Test
    void aKeyReadByAPreparedTransactionCannotBeAppendedToUntilItEnds() {
        Shard shard = new Shard(Storage.inMemory(), 0, CORRECT, new Observer());
        assertTrue(shard.prepare(prepare(10, List.of(7L), append(8, 1L)), 0).yes());
        assertFalse(shard.prepare(prepare(11, List.of(), append(7, 2L)), 0).yes());
        shard.abort(10);
        assertTrue(shard.prepare(prepare(12, List.of(), append(7, 2L)), 0).yes());
    }

    @Test
    void withoutReadValidationWriteSkewPrepares() {
        Shard shard = new Shard(Storage.inMemory(), 0, new Shard.Config(true, false, false), new Observer());
        assertTrue(shard.prepare(prepare(10, List.of(7L, 8L), append(7, 1L)), 0).yes());
        assertTrue(shard.prepare(prepare(11, List.of(7L, 8L), append(8, 2L)), 0).yes());
    }

    @Test
    void aPreparedTransactionKeepsItsLocksAndAppendsAcrossAPowerLoss() {
        for (long seed = 1; seed <= 20; seed++) {
            SimStorage storage = new SimStorage();
            Shard shard = new Shard(storage, 0, CORRECT, new Observer());
            committed(shard, 10, 11, 7, 1);
            assertTrue(shard.prepare(prepare(20, List.of(), append(7, 2L, 3L)), 0).yes());
            storage.crash(EntropySource.seeded(seed).stream("storage"), true);
            Shard restarted = new Shard(storage, 0, CORRECT, new Observer());
            assertTrue(restarted.isPrepared(20), "seed " + seed);
            assertFalse(restarted.prepare(prepare(25, List.of(), append(7, 4L)), 0).yes(), "seed " + seed + ": T20 holds key 7");
            assertNotNull(restarted.commit(new Commit(20, 21)));
            assertEquals(List.of(List.of(1L, 2L, 3L)), read(restarted, 22, 7L));
        }
    }

    @Test
    void aCopyOfAPrepareAfterTheCommitIsIgnored() {
        Shard shard = new Shard(Storage.inMemory(), 0, new Shard.Config(false, true, false), new Observer());
        committed(shard, 10, 11, 7, 1);
        assertNull(shard.prepare(prepare(10, List.of(), append(7, 1L)), 0));
        assertEquals(List.of(List.of(1L)), read(shard, 30, 7L));
    }
}
