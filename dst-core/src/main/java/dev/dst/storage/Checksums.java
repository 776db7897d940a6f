package dev.dst.storage;

import java.util.zip.CRC32C;

/** CRC-32C (Castagnoli), the checksum of {@link RecordLog} frames and {@link AtomicFile}s; the same on every JDK. */
final class Checksums {
    private Checksums() {}

    static int crc32c(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        CRC32C crc = new CRC32C();
        crc.update(a, aOffset, aLength);
        crc.update(b, bOffset, bLength);
        return (int) crc.getValue();
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    static long getLong(byte[] b, int at) {
        return (long) getInt(b, at) << 32 | (getInt(b, at + 4) & 0xFFFFFFFFL);
    }
}
