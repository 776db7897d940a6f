package dev.dst.examples.kafkalog;

import dev.dst.storage.Storage;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One replica's copy of one key's log: the messages in memory, and the file {@code log/KEY}
 * holding them as 8-byte big-endian longs. Appends are not durable until the node's next
 * {@code fsync}; what a power loss keeps of them is a prefix, possibly with a torn last
 * entry, which {@link #load} drops. A file with a torn tail is rewritten whole on the next
 * append, so that later entries stay aligned.
 */
final class ReplicaLog {
    static final String PREFIX = "log/";

    private final String key;
    private final LongArrayList messages = new LongArrayList();
    private boolean tornTail;

    ReplicaLog(String key) {
        this.key = key;
    }

    /** The log as {@code storage} has it after a restart. */
    static ReplicaLog load(String key, Storage storage) {
        ReplicaLog log = new ReplicaLog(key);
        byte[] data = storage.read(PREFIX + key);
        if (data != null) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.remaining() >= Long.BYTES) {
                log.messages.add(b.getLong());
            }
            log.tornTail = b.remaining() > 0;
        }
        return log;
    }

    String key() {
        return key;
    }

    long size() {
        return messages.size();
    }

    long get(long offset) {
        return messages.getLong((int) offset);
    }

    /** The messages in [from, to), as a list (for messages and histories). */
    List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>((int) (to - from));
        for (long o = from; o < to; o++) {
            out.add(messages.getLong((int) o));
        }
        return out;
    }

    /**
     * Appends {@code more} to the file, then to memory; throws
     * {@link dev.dst.storage.DiskFullException} (and changes nothing) when the disk is full.
     */
    void append(Storage storage, List<Long> more) {
        if (tornTail) {
            LongArrayList all = new LongArrayList(messages);
            more.forEach(all::add);
            storage.write(PREFIX + key, encode(all));
            tornTail = false;
        } else {
            LongArrayList fresh = new LongArrayList();
            more.forEach(fresh::add);
            storage.append(PREFIX + key, encode(fresh));
        }
        more.forEach(messages::add);
    }

    private static byte[] encode(LongArrayList values) {
        ByteBuffer b = ByteBuffer.allocate(values.size() * Long.BYTES);
        for (int i = 0; i < values.size(); i++) {
            b.putLong(values.getLong(i));
        }
        return b.array();
    }
}
