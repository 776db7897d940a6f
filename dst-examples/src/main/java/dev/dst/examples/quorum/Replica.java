package dev.dst.examples.quorum;

import dev.dst.storage.DiskFullException;
import dev.dst.storage.Storage;

import java.nio.ByteBuffer;

/**
 * A replica's register: one (timestamp, value), durable. A store newer than what the replica
 * holds is written atomically and fsynced before it is acknowledged, and the memory copy
 * changes only after the fsync, so what a replica says in a query is always what survives a
 * crash. A store at or below its timestamp is acknowledged without writing: the replica
 * already holds that write or a later one.
 */
final class Replica {
    static final String FILE = "register";

    private Ts ts = Ts.ZERO;
    private long value;

    Replica(Storage storage, long initialValue) {
        this.value = initialValue;
        byte[] b = storage.read(FILE);
        if (b != null) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            ts = new Ts(buf.getLong(), buf.getInt());
            value = buf.getLong();
        }
    }

    /** The durable timestamp in {@code storage} (a crashed node's too), for the figures. */
    static Ts durableTs(Storage storage) {
        byte[] b = storage.read(FILE);
        if (b == null) {
            return Ts.ZERO;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new Ts(buf.getLong(), buf.getInt());
    }

    Messages.QueryReply query(long op) {
        return new Messages.QueryReply(op, ts, value);
    }

    /** Stores if newer; the acknowledgement, or null when the disk is full (no acknowledgement: the coordinator retries). */
    Messages.StoreAck store(Storage storage, Messages.Store s, Observer observer) {
        if (s.ts().after(ts)) {
            try {
                storage.write(FILE, ByteBuffer.allocate(20).putLong(s.ts().counter()).putInt(s.ts().node()).putLong(s.value()).array());
                storage.fsync();
            } catch (DiskFullException e) {
                return null;
            }
            ts = s.ts();
            value = s.value();
            if (s.repair()) {
                observer.repaired();
            }
        }
        return new Messages.StoreAck(s.op());
    }
}
