package dev.dst.examples.microraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.codec.Codecs;
import dev.dst.entropy.EntropySource;
import dev.dst.examples.microraft.KvOps.NodeEndpoint;
import dev.dst.examples.microraft.KvOps.Put;
import dev.dst.storage.SimStorage;
import dev.dst.storage.Storage;
import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.persistence.RestoredRaftState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MicroRaft's store on dst storage: what a restart reads back after what a crash kept. */
final class SimRaftStoreTest {
    private static final RaftModelFactory MODEL = new DefaultRaftModelFactory();
    private static final RaftEndpoint SELF = new NodeEndpoint(0);
    private static final List<RaftEndpoint> MEMBERS = List.of(new NodeEndpoint(0), new NodeEndpoint(1), new NodeEndpoint(2));

    private static RaftGroupMembersView view() {
        return MODEL.createRaftGroupMembersViewBuilder().setLogIndex(0).setMembers(MEMBERS).setVotingMembers(MEMBERS).build();
    }

    private static LogEntry entry(long index, int term) {
        return MODEL.createLogEntryBuilder().setIndex(index).setTerm(term).setOperation(new Put(9, index, 1, index)).build();
    }

    private static SimRaftStore started(Storage storage) throws IOException {
        SimRaftStore store = new SimRaftStore(storage, Codecs.standard(), () -> {});
        store.persistAndFlushLocalEndpoint(MODEL.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(SELF).setVoting(true).build());
        store.persistAndFlushInitialGroupMembers(view());
        return store;
    }

    private static List<Long> indices(RestoredRaftState s) {
        List<Long> out = new ArrayList<>();
        for (LogEntry e : s.getLogEntries()) {
            out.add(e.getIndex());
        }
        return out;
    }

    @Test
    void aNodeThatNeverStartedHasNothingToRestore() throws IOException {
        assertNull(new SimRaftStore(Storage.inMemory(), Codecs.standard(), () -> {}).restore());
    }

    @Test
    void theTermTheVoteAndTheSyncedEntriesComeBack() throws IOException {
        SimStorage storage = new SimStorage();
        SimRaftStore store = started(storage);
        store.persistAndFlushTerm(MODEL.createRaftTermPersistentStateBuilder().setTerm(3).setVotedFor(new NodeEndpoint(2)).build());
        store.persistLogEntries(List.of(entry(1, 1), entry(2, 1), entry(3, 3)));
        store.flush();
        store.persistLogEntries(List.of(entry(4, 3)));
        storage.crash(EntropySource.seeded(1).stream("storage"), false); // a process crash: the page cache survives
        RestoredRaftState s = new SimRaftStore(storage, Codecs.standard(), () -> {}).restore();
        assertEquals(SELF, s.getLocalEndpointPersistentState().getLocalEndpoint());
        assertEquals(3, s.getTermPersistentState().getTerm());
        assertEquals(new NodeEndpoint(2), s.getTermPersistentState().getVotedFor());
        assertEquals(List.of(1L, 2L, 3L, 4L), indices(s));
        assertEquals(new Put(9, 3, 1, 3), s.getLogEntries().get(2).getOperation());
    }

    @Test
    void aPowerLossKeepsTheSyncedEntriesAndAPrefixOfTheRest() throws IOException {
        for (long seed = 1; seed <= 50; seed++) {
            SimStorage storage = new SimStorage();
            SimRaftStore store = started(storage);
            store.persistLogEntries(List.of(entry(1, 1), entry(2, 1)));
            store.flush();
            store.persistLogEntries(List.of(entry(3, 1)));
            store.persistLogEntries(List.of(entry(4, 1), entry(5, 1)));
            storage.crash(EntropySource.seeded(seed).stream("storage"), true);
            List<Long> kept = indices(new SimRaftStore(storage, Codecs.standard(), () -> {}).restore());
            assertTrue(kept.size() >= 2 && kept.equals(List.of(1L, 2L, 3L, 4L, 5L).subList(0, kept.size())), seed + ": " + kept);
        }
    }

    @Test
    void truncatedEntriesDoNotComeBack() throws IOException {
        Storage storage = Storage.inMemory();
        SimRaftStore store = started(storage);
        store.persistLogEntries(List.of(entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 1)));
        store.truncateLogEntriesFrom(3);
        store.persistLogEntries(List.of(entry(3, 2)));
        store.flush();
        RestoredRaftState s = new SimRaftStore(storage, Codecs.standard(), () -> {}).restore();
        assertEquals(List.of(1L, 2L, 3L), indices(s));
        assertEquals(2, s.getLogEntries().get(2).getTerm());
    }

    private static void snapshot(SimRaftStore store, long index, int chunks, int written) throws IOException {
        for (int i = 0; i < written; i++) {
            store.persistSnapshotChunk(MODEL.createSnapshotChunkBuilder().setIndex(index).setTerm(1).setOperation(new KvOps.Value(i, index))
                    .setSnapshotChunkIndex(i).setSnapshotChunkCount(chunks).setGroupMembersView(view()).build());
        }
    }

    @Test
    void theNewestCompleteSnapshotComesBackWithTheEntriesAfterIt() throws IOException {
        Storage storage = Storage.inMemory();
        SimRaftStore store = started(storage);
        List<LogEntry> entries = new ArrayList<>();
        for (long i = 1; i <= 12; i++) {
            entries.add(entry(i, 1));
        }
        store.persistLogEntries(entries);
        snapshot(store, 10, 3, 3);
        store.truncateLogEntriesUntil(10);
        snapshot(store, 12, 3, 2); // a later snapshot the crash interrupted: not complete
        store.flush();
        RestoredRaftState s = new SimRaftStore(storage, Codecs.standard(), () -> {}).restore();
        assertEquals(10, s.getSnapshotEntry().getIndex());
        assertEquals(3, s.getSnapshotEntry().getSnapshotChunkCount());
        assertEquals(List.of(11L, 12L), indices(s));
    }

    @Test
    void aSnapshotInstalledPastTheLogsEndStartsTheLogBehindIt() throws IOException {
        Storage storage = Storage.inMemory();
        SimRaftStore store = started(storage);
        store.persistLogEntries(List.of(entry(1, 1), entry(2, 1)));
        snapshot(store, 40, 1, 1); // a follower that fell far behind gets the leader's snapshot
        store.truncateLogEntriesUntil(40);
        store.persistLogEntries(List.of(entry(41, 2)));
        store.flush();
        RestoredRaftState s = new SimRaftStore(storage, Codecs.standard(), () -> {}).restore();
        assertEquals(40, s.getSnapshotEntry().getIndex());
        assertEquals(List.of(41L), indices(s));
    }
}
