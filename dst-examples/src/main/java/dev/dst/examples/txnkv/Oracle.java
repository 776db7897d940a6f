package dev.dst.examples.txnkv;

import dev.dst.storage.DiskFullException;
import dev.dst.storage.Storage;

/**
 * The timestamp oracle (Percolator's, TiDB's PD): hands out timestamps that increase strictly
 * over the whole run, across its own crashes. Timestamps are made durable in blocks: before
 * handing out the first of a block, the oracle writes the block's end as its high-water mark
 * and fsyncs; after a restart it continues from the mark, so the rest of a block interrupted
 * by a crash is skipped, never reused. It reads no clock.
 */
final class Oracle {
    static final String FILE = "oracle";
    static final long BLOCK = 1000;

    private long next;
    private long mark;

    Oracle(Storage storage) {
        this.mark = storage.readLong(FILE, 1);
        this.next = mark;
    }

    /** The next timestamp, or -1 when the disk is full and the block is used up (no answer: the coordinator retries). */
    long issue(Storage storage) {
        if (next == mark) {
            try {
                storage.writeLong(FILE, mark + BLOCK);
                storage.fsync();
            } catch (DiskFullException e) {
                return -1;
            }
            mark += BLOCK;
        }
        return next++;
    }
}
