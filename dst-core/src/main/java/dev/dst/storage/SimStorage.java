package dev.dst.storage;

import dev.dst.entropy.Entropy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The simulated disk: the {@link Storage} the simulation kernel gives each node, a page cache
 * over durable files, with the kernel's operations that nodes must not reach ({@link #crash},
 * {@link #setFull}, {@link #setListener}, the counters).
 *
 * <p>Semantics, chosen to match what careful systems rely on:
 * <ul>
 *   <li>{@link #write} replaces a file atomically (as write-to-temp then rename does): after a
 *       crash the file has either its old or its new content.</li>
 *   <li>{@link #append} adds bytes at the end; a crash can tear the last unsynced append,
 *       leaving a prefix of its bytes.</li>
 *   <li>{@link #fsync()} makes every write so far durable, in order; {@link #fsync(String)}
 *       only the writes to one file (as {@code fsync(fd)} does: other files' dirty pages stay
 *       in the page cache, to be lost in a power loss).</li>
 *   <li>Reads see the page cache: every write so far, synced or not.</li>
 *   <li>When the disk is {@linkplain #setFull full}, writes and appends throw
 *       {@link DiskFullException}; reads, deletes and fsync still work.</li>
 * </ul>
 * On a crash that loses unsynced data, entropy chooses among: all unsynced writes lost, a
 * prefix of them kept, or a prefix kept and the next append torn. Files are kept in name
 * order so that listing them is deterministic.
 *
 * <p>Tests of code that takes a {@link Storage} can make one directly ({@code new SimStorage()},
 * or {@link Storage#inMemory()} when they need no crash).
 */
public final class SimStorage implements Storage {
    private sealed interface Op permits Put, Append, Delete {}

    private record Put(String file, byte[] data) implements Op {}

    private record Append(String file, byte[] data) implements Op {}

    private record Delete(String file) implements Op {}

    /** Told of every write and fsync (the kernel traces them). */
    public interface Listener {
        /** {@code op} is write, append or delete; {@code bytes} the bytes written. */
        void written(String op, String file, int bytes);

        /** An fsync made {@code writes} pending writes durable. */
        void synced(int writes);
    }

    private static final Listener SILENT = new Listener() {
        @Override
        public void written(String op, String file, int bytes) {}

        @Override
        public void synced(int writes) {}
    };

    /** A file's bytes, with room to grow, so that an append copies only the bytes it adds (amortized). */
    private static final class Bytes {
        byte[] data;
        int length;

        Bytes(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }

        static Bytes copyOf(byte[] d, int length) {
            return new Bytes(Arrays.copyOf(d, length), length);
        }

        Bytes copy() {
            return copyOf(data, length);
        }

        byte[] toArray() {
            return Arrays.copyOf(data, length);
        }

        void append(byte[] add, int addLength) {
            if (length + addLength > data.length) {
                data = Arrays.copyOf(data, Math.max(length + addLength, 2 * data.length));
            }
            System.arraycopy(add, 0, data, length, addLength);
            length += addLength;
        }
    }

    private final TreeMap<String, Bytes> durable = new TreeMap<>();
    // transient: the kernel's plumbing and statistics, not the disk's state (Simulation.stateHash leaves them out)
    private transient Listener listener = SILENT;
    private final TreeMap<String, Bytes> cache = new TreeMap<>();
    private final List<Op> pending = new ArrayList<>();
    private boolean full;
    private transient long writes;
    private transient long syncs;

    /** Content of a file as the node sees it now, or {@code null} when there is no such file. */
    @Override
    public byte[] read(String file) {
        Bytes d = cache.get(file);
        return d == null ? null : d.toArray();
    }

    /**
     * {@code length} bytes of {@code file} from {@code offset}, as the node sees it now, without
     * copying the rest of the file.
     *
     * @throws IllegalArgumentException when there is no such file or the range is outside it
     */
    @Override
    public byte[] read(String file, int offset, int length) {
        Bytes d = cache.get(file);
        if (d == null) {
            throw new IllegalArgumentException("no file '" + file + "'");
        }
        if (offset < 0 || length < 0 || offset > d.length - length) {
            throw new IllegalArgumentException("bytes " + offset + " to " + ((long) offset + length) + " of '" + file + "', which has " + d.length);
        }
        return Arrays.copyOfRange(d.data, offset, offset + length);
    }

    /** Length of {@code file} as the node sees it now, or -1 when there is no such file. */
    @Override
    public int length(String file) {
        Bytes d = cache.get(file);
        return d == null ? -1 : d.length;
    }

    @Override
    public boolean exists(String file) {
        return cache.containsKey(file);
    }

    /** File names, sorted. */
    @Override
    public List<String> files() {
        return new ArrayList<>(cache.keySet());
    }

    /** Replaces the content of {@code file} atomically (durable after the next fsync). */
    @Override
    public void write(String file, byte[] data) {
        checkSpace(file);
        byte[] copy = data.clone();
        cache.put(file, Bytes.copyOf(copy, copy.length));
        pending.add(new Put(file, copy));
        writes++;
        listener.written("write", file, copy.length);
    }

    /** Appends to {@code file}, creating it if needed (durable after the next fsync). */
    @Override
    public void append(String file, byte[] data) {
        checkSpace(file);
        byte[] copy = data.clone();
        appendTo(cache, file, copy, copy.length);
        pending.add(new Append(file, copy));
        writes++;
        listener.written("append", file, copy.length);
    }

    @Override
    public void delete(String file) {
        cache.remove(file);
        pending.add(new Delete(file));
        writes++;
        listener.written("delete", file, 0);
    }

    /** Makes every write so far durable. */
    @Override
    public void fsync() {
        listener.synced(pending.size());
        for (Op op : pending) {
            apply(durable, op, Integer.MAX_VALUE);
        }
        pending.clear();
        syncs++;
    }

    /**
     * Makes every write, append and delete of {@code file} so far durable, in order; writes to
     * other files stay pending (and keep their order).
     */
    @Override
    public void fsync(String file) {
        int synced = 0;
        int kept = 0;
        for (int i = 0; i < pending.size(); i++) {
            Op op = pending.get(i);
            if (fileOf(op).equals(file)) {
                apply(durable, op, Integer.MAX_VALUE);
                synced++;
            } else {
                pending.set(kept++, op);
            }
        }
        pending.subList(kept, pending.size()).clear();
        listener.synced(synced);
        syncs++;
    }

    private static String fileOf(Op op) {
        if (op instanceof Put p) {
            return p.file;
        } else if (op instanceof Append a) {
            return a.file;
        }
        return ((Delete) op).file;
    }

    /** Sets who is told of writes and fsyncs (the simulation kernel). */
    public void setListener(Listener listener) {
        this.listener = listener == null ? SILENT : listener;
    }

    /** As {@link Storage#readLong}, without copying the file. */
    @Override
    public long readLong(String file, long missing) {
        Bytes d = cache.get(file);
        return d == null || d.length != 8 ? missing : ByteBuffer.wrap(d.data, 0, 8).getLong();
    }

    /** Number of writes, appends and deletes not yet fsynced. */
    public int unsyncedWrites() {
        return pending.size();
    }

    public long writeCount() {
        return writes;
    }

    public long fsyncCount() {
        return syncs;
    }

    public boolean isFull() {
        return full;
    }

    /** Fault: while full, writes and appends throw {@link DiskFullException}. */
    public void setFull(boolean full) {
        this.full = full;
    }

    /**
     * Applies a crash to the page cache. With {@code loseUnsynced}, entropy chooses what of the
     * unsynced writes survives (0: nothing); without, they all survive (a process crash whose
     * page cache the kernel flushed). Called by the simulation kernel.
     */
    public CrashLoss crash(Entropy entropy, boolean loseUnsynced) {
        int n = pending.size();
        CrashLoss loss;
        if (n == 0) {
            loss = new CrashLoss(CrashLoss.Mode.NOTHING_PENDING, 0, 0, 0);
        } else if (!loseUnsynced) {
            for (Op op : pending) {
                apply(durable, op, Integer.MAX_VALUE);
            }
            pending.clear();
            return new CrashLoss(CrashLoss.Mode.ALL_KEPT, n, n, 0);
        } else {
            int mode = entropy.below(3);
            if (mode == 0) {
                loss = new CrashLoss(CrashLoss.Mode.ALL_LOST, n, 0, 0);
            } else {
                int kept = entropy.below(n + 1);
                for (int i = 0; i < kept; i++) {
                    apply(durable, pending.get(i), Integer.MAX_VALUE);
                }
                loss = new CrashLoss(CrashLoss.Mode.PREFIX_KEPT, n, kept, 0);
                if (mode == 2 && kept < n && pending.get(kept) instanceof Append a && a.data.length > 1) {
                    int tornBytes = 1 + entropy.below(a.data.length - 1);
                    apply(durable, a, tornBytes);
                    loss = new CrashLoss(CrashLoss.Mode.TORN_WRITE, n, kept, tornBytes);
                }
            }
        }
        pending.clear();
        cache.clear();
        durable.forEach((f, d) -> cache.put(f, d.copy()));
        return loss;
    }

    private static void apply(TreeMap<String, Bytes> files, Op op, int limit) {
        if (op instanceof Put p) {
            files.put(p.file, Bytes.copyOf(p.data, p.data.length));
        } else if (op instanceof Append a) {
            appendTo(files, a.file, a.data, Math.min(limit, a.data.length));
        } else if (op instanceof Delete d) {
            files.remove(d.file);
        }
    }

    private static void appendTo(TreeMap<String, Bytes> files, String file, byte[] add, int addLength) {
        Bytes old = files.get(file);
        if (old == null) {
            files.put(file, Bytes.copyOf(add, addLength));
        } else {
            old.append(add, addLength);
        }
    }

    private void checkSpace(String file) {
        if (full) {
            throw new DiskFullException(file);
        }
    }
}
