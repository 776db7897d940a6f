package dev.dst.examples.txnkv;

import dev.dst.examples.txnkv.Messages.Commit;
import dev.dst.examples.txnkv.Messages.Committed;
import dev.dst.examples.txnkv.Messages.Prepare;
import dev.dst.examples.txnkv.Messages.Read;
import dev.dst.examples.txnkv.Messages.ReadReply;
import dev.dst.examples.txnkv.Messages.Status;
import dev.dst.examples.txnkv.Messages.Vote;
import dev.dst.examples.txnkv.Messages.Write;
import dev.dst.storage.DiskFullException;
import dev.dst.storage.RecordLog;
import dev.dst.storage.Storage;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shard: the keys {@code key % shards == id}, each a list with its committed versions
 * (multi-version: a read at a snapshot sees the versions committed at or below it), and the
 * participant's half of two-phase commit. Every transition of a key is in this class.
 *
 * <pre>
 *   READ at snapshot s: per key, the versions committed at or below s; "blocked" when a
 *       transaction that started below s holds the key prepared for writing (it may still
 *       commit below s, so the snapshot is not settled)
 *   PREPARE (txn s, reads R, writes W), no-wait:
 *       every key of W unlocked, and no version of it committed after s (first committer wins)
 *       every key of R \ W not write-locked, and no version committed after s (read validation)
 *       then: the prepare record appended and fsynced, W write-locked, R \ W read-locked; vote yes
 *       else: vote no (nothing recorded)
 *   COMMIT (txn, c): the commit record appended and fsynced, then the appends become version c
 *       and the locks go; acknowledged
 *   ABORT (txn): the locks go
 *   every RESOLVE: a transaction prepared here for IN_DOUBT has its coordinator asked how it ended
 * </pre>
 *
 * <p>What is durable: one {@link RecordLog} of prepare, commit and abort records, read back at
 * a restart, so a shard that voted yes still holds the locks and the appends after a crash and
 * learns the outcome from the coordinator. Abort records are not fsynced: one lost in a crash
 * only brings back locks that the coordinator's answer releases again.
 *
 * <p>The planted bugs {@code snapshot-isolation}, {@code lost-update} and {@code read-uncommitted}
 * switch off read validation (and read locks), the version check of first committer wins, and
 * the wait for prepared writers (reads then include their pending appends).
 */
final class Shard {
    static final String FILE = "shard.log";
    static final long RESOLVE_NANOS = 100_000_000;
    /** Well past the coordinator's own deadline: normally the outcome arrives first. */
    static final long IN_DOUBT_NANOS = 300_000_000;
    private static final long NONE = -1;
    private static final byte PREPARED = 1;
    private static final byte COMMITTED = 2;
    private static final byte ABORTED = 3;

    /** The planted bugs that weaken concurrency control. */
    record Config(boolean skipReadValidation, boolean skipWriteConflictCheck, boolean readUncommitted) {}

    /** Why a prepare was refused. */
    enum Conflict { LOCKED, WRITE_WRITE, READ_VALIDATION, DISK_FULL }

    private static final class Key {
        final KeyVersions versions = new KeyVersions();
        long writer = NONE;                                // the transaction holding the write lock
        final LongArrayList readers = new LongArrayList(); // the transactions holding read locks
    }

    private record Prepared(Prepare prepare, long sinceNanos) {}

    private final Config config;
    private final Observer observer;
    private final RecordLog log;
    private final Long2ObjectOpenHashMap<Key> keys = new Long2ObjectOpenHashMap<>(); // looked up, never iterated
    private final TreeMap<Long, Prepared> prepared = new TreeMap<>();               // iterated in transaction order
    private final Long2LongOpenHashMap committed = new Long2LongOpenHashMap();      // txn -> commit ts; looked up
    private final LongOpenHashSet aborted = new LongOpenHashSet();                  // looked up, never iterated

    Shard(Storage storage, long nowNanos, Config config, Observer observer) {
        this.config = config;
        this.observer = observer;
        this.log = RecordLog.open(storage, FILE);
        for (byte[] r : log.records()) {
            replay(ByteBuffer.wrap(r), nowNanos);
        }
    }

