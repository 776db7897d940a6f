package dev.dst.examples.raftkv;

import dev.dst.examples.raftkv.Messages.Command;
import dev.dst.examples.raftkv.Messages.Entry;
import dev.dst.storage.DiskFullException;
import dev.dst.storage.Storage;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Raft's log, 1-based, kept in memory and in segment files of {@value #SEGMENT_ENTRIES}
 * entries ({@code log.0}, {@code log.1} ...): appends go to the end of the last segment; a
 * truncation deletes the later segments, then rewrites the one it cuts (each an atomic step,
 * so a crash between them leaves a shorter prefix of the log, never a gap). Segments keep an
 * append's cost independent of the log's length. The caller fsyncs the files written, with
 * {@link #sync} (fsync is per file: a log fsync does not make other files durable). A crash can tear the last
 * unsynced append; loading keeps the whole entries, stops at the first short segment and
 * rewrites it without the torn tail (or, if the disk is full then, before the next append),
 * which is safe because an unsynced entry was never acknowledged.
 *
 * <p>Each entry also carries a hash of the log up to it, so the log-matching check is one
 * comparison per entry.
 */
final class RaftLog {
    static final String PREFIX = "log.";
    static final int SEGMENT_ENTRIES = 32;
    private static final int F_BYTES = 8;
    private static final String[] KNOWN_NAMES = {Command.NOOP.f(), "put", "cas"};
    private static final int ENTRY_BYTES = 8 + F_BYTES + 8 + 8 + 8 + 4 + 8;

    private final List<Entry> entries = new ArrayList<>();
    private final LongArrayList prefixHashes = new LongArrayList();
    private int tornSegment = -1; // a segment whose torn tail is still on disk (the disk was full at load)
    private final List<String> unsynced = new ArrayList<>(2); // segment files written since the last sync, in order

    /** Reads the log a previous incarnation left; repairs a torn tail. */
    RaftLog(Storage storage) {
        for (int segment = 0; ; segment++) {
            byte[] data = storage.read(PREFIX + segment);
            if (data == null) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.remaining() >= ENTRY_BYTES) {
                add(decode(b));
            }
            if (b.remaining() > 0) {
                tornSegment = segment;
                repairTornSegment(storage);
            }
            if (data.length < SEGMENT_ENTRIES * ENTRY_BYTES) {
                return;
            }
        }
    }

    long lastIndex() {
        return entries.size();
    }

    long lastTerm() {
        return termAt(lastIndex());
    }

    /** The term of the entry at {@code index}; 0 for index 0 and beyond the end. */
    long termAt(long index) {
        return index < 1 || index > entries.size() ? 0 : entries.get((int) index - 1).term();
    }

    Entry get(long index) {
        return entries.get((int) index - 1);
    }

    /** The hash of the log's prefix ending at {@code index}. */
    long prefixHash(long index) {
        return prefixHashes.getLong((int) index - 1);
    }

    /** Entries from {@code from} (1-based) to the end, at most {@code max}. */
    List<Entry> slice(long from, int max) {
        int start = (int) from - 1;
        return List.copyOf(entries.subList(start, Math.min(entries.size(), start + max)));
    }

    /** Appends to the segment files and memory (the files first, so a full disk changes nothing in memory). */
    void append(Storage storage, List<Entry> add) throws DiskFullException {
        if (tornSegment >= 0) {
            storage.write(PREFIX + tornSegment, encode(entries.subList(tornSegment * SEGMENT_ENTRIES, entries.size())));
            written(PREFIX + tornSegment);
            tornSegment = -1;
        }
        int i = 0;
        while (i < add.size()) {
            long index = entries.size() + 1;
            int segment = segmentOf(index);
            int room = SEGMENT_ENTRIES - (int) ((index - 1) % SEGMENT_ENTRIES);
            List<Entry> part = add.subList(i, Math.min(add.size(), i + room));
            storage.append(PREFIX + segment, encode(part));
            written(PREFIX + segment);
            for (Entry e : part) {
                add(e);
            }
            i += part.size();
        }
    }

    /** Fsyncs the segment files written since the last sync, in the order they were first written. */
    void sync(Storage storage) {
        for (String file : unsynced) {
            storage.fsync(file);
        }
        unsynced.clear();
    }

    private void written(String file) {
        if (!unsynced.contains(file)) {
            unsynced.add(file);
        }
    }

    /** Removes the entries from {@code index} on (a conflict with the leader's log). */
    void truncateFrom(Storage storage, long index) throws DiskFullException {
        int cut = segmentOf(index);
        for (int segment = segmentOf(Math.max(1, entries.size())); segment > cut; segment--) {
            storage.delete(PREFIX + segment);
            written(PREFIX + segment);
        }
        int first = cut * SEGMENT_ENTRIES; // 0-based position of the cut segment's first entry
        storage.write(PREFIX + cut, encode(entries.subList(first, (int) index - 1)));
        written(PREFIX + cut);
        entries.subList((int) index - 1, entries.size()).clear();
        prefixHashes.size((int) index - 1);
        tornSegment = -1; // the torn segment is the last: rewritten or deleted above
    }

    /** Rewrites the torn segment with its whole entries; when the disk is full, the next append does it first. */
    private void repairTornSegment(Storage storage) {
        try {
            storage.write(PREFIX + tornSegment, encode(entries.subList(tornSegment * SEGMENT_ENTRIES, entries.size())));
            tornSegment = -1;
        } catch (DiskFullException e) {
            // appends after the torn bytes would misalign every later entry, so append() repairs first
        }
    }

    private static int segmentOf(long index) {
        return (int) ((index - 1) / SEGMENT_ENTRIES);
    }

    private void add(Entry e) {
        long previous = prefixHashes.isEmpty() ? 0 : prefixHashes.getLong(prefixHashes.size() - 1);
        entries.add(e);
        prefixHashes.add(Messages.mix(previous, e.stableHash()));
    }

    private static byte[] encode(List<Entry> list) {
        ByteBuffer b = ByteBuffer.allocate(list.size() * ENTRY_BYTES);
        for (Entry e : list) {
            Command c = e.command();
            byte[] f = c.f().getBytes(StandardCharsets.US_ASCII);
            b.putLong(e.term()).put(f).put(new byte[F_BYTES - f.length]);
            b.putLong(c.key()).putLong(c.a()).putLong(c.b()).putInt(c.client()).putLong(c.requestId());
        }
        return b.array();
    }

    private static Entry decode(ByteBuffer b) {
        long term = b.getLong();
        byte[] f = new byte[F_BYTES];
        b.get(f);
        int len = 0;
        while (len < F_BYTES && f[len] != 0) {
            len++;
        }
        String name = name(f, len);
        long key = b.getLong();
        long a = b.getLong();
        long bb = b.getLong();
        int client = b.getInt();
        long requestId = b.getLong();
        Command n = Command.NOOP;
        if (name == n.f() && key == n.key() && a == n.a() && bb == n.b() && client == n.client() && requestId == n.requestId()) {
            return new Entry(term, n); // one shared no-op, as the leader appends it
        }
        return new Entry(term, new Command(name, key, a, bb, client, requestId));
    }

    /** The command name: the literal for the known ones (no new string; its hash is cached). */
    private static String name(byte[] f, int len) {
        for (String known : KNOWN_NAMES) {
            if (known.length() == len) {
                int i = 0;
                while (i < len && known.charAt(i) == f[i]) {
                    i++;
                }
                if (i == len) {
                    return known;
                }
            }
        }
        return new String(f, 0, len, StandardCharsets.US_ASCII);
    }
}
