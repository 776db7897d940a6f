package dev.dst.storage;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only log of records in one {@link Storage} file, each framed with its length and
 * a checksum, so that what a crash leaves can be told apart from what was written: a log for
 * a Raft store ({@code persistLogEntries}, {@code truncateLogEntriesFrom},
 * {@code truncateLogEntriesUntil}), a write-ahead log, a queue's segment.
 *
 * <p>Records are numbered: the first has {@link #firstIndex()} (chosen when the log is made,
 * kept in the file's header, moved by {@link #truncateUntil}), the next one appended gets
 * {@link #nextIndex()}.
 *
 * <p>Crashes: an append is durable after {@link #fsync()}. A crash may keep any prefix of the
 * unsynced appends and tear the next one; {@link #open} (and every read after the file
 * changed beneath the log) keeps the whole records and drops a torn or corrupt tail, and
 * rewrites the file without it ({@link Storage#write}, atomic) so that later appends never
 * follow garbage. A corrupt record ends the log: it and everything after it are dropped.
 *
 * <p>Format: a 16-byte header (magic {@code DSTL}, first index as 8 bytes, CRC-32C of those 12
 * bytes), then per record its length (4 bytes), the CRC-32C of the length and the payload (4
 * bytes), and the payload; integers big-endian.
 *
 * <p>Costs: an append is one {@link Storage#append}; reading a record reads only its bytes;
 * the truncations rewrite the file (they are rare: a conflicting suffix, a snapshot).
 */
public final class RecordLog {
    static final int MAGIC = 0x4453544C; // "DSTL"
    static final int HEADER_BYTES = 16;
    static final int FRAME_BYTES = 8;

    private final Storage storage;
    private final String file;
    private final long initialFirstIndex;
    private long firstIndex;
    /** Offset in the file of each record's frame; the file's length is {@link #length}. */
    private final IntArrayList offsets = new IntArrayList();
    /** The length the file has when it holds exactly the records known; -1 when it does not exist yet. */
    private int length = -1;
    private long droppedBytes;

    private RecordLog(Storage storage, String file, long firstIndex) {
        this.storage = storage;
        this.file = file;
        this.initialFirstIndex = firstIndex;
        this.firstIndex = firstIndex;
    }

    /** {@link #open(Storage, String, long)} with records numbered from 0 in a new file. */
    public static RecordLog open(Storage storage, String file) {
        return open(storage, file, 0);
    }

    /**
     * Opens the log in {@code file}, or a new empty one whose first record will have index
     * {@code firstIndex} when there is no such file (an existing file keeps its own). Drops a
     * torn or corrupt tail, as after a crash.
     *
     * @throws CorruptFileException when the file exists but has no valid log header (it was not written by a RecordLog)
     */
    public static RecordLog open(Storage storage, String file, long firstIndex) {
        RecordLog log = new RecordLog(storage, file, firstIndex);
        log.scan();
        return log;
    }

    public String file() {
        return file;
    }

    /** Index of the first record (or of the next one appended, when the log is empty). */
    public long firstIndex() {
        refresh();
        return firstIndex;
    }

    /** Index the next appended record gets. */
    public long nextIndex() {
        refresh();
        return firstIndex + offsets.size();
    }

    public int size() {
        refresh();
        return offsets.size();
    }

    /** Bytes of torn or corrupt tail dropped since the log was opened (0 when every append was whole). */
    public long droppedBytes() {
        return droppedBytes;
    }

    /** Appends one record; returns its index. */
    public long append(byte[] record) {
        return appendAll(List.of(record));
    }

    /**
     * Appends records with one {@link Storage#append}; returns the index of the first. Not
     * atomic: a crash before the next fsync keeps a prefix of them (as for separate appends).
     */
    public long appendAll(List<byte[]> records) {
        refresh();
        long first = firstIndex + offsets.size();
        if (records.isEmpty()) {
            return first;
        }
        if (length < 0) {
            storage.write(file, header(firstIndex));
            length = HEADER_BYTES;
        }
        int total = 0;
        for (byte[] r : records) {
            total = Math.addExact(total, FRAME_BYTES + r.length);
        }
        byte[] frames = new byte[total];
        int at = 0;
        for (byte[] r : records) {
            Checksums.putInt(frames, at, r.length);
            Checksums.putInt(frames, at + 4, Checksums.crc32c(frames, at, 4, r, 0, r.length));
            System.arraycopy(r, 0, frames, at + FRAME_BYTES, r.length);
            at += FRAME_BYTES + r.length;
        }
        storage.append(file, frames); // first: a full disk throws before the log changes
        at = 0;
        for (byte[] r : records) {
            offsets.add(length + at);
            at += FRAME_BYTES + r.length;
        }
        length += total;
        assert storage.length(file) == length : "the log file is " + storage.length(file) + " bytes, expected " + length;
        return first;
    }

    /** The record with {@code index}. */
    public byte[] get(long index) {
        refresh();
        int i = position(index, "get");
        if (i == offsets.size()) {
            throw new IllegalArgumentException("no record " + index + " in log '" + file + "': it holds " + describe());
        }
        int at = offsets.getInt(i);
        int end = i + 1 < offsets.size() ? offsets.getInt(i + 1) : length;
        return storage.read(file, at + FRAME_BYTES, end - at - FRAME_BYTES);
    }

    /** Every whole record, oldest first (a torn or corrupt tail dropped, and removed from the file). */
    public List<byte[]> records() {
        refresh();
        List<byte[]> out = new ArrayList<>(offsets.size());
        if (offsets.isEmpty()) {
            return out;
        }
        byte[] bytes = storage.read(file);
        for (int i = 0; i < offsets.size(); i++) {
            int at = offsets.getInt(i) + FRAME_BYTES;
            int end = i + 1 < offsets.size() ? offsets.getInt(i + 1) : length;
            out.add(java.util.Arrays.copyOfRange(bytes, at, end));
        }
        return out;
    }

    /** Drops the record with {@code index} and every later one (as MicroRaft's {@code truncateLogEntriesFrom}). */
    public void truncateFrom(long index) {
        refresh();
        int i = position(index, "truncateFrom");
        if (i == offsets.size()) {
            return;
        }
        int keep = offsets.getInt(i);
        storage.write(file, storage.read(file, 0, keep));
        offsets.size(i);
        length = keep;
    }

    /**
     * Drops the record with {@code index} and every earlier one (as MicroRaft's
     * {@code truncateLogEntriesUntil}); the first record left has index {@code index + 1}. An
     * index past the last record empties the log and makes {@code index + 1} the next index.
     */
    public void truncateUntil(long index) {
        refresh();
        if (index < firstIndex - 1) {
            throw new IllegalArgumentException("truncateUntil(" + index + ") in log '" + file + "', which holds " + describe());
        }
        long dropped = Math.min(index + 1 - firstIndex, offsets.size());
        int from = dropped == offsets.size() ? Math.max(length, HEADER_BYTES) : offsets.getInt((int) dropped);
        byte[] rest = length < 0 ? new byte[0] : storage.read(file, from, Math.max(length, HEADER_BYTES) - from);
        byte[] rewritten = new byte[HEADER_BYTES + rest.length];
        System.arraycopy(header(index + 1), 0, rewritten, 0, HEADER_BYTES);
        System.arraycopy(rest, 0, rewritten, HEADER_BYTES, rest.length);
        storage.write(file, rewritten);
        IntArrayList moved = new IntArrayList();
        for (int i = (int) dropped; i < offsets.size(); i++) {
            moved.add(offsets.getInt(i) - from + HEADER_BYTES);
        }
        offsets.clear();
        offsets.addAll(moved);
        firstIndex = index + 1;
        length = rewritten.length;
    }

    /** Makes this log's appends and truncations durable ({@link Storage#fsync(String)} of its file). */
    public void fsync() {
        storage.fsync(file);
    }

    private int position(long index, String op) {
        long i = index - firstIndex;
        if (i < 0 || i > offsets.size()) {
            throw new IllegalArgumentException(op + "(" + index + ") in log '" + file + "', which holds " + describe());
        }
        return (int) i;
    }

    private String describe() {
        return offsets.isEmpty() ? "no records (next index " + firstIndex + ")"
                : "records " + firstIndex + " to " + (firstIndex + offsets.size() - 1);
    }

    /** Scans again when the file is not the length this log left it (a crash beneath a live instance). */
    private void refresh() {
        if (storage.length(file) != length) {
            scan();
        }
    }

    private void scan() {
        offsets.clear();
        byte[] bytes = storage.read(file);
        if (bytes == null) {
            length = -1;
            firstIndex = initialFirstIndex;
            return;
        }
        if (bytes.length < HEADER_BYTES || Checksums.getInt(bytes, 0) != MAGIC
                || Checksums.getInt(bytes, 12) != Checksums.crc32c(bytes, 0, 12, bytes, 0, 0)) {
            throw new CorruptFileException(file, "no record-log header (" + bytes.length + " bytes)");
        }
        firstIndex = Checksums.getLong(bytes, 4);
        int at = HEADER_BYTES;
        while (bytes.length - at >= FRAME_BYTES) {
            int n = Checksums.getInt(bytes, at);
            if (n < 0 || n > bytes.length - at - FRAME_BYTES
                    || Checksums.getInt(bytes, at + 4) != Checksums.crc32c(bytes, at, 4, bytes, at + FRAME_BYTES, n)) {
                break;
            }
            offsets.add(at);
            at += FRAME_BYTES + n;
        }
        length = at;
        if (at < bytes.length) {
            droppedBytes += bytes.length - at;
            try {
                storage.write(file, java.util.Arrays.copyOf(bytes, at));
            } catch (DiskFullException e) {
                // reads still work; the next call finds the file longer than the log and tries again
            }
        }
    }

    private static byte[] header(long firstIndex) {
        byte[] h = new byte[HEADER_BYTES];
        Checksums.putInt(h, 0, MAGIC);
        Checksums.putLong(h, 4, firstIndex);
        Checksums.putInt(h, 12, Checksums.crc32c(h, 0, 12, h, 0, 0));
        return h;
    }
}