    private void replay(ByteBuffer b, long nowNanos) {
        byte type = b.get();
        if (type == PREPARED) {
            Prepare p = decodePrepare(b);
            lock(p);
            prepared.put(p.txn(), new Prepared(p, nowNanos));
        } else if (type == COMMITTED) {
            long txn = b.getLong();
            apply(prepared.get(txn).prepare(), b.getLong());
        } else if (type == ABORTED) {
            release(b.getLong());
        } else {
            throw new IllegalStateException("unknown record type " + type + " in " + FILE);
        }
    }

    ReadReply read(Read r) {
        List<List<Long>> lists = new ArrayList<>(r.keys().size());
        for (long k : r.keys()) {
            Key key = keys.get(k);
            if (key == null) {
                lists.add(List.of());
                continue;
            }
            if (!config.readUncommitted() && key.writer != NONE && key.writer < r.txn()) {
                observer.readBlocked();
                return new ReadReply(r.txn(), true, List.of());
            }
            List<Long> list = key.versions.at(r.txn());
            if (config.readUncommitted() && key.writer != NONE) {
                list.addAll(pendingAppends(key.writer, k));
            }
            lists.add(list);
        }
        return new ReadReply(r.txn(), false, lists);
    }

    private List<Long> pendingAppends(long txn, long k) {
        for (Write w : prepared.get(txn).prepare().writes()) {
            if (w.key() == k) {
                return w.elements();
            }
        }
        return List.of();
    }

    /** The vote, or null for a late copy of a prepare whose transaction committed here (its coordinator has moved on). */
    Vote prepare(Prepare p, long nowNanos) {
        if (committed.containsKey(p.txn())) {
            return null;
        }
        if (prepared.containsKey(p.txn())) {
            return new Vote(p.txn(), true, "prepared"); // a copy: the vote again
        }
        if (aborted.contains(p.txn())) {
            return new Vote(p.txn(), false, "aborted already");
        }
        String conflict = conflict(p);
        if (conflict == null) {
            try {
                log.append(encodePrepare(p));
                log.fsync();
            } catch (DiskFullException e) {
                observer.refused(Conflict.DISK_FULL);
                conflict = "disk full";
            }
        }
        if (conflict != null) {
            return new Vote(p.txn(), false, conflict);
        }
        lock(p);
        prepared.put(p.txn(), new Prepared(p, nowNanos));
        return new Vote(p.txn(), true, "prepared");
    }

    /** Why {@code p} cannot prepare (counted by kind), or null. */
    private String conflict(Prepare p) {
        for (Write w : p.writes()) {
            Key key = key(w.key());
            if (key.writer != NONE || !key.readers.isEmpty()) {
                observer.refused(Conflict.LOCKED);
                return "key " + w.key() + " is locked by " + (key.writer != NONE ? "T" + key.writer : "readers " + key.readers);
            }
            if (!config.skipWriteConflictCheck() && key.versions.latest() > p.txn()) {
                observer.refused(Conflict.WRITE_WRITE);
                return "write-write conflict on key " + w.key() + ": committed at " + key.versions.latest() + ", after the snapshot";
            }
        }
        if (config.skipReadValidation()) {
            return null;
        }
        for (long k : onlyRead(p)) {
            Key key = key(k);
            if (key.writer != NONE) {
                observer.refused(Conflict.LOCKED);
                return "key " + k + " is locked by T" + key.writer;
            }
            if (key.versions.latest() > p.txn()) {
                observer.refused(Conflict.READ_VALIDATION);
                return "read validation: key " + k + " changed at " + key.versions.latest() + ", after the snapshot";
            }
        }
        return null;
    }

    /** The keys {@code p} reads and does not append to: validated and read-locked (unless read validation is off). */
    private List<Long> onlyRead(Prepare p) {
        List<Long> out = new ArrayList<>(p.reads().size());
        for (long k : p.reads()) {
            boolean written = false;
            for (Write w : p.writes()) {
                written |= w.key() == k;
            }
            if (!written) {
                out.add(k);
            }
        }
        return out;
    }

