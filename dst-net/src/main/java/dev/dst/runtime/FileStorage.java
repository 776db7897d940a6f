package dev.dst.runtime;

import dev.dst.storage.DiskFullException;
import dev.dst.storage.Storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link Storage} on real files, one directory per node, with the simulated disk's semantics:
 *
 * <ul>
 *   <li>{@link #write} writes a temporary file, fsyncs it, renames it over the file
 *       ({@code ATOMIC_MOVE}) and fsyncs the directory: a crash leaves the old or the new
 *       content, and the new one is durable when {@code write} returns. Before that it fsyncs
 *       the appends still unsynced (to any file), so that, as in the model, a write never
 *       survives a crash without the appends made before it.</li>
 *   <li>{@link #append} writes at the end of the file; it is durable after {@link #fsync()} or
 *       {@link #fsync(String)} ({@link FileChannel#force}; the directory too when the append
 *       created the file). A crash keeps a prefix of each file's unsynced bytes (a power loss may
 *       tear the last append; {@link dev.dst.storage.RecordLog} drops a torn tail).</li>
 *   <li>Reads see every write so far (the operating system's page cache), synced or not.</li>
 *   <li>A full disk ({@code ENOSPC}, {@code EDQUOT}) or the {@linkplain #setQuotaBytes quota}
 *       makes {@code write} and {@code append} throw {@link DiskFullException} and change nothing
 *       (a partial append is cut off again); reads, deletes and fsync still work. A write needs
 *       room for its whole new content (the temporary copy), even when it replaces a file as
 *       large; with no byte left under the quota, every write and append throws, as on the
 *       model's full disk.</li>
 *   <li>Any other I/O error, and every failed fsync, throws {@link UncheckedIOException}: in a
 *       handler it stops the node (after a failed fsync the kernel may have dropped the dirty
 *       pages, so retrying would lie).</li>
 * </ul>
 *
 * <p>File names are any non-empty strings ({@code log/k1} included): each is stored as one file
 * of the directory, its name percent-encoded where it is not a letter, digit, {@code -},
 * {@code _} or a {@code .} after the first character. Names of the directory starting with
 * {@code .} are the storage's own (its lock, temporary files); other files a person leaves in
 * the directory are ignored if their names do not decode. A lock file keeps a second process
 * from opening the same directory.
 *
 * <p>Not thread-safe: one node's loop thread uses it (the quota may be set from any thread).
 */
public final class FileStorage implements Storage, AutoCloseable {
    static final String TEMP_PREFIX = ".tmp.";
    private static final String LOCK = ".lock";
        private static final int OPEN_FILES = 64;

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Open files by encoded name, least recently used first; at most {@link #OPEN_FILES}. */
    private final LinkedHashMap<String, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);
    /** Encoded names of files with appends not yet fsynced. */
    private final Set<String> dirty = new TreeSet<>();
    /** A file was created by an append or deleted since the directory was last fsynced. */
    private boolean directoryDirty;
    private long usedBytes;
    private volatile long quotaBytes = Long.MAX_VALUE;
    private boolean closed;

    private FileStorage(Path directory, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the storage in {@code directory}, creating it if needed, and removes temporary
     * files a crash left (writes that never reached their rename).
     *
     * @throws IOException when the directory cannot be created or read, or another process holds it
     */
    public static FileStorage open(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path dir = directory.toRealPath();
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("storage directory " + dir + " is in use by another FileStorage of this process");
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("storage directory " + dir + " is in use by another process (it holds " + dir.resolve(LOCK) + ")");
        }
        FileStorage s = new FileStorage(dir, lockChannel, lock);
        try {
            s.recover();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** {@link #open(Path)} with a quota: writes that would make the files larger than {@code quotaBytes} in all throw {@link DiskFullException}. */
    public static FileStorage open(Path directory, long quotaBytes) throws IOException {
        FileStorage s = open(directory);
        s.setQuotaBytes(quotaBytes);
        return s;
    }

    private void recover() throws IOException {
        boolean removed = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(p);
                    removed = true;
                } else if (FileNames.decode(n) != null && Files.isRegularFile(p)) {
                    usedBytes += Files.size(p);
                }
            }
        }
        if (removed) {
            syncDirectory();
        }
    }

    public Path directory() {
        return directory;
    }

    /** Bytes in the storage's files (as the node sees them, synced or not). */
    public long usedBytes() {
        return usedBytes;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    /** Sets the quota ({@code Long.MAX_VALUE}: none); a quota below {@link #usedBytes} makes the disk full at once. */
    public void setQuotaBytes(long quotaBytes) {
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("quotaBytes must not be negative: " + quotaBytes);
        }
        this.quotaBytes = quotaBytes;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public byte[] read(String file) {
        Path p = path(file);
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading '" + file + "' in " + directory + " failed", e);
        }
    }

    @Override
    public byte[] read(String file, int offset, int length) {
        String name = FileNames.encode(file);
        try {
            FileChannel ch = channel(name, false);
            if (ch == null) {
                throw new IllegalArgumentException("no file '" + file + "'");
            }
            long size = ch.size();
            if (offset < 0 || length < 0 || offset > size - length) {
                throw new IllegalArgumentException("bytes " + offset + " to " + ((long) offset + length) + " of '" + file + "', which has " + size);
            }
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new IOException("'" + file + "' ended at " + (offset + b.position()) + " while being read");
                }
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException("reading '" + file + "' in " + directory + " failed", e);
        }
    }

    @Override
    public int length(String file) {
        try {
            long n = Files.size(path(file));
            if (n > Integer.MAX_VALUE) {
                throw new IllegalStateException("'" + file + "' in " + directory + " has " + n + " bytes, more than a Storage file may (2 GiB)");
            }
            return (int) n;
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the length of '" + file + "' in " + directory + " failed", e);
        }
    }

    @Override
    public boolean exists(String file) {
        return Files.isRegularFile(path(file));
    }

    @Override
    public List<String> files() {
        checkOpen();
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String n = FileNames.decode(p.getFileName().toString());
                if (n != null && Files.isRegularFile(p)) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + directory + " failed", e);
        }
        return new ArrayList<>(names);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void write(String file, byte[] data) {
        String name = FileNames.encode(file);
        Path target = directory.resolve(name);
        long old = Math.max(0, length(file));
        checkSpace(file, data.length); // the temporary copy is written beside the old file, before the rename frees it
        forceDirty(); // the appends before this write must not be lost if it survives
        Path temp = directory.resolve(TEMP_PREFIX + name);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure("writing", file, e);
        }
        closeChannel(name); // it is of the old file, which the rename replaces
        dirty.remove(name);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure("renaming the new content of", file, e);
        }
        usedBytes += data.length - old;
        syncDirectory();
    }

    @Override
    public void append(String file, byte[] data) {
        String name = FileNames.encode(file);
        checkSpace(file, data.length);
        boolean existed = exists(file);
        long at = -1;
        FileChannel ch = null;
        try {
            ch = channel(name, true);
            at = ch.size();
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b, at + b.position());
            }
        } catch (IOException e) {
            undoAppend(file, name, ch, at, existed);
            throw failure("appending to", file, e);
        }
        usedBytes += data.length;
        if (data.length > 0) {
            dirty.add(name);
        }
        if (!existed) {
            directoryDirty = true;
        }
    }

    /** Cuts a partial append off again (and removes a file the append created), so that a failed append changes nothing. */
    private void undoAppend(String file, String name, FileChannel ch, long at, boolean existed) {
        try {
            if (!existed) {
                closeChannel(name);
                Files.deleteIfExists(directory.resolve(name));
            } else if (ch != null && at >= 0) {
                ch.truncate(at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an append to '" + file + "' failed and could not be undone", e);
        }
    }

    @Override
    public void delete(String file) {
        String name = FileNames.encode(file);
        long size = Math.max(0, length(file));
        closeChannel(name);
        dirty.remove(name);
        try {
            if (Files.deleteIfExists(directory.resolve(name))) {
                usedBytes -= size;
                directoryDirty = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting '" + file + "' in " + directory + " failed", e);
        }
    }

    @Override
    public void fsync() {
        checkOpen();
        forceDirty();
        if (directoryDirty) {
            syncDirectory();
        }
    }

    @Override
    public void fsync(String file) {
        String name = FileNames.encode(file);
        if (dirty.remove(name)) {
            force(name);
        }
        if (directoryDirty) {
            syncDirectory(); // the directory holds every file's entry: syncing it for one file syncs them all
        }
    }

    private void forceDirty() {
        for (Iterator<String> i = dirty.iterator(); i.hasNext(); ) {
            String name = i.next();
            i.remove();
            force(name);
        }
    }

    private void force(String name) {
        try {
            FileChannel ch = channel(name, false);
            if (ch != null) {
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fsync of '" + FileNames.decode(name) + "' in " + directory + " failed; its unsynced appends may be lost", e);
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("fsync of the directory " + directory + " failed", e);
        }
        directoryDirty = false;
    }

    /** Refuses a write or an append of {@code more} bytes that would go over the quota, and any at all once no byte is left (the model's full disk). */
    private void checkSpace(String file, long more) {
        checkOpen();
        if (usedBytes + more > quotaBytes || usedBytes >= quotaBytes) {
            throw new DiskFullException(file);
        }
    }

    private RuntimeException failure(String doing, String file, IOException e) {
        if (isNoSpace(e)) {
            DiskFullException full = new DiskFullException(file);
            full.initCause(e);
            return full;
        }
        return new UncheckedIOException(doing + " '" + file + "' in " + directory + " failed", e);
    }

    /** ENOSPC or EDQUOT: Java gives the operating system's message, not the errno. */
    static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded") || m.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ files and names

    /** The open channel of a file (opened, and created when {@code create}); {@code null} when it does not exist and {@code create} is false. */
    private FileChannel channel(String name, boolean create) throws IOException {
        checkOpen();
        FileChannel ch = open.get(name);
        if (ch != null) {
            return ch;
        }
        Path p = directory.resolve(name);
        try {
            ch = create ? FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return null;
        }
        open.put(name, ch);
        if (open.size() > OPEN_FILES) {
            Map.Entry<String, FileChannel> eldest = open.entrySet().iterator().next();
            if (dirty.remove(eldest.getKey())) {
                force(eldest.getKey()); // so that a later fsync never relies on another descriptor
            }
            closeChannel(eldest.getKey());
        }
        return ch;
    }

    private void closeChannel(String name) {
        FileChannel ch = open.remove(name);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // the data is in the page cache whatever close says; fsync reports errors
            }
        }
    }

    private Path path(String file) {
        checkOpen();
        return directory.resolve(FileNames.encode(file));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the storage in " + directory + " is closed");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary file is removed at the next open
        }
    }

    /** Closes the files and releases the directory; unsynced appends stay in the page cache (as at a process exit). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String name : new ArrayList<>(open.keySet())) {
            closeChannel(name);
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return "FileStorage[" + directory + "]";
    }
}
