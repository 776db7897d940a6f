package dev.dst.runtime;

import dev.dst.storage.RecordLog;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The process {@link FileStorageKillTest} kills: opens a {@link FileStorage}, appends numbered
 * records to a {@link RecordLog} with an fsync after each, and prints each number once it is
 * fsynced, until it is killed. Started again, it goes on after the last record it finds.
 */
public final class AppendUntilKilled {
    private AppendUntilKilled() {}

    /** Record {@code n}: its number and up to 16 KiB of bytes drawn from it, so that a reader can tell it whole. */
    static byte[] record(long n) {
        int size = 8 + (int) ((n * 2654435761L) & 0x3FFF);
        byte[] r = new byte[size];
        new SplittableRandom(n).nextBytes(r);
        ByteBuffer.wrap(r).putLong(n);
        return r;
    }

    static boolean isRecord(long n, byte[] r) {
        return Arrays.equals(record(n), r);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        try (FileStorage storage = FileStorage.open(Path.of(args[0]))) {
            RecordLog log = RecordLog.open(storage, "records");
            long next = log.nextIndex();
            out.println("ready " + next + " dropped " + log.droppedBytes());
            out.flush();
            while (true) {
                log.append(record(next));
                log.fsync();
                out.println(next); // only once it is durable
                out.flush();
                next++;
            }
        }
    }
}
