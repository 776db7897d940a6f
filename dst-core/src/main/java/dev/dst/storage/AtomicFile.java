package dev.dst.storage;

import java.util.Arrays;

/**
 * A small file replaced whole, with a checksum, so that a reader can tell its content from
 * garbage: a node's term and vote, its identity, a snapshot's metadata. {@link Storage#write}
 * already replaces a file atomically; this adds a header (magic {@code DSTA}, length,
 * CRC-32C) and the check on reading.
 *
 * <p>Durable after {@link #fsync()} (or {@link Storage#fsync()}): until then a crash may leave
 * the previous content.
 */
public final class AtomicFile {
    static final int MAGIC = 0x44535441; // "DSTA"
    static final int HEADER_BYTES = 12;

    private final Storage storage;
    private final String file;

    public AtomicFile(Storage storage, String file) {
        this.storage = storage;
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** Replaces the content (atomically: a crash leaves the old or the new content, never a mix). */
    public void write(byte[] content) {
        byte[] framed = new byte[HEADER_BYTES + content.length];
        Checksums.putInt(framed, 0, MAGIC);
        Checksums.putInt(framed, 4, content.length);
        System.arraycopy(content, 0, framed, HEADER_BYTES, content.length);
        Checksums.putInt(framed, 8, Checksums.crc32c(framed, 4, 4, content, 0, content.length));
        storage.write(file, framed);
    }

    /** {@link #write} then {@link #fsync()}: the usual way to persist a term or a vote. */
    public void writeAndSync(byte[] content) {
        write(content);
        fsync();
    }

    /**
     * The content last written, or {@code null} when the file does not exist.
     *
     * @throws CorruptFileException when the file exists but is not a whole file written by {@link #write}
     */
    public byte[] read() {
        byte[] framed = storage.read(file);
        if (framed == null) {
            return null;
        }
        if (framed.length < HEADER_BYTES || Checksums.getInt(framed, 0) != MAGIC) {
            throw new CorruptFileException(file, "no atomic-file header (" + framed.length + " bytes)");
        }
        int length = Checksums.getInt(framed, 4);
        if (length != framed.length - HEADER_BYTES) {
            throw new CorruptFileException(file, "its header says " + length + " bytes but " + (framed.length - HEADER_BYTES) + " follow");
        }
        int expected = Checksums.getInt(framed, 8);
        int actual = Checksums.crc32c(framed, 4, 4, framed, HEADER_BYTES, length);
        if (expected != actual) {
            throw new CorruptFileException(file, "checksum " + Integer.toHexString(actual) + ", expected " + Integer.toHexString(expected));
        }
        return Arrays.copyOfRange(framed, HEADER_BYTES, framed.length);
    }

    public boolean exists() {
        return storage.exists(file);
    }

    /** Makes this file's writes durable (and only this file's, as {@link Storage#fsync(String)}). */
    public void fsync() {
        storage.fsync(file);
    }

    public void delete() {
        storage.delete(file);
    }
}