    private void lock(Prepare p) {
        for (Write w : p.writes()) {
            key(w.key()).writer = p.txn();
        }
        if (!config.skipReadValidation()) {
            for (long k : onlyRead(p)) {
                key(k).readers.add(p.txn());
            }
        }
    }

    private void unlock(Prepare p) {
        for (Write w : p.writes()) {
            Key key = key(w.key());
            if (key.writer == p.txn()) {
                key.writer = NONE;
            }
        }
        for (long k : p.reads()) {
            key(k).readers.rem(p.txn());
        }
    }

    /** The acknowledgement, or null when the commit cannot be recorded (disk full) or the transaction was never prepared here. */
    Committed commit(Commit c) {
        if (committed.containsKey(c.txn())) {
            return new Committed(c.txn()); // a copy
        }
        Prepared p = prepared.get(c.txn());
        if (p == null) {
            return null;
        }
        try {
            log.append(ByteBuffer.allocate(17).put(COMMITTED).putLong(c.txn()).putLong(c.commitTs()).array());
            log.fsync();
        } catch (DiskFullException e) {
            return null; // the coordinator resends, or the shard asks later
        }
        apply(p.prepare(), c.commitTs());
        observer.applied();
        return new Committed(c.txn());
    }

    private void apply(Prepare p, long commitTs) {
        for (Write w : p.writes()) {
            key(w.key()).versions.add(commitTs, w.elements());
        }
        unlock(p);
        prepared.remove(p.txn());
        committed.put(p.txn(), commitTs);
    }

    void abort(long txn) {
        if (committed.containsKey(txn)) {
            return;
        }
        if (prepared.containsKey(txn)) {
            try {
                log.append(ByteBuffer.allocate(9).put(ABORTED).putLong(txn).array());
            } catch (DiskFullException e) {
                // released in memory all the same: after a crash the prepare record brings the locks back, and the coordinator's answer releases them
            }
        }
        release(txn);
    }

    private void release(long txn) {
        Prepared p = prepared.remove(txn);
        if (p != null) {
            unlock(p.prepare());
        }
        aborted.add(txn);
    }

    /** Per transaction prepared here for at least {@link #IN_DOUBT_NANOS}: its coordinator, and the question. */
    List<Map.Entry<Integer, Status>> inDoubt(long nowNanos) {
        List<Map.Entry<Integer, Status>> out = new ArrayList<>();
        for (Prepared p : prepared.values()) {
            if (nowNanos - p.sinceNanos() >= IN_DOUBT_NANOS) {
                out.add(Map.entry(p.prepare().coordinator(), new Status(p.prepare().txn())));
            }
        }
        return out;
    }

    /** Whether {@code txn} is prepared here and waiting for its outcome. */
    boolean isPrepared(long txn) {
        return prepared.containsKey(txn);
    }

    private Key key(long k) {
        Key key = keys.get(k);
        if (key == null) {
            key = new Key();
            keys.put(k, key);
        }
        return key;
    }

    private static byte[] encodePrepare(Prepare p) {
        int size = 1 + 8 + 4 + 4 + 8 * p.reads().size() + 4;
        for (Write w : p.writes()) {
            size += 8 + 4 + 8 * w.elements().size();
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(PREPARED).putLong(p.txn()).putInt(p.coordinator()).putInt(p.reads().size());
        for (long k : p.reads()) {
            b.putLong(k);
        }
        b.putInt(p.writes().size());
        for (Write w : p.writes()) {
            b.putLong(w.key()).putInt(w.elements().size());
            for (long e : w.elements()) {
                b.putLong(e);
            }
        }
        return b.array();
    }

    private static Prepare decodePrepare(ByteBuffer b) {
        long txn = b.getLong();
        int coordinator = b.getInt();
        List<Long> reads = new ArrayList<>();
        for (int i = b.getInt(); i > 0; i--) {
            reads.add(b.getLong());
        }
        List<Write> writes = new ArrayList<>();
        for (int i = b.getInt(); i > 0; i--) {
            long key = b.getLong();
            List<Long> elements = new ArrayList<>();
            for (int j = b.getInt(); j > 0; j--) {
                elements.add(b.getLong());
            }
            writes.add(new Write(key, elements));
        }
        return new Prepare(txn, coordinator, reads, writes);
    }
}
