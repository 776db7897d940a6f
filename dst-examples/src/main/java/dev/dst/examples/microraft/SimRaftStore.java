package dev.dst.examples.microraft;

import dev.dst.codec.Codec;
import dev.dst.storage.AtomicFile;
import dev.dst.storage.DiskFullException;
import dev.dst.storage.RecordLog;
import dev.dst.storage.Storage;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.log.SnapshotEntry;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MicroRaft's persistence on a node's simulated storage, so that a crash loses what a real
 * disk would: the endpoint, the initial members and the term (with the vote) in files replaced
 * atomically and synced at once; log entries in a {@link RecordLog} numbered by Raft index;
 * each snapshot's chunks in a log of their own, {@code snapshot-<index>}. {@link #flush()} is
 * an fsync. {@link #restore()} rebuilds the library's {@link RestoredRaftState} from what the
 * storage kept: the newest complete snapshot and the log entries after it.
 */
final class SimRaftStore implements RaftStore {
    private static final String SNAPSHOT_PREFIX = "snapshot-";
    private final Storage storage;
    private final Codec codec;
    private final AtomicFile endpoint;
    private final AtomicFile members;
    private final AtomicFile term;
    private final RecordLog log;
    private final Runnable onOverwrite;

    /** @param onOverwrite told when an append replaces entries the disk still held (see persistLogEntries) */
    SimRaftStore(Storage storage, Codec codec, Runnable onOverwrite) {
        this.storage = storage;
        this.onOverwrite = onOverwrite;
        this.codec = codec;
        this.endpoint = new AtomicFile(storage, "endpoint");
        this.members = new AtomicFile(storage, "members");
        this.term = new AtomicFile(storage, "term");
        this.log = RecordLog.open(storage, "log", 1);
    }

    @Override
    public void persistAndFlushLocalEndpoint(RaftEndpointPersistentState state) throws IOException {
        io(() -> endpoint.writeAndSync(codec.encode(state)));
    }

    @Override
    public void persistAndFlushInitialGroupMembers(RaftGroupMembersView view) throws IOException {
        io(() -> members.writeAndSync(codec.encode(view)));
    }

    @Override
    public void persistAndFlushTerm(RaftTermPersistentState state) throws IOException {
        io(() -> term.writeAndSync(codec.encode(state)));
    }

    @Override
    public void persistLogEntries(List<LogEntry> entries) throws IOException {
        io(() -> persistLogEntriesNow(entries));
    }

    private void persistLogEntriesNow(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).getIndex();
        if (first > log.nextIndex()) {
            log.truncateUntil(first - 1); // after a snapshot installed past the log's end: the log starts again behind it
        } else if (first < log.nextIndex()) {
            // an entry written at an index the disk already holds replaces it and what follows, as in a
            // store keyed by index; MicroRaft 0.7 gets here when a truncation it had applied in memory
            // failed on disk (docs/scenarios.md)
            onOverwrite.run();
            log.truncateFrom(Math.max(first, log.firstIndex()));
        }
        List<byte[]> records = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            records.add(codec.encode(e));
        }
        log.appendAll(records);
    }

    @Override
    public void persistSnapshotChunk(SnapshotChunk chunk) throws IOException {
        io(() -> RecordLog.open(storage, SNAPSHOT_PREFIX + chunk.getIndex()).append(codec.encode(chunk)));
    }

    @Override
    public void truncateLogEntriesFrom(long index) throws IOException {
        io(() -> truncateLogEntriesFromNow(index));
    }

    private void truncateLogEntriesFromNow(long index) {
        if (index < log.nextIndex()) {
            log.truncateFrom(Math.max(index, log.firstIndex()));
        }
    }

    @Override
    public void truncateLogEntriesUntil(long index) throws IOException {
        io(() -> truncateLogEntriesUntilNow(index));
    }

    private void truncateLogEntriesUntilNow(long index) {
        if (index >= log.firstIndex()) {
            log.truncateUntil(index);
        }
        for (String f : storage.files()) { // snapshots older than the one the log now starts behind
            if (f.startsWith(SNAPSHOT_PREFIX) && Long.parseLong(f.substring(SNAPSHOT_PREFIX.length())) < index) {
                storage.delete(f);
            }
        }
    }

    @Override
    public void deleteSnapshotChunks(long index, int count) throws IOException {
        io(() -> storage.delete(SNAPSHOT_PREFIX + index));
    }

    @Override
    public void flush() throws IOException {
        io(() -> storage.fsync());
    }

    private interface Io {
        void run();
    }

    /** A full disk is an IOException to MicroRaft, as a real file system's "No space left on device" is. */
    private static void io(Io body) throws IOException {
        try {
            body.run();
        } catch (DiskFullException e) {
            throw new IOException("No space left on device: " + e.getMessage(), e);
        }
    }

    /** What the storage kept, as MicroRaft restores it; null for a node that never started. */
    RestoredRaftState restore() {
        if (!endpoint.exists() || !members.exists()) {
            return null;
        }
        RaftEndpointPersistentState ep = (RaftEndpointPersistentState) codec.decode(endpoint.read());
        RaftGroupMembersView view = (RaftGroupMembersView) codec.decode(members.read());
        RaftTermPersistentState t = term.exists() ? (RaftTermPersistentState) codec.decode(term.read())
                : new DefaultRaftModelFactory().createRaftTermPersistentStateBuilder().setTerm(0).setVotedFor(null).build();
        SnapshotEntry snapshot = newestCompleteSnapshot();
        long after = snapshot == null ? 0 : snapshot.getIndex();
        List<LogEntry> entries = new ArrayList<>();
        long index = log.firstIndex();
        for (byte[] r : log.records()) {
            if (index > after) {
                entries.add((LogEntry) codec.decode(r));
            }
            index++;
        }
        return new RestoredRaftState(ep, view, t, snapshot, entries);
    }

    private SnapshotEntry newestCompleteSnapshot() {
        List<String> files = new ArrayList<>();
        for (String f : storage.files()) {
            if (f.startsWith(SNAPSHOT_PREFIX)) {
                files.add(f);
            }
        }
        files.sort(Comparator.comparingLong((String f) -> Long.parseLong(f.substring(SNAPSHOT_PREFIX.length()))).reversed());
        for (String f : files) {
            java.util.TreeMap<Integer, SnapshotChunk> byIndex = new java.util.TreeMap<>(); // a chunk written twice counts once
            for (byte[] r : RecordLog.open(storage, f).records()) {
                SnapshotChunk c = (SnapshotChunk) codec.decode(r);
                byIndex.putIfAbsent(c.getSnapshotChunkIndex(), c);
            }
            if (byIndex.isEmpty() || byIndex.size() < byIndex.firstEntry().getValue().getSnapshotChunkCount()) {
                continue; // a snapshot whose chunks were not all written before the crash
            }
            List<SnapshotChunk> chunks = new ArrayList<>(byIndex.values());
            SnapshotChunk first = chunks.get(0);
            return new DefaultRaftModelFactory().createSnapshotEntryBuilder().setIndex(first.getIndex()).setTerm(first.getTerm())
                    .setSnapshotChunks(chunks).setGroupMembersView(first.getGroupMembersView()).build();
        }
        return null;
    }
}
