package dev.dst.storage;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A node's durable storage, as the node sees it: named files, written through a page cache and
 * made durable by {@link #fsync()}. It survives crashes; only what was synced is certain to.
 *
 * <p>Two implementations keep the same semantics: the simulated disk {@link SimStorage}, which
 * the simulation kernel crashes, fills and traces, and {@code dev.dst.runtime.FileStorage} in
 * dst-net, real files in a directory. A node only ever holds this interface
 * ({@link dev.dst.node.NodeContext#storage()}), so the same node class runs on either.
 *
 * <ul>
 *   <li>{@link #write} replaces a file atomically (as write-to-temp then rename does): after a
 *       crash the file has either its old or its new content.</li>
 *   <li>{@link #append} adds bytes at the end; a crash can tear the last unsynced append,
 *       leaving a prefix of its bytes ({@link RecordLog} drops such a tail on reading).</li>
 *   <li>{@link #fsync()} makes every write so far durable, in order; {@link #fsync(String)}
 *       only the writes to one file (as {@code fsync(fd)} does).</li>
 *   <li>Reads see every write so far, synced or not.</li>
 *   <li>When the disk is full, {@link #write} and {@link #append} throw
 *       {@link DiskFullException} and change nothing; reads, deletes and fsync still work.</li>
 * </ul>
 * Files are listed in name order. Names are plain names (no {@code /}); a storage is one
 * directory.
 */
public interface Storage {
    /**
     * A storage in memory with the model's semantics, for unit tests of code that takes a
     * {@code Storage} (a store, a log format). Nothing crashes it; a test that needs crashes
     * makes a {@link SimStorage} and calls {@link SimStorage#crash}.
     */
    static Storage inMemory() {
        return new SimStorage();
    }

    /** Content of a file as the node sees it now, or {@code null} when there is no such file. */
    byte[] read(String file);

    /**
     * {@code length} bytes of {@code file} from {@code offset}, as the node sees it now, without
     * copying the rest of the file.
     *
     * @throws IllegalArgumentException when there is no such file or the range is outside it
     */
    byte[] read(String file, int offset, int length);

    /** Length of {@code file} as the node sees it now, or -1 when there is no such file. */
    int length(String file);

    boolean exists(String file);

    /** File names, sorted. */
    List<String> files();

    /**
     * Replaces the content of {@code file} atomically (durable after the next fsync).
     *
     * @throws DiskFullException when the disk is full; the file keeps its old content
     */
    void write(String file, byte[] data);

    /**
     * Appends to {@code file}, creating it if needed (durable after the next fsync).
     *
     * @throws DiskFullException when the disk is full; nothing is appended
     */
    void append(String file, byte[] data);

    /** Deletes {@code file} (durable after the next fsync); deleting a missing file does nothing. */
    void delete(String file);

    /** Makes every write, append and delete so far durable. */
    void fsync();

    /**
     * Makes every write, append and delete of {@code file} so far durable, in order; writes to
     * other files may stay pending.
     */
    void fsync(String file);

    /** Writes {@code value} as an 8-byte big-endian file. */
    default void writeLong(String file, long value) {
        write(file, ByteBuffer.allocate(8).putLong(value).array());
    }

    /** The 8-byte value in {@code file}, or {@code missing} when the file does not exist or is not 8 bytes. */
    default long readLong(String file, long missing) {
        byte[] d = read(file);
        return d == null || d.length != 8 ? missing : ByteBuffer.wrap(d).getLong();
    }
}
