package dev.dst.examples.txnkv;

import dev.dst.trace.StableHash;

import java.util.List;

/**
 * What coordinators, shards and the timestamp oracle say to each other, and the timer tags.
 * A transaction is named by its start timestamp ({@code txn}), which the oracle issues once in
 * the whole run, so a late message about a transaction that has ended matches nothing, or
 * finds its outcome recorded. Values only: immutable records of longs and lists of longs,
 * whose {@code toString} is deterministic; {@link StableHash} spares the trace from printing
 * them.
 */
sealed interface Messages extends StableHash {
    /** A cheap deterministic hash for the trace (instead of building the {@code toString} per event). */
    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = (h ^ p) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }

    static long hash(List<Long> values) {
        long h = values.size();
        for (long v : values) {
            h = mix(h, v);
        }
        return h;
    }

    /** The elements one transaction appends to one key, in the order of its micro-ops. */
    record Write(long key, List<Long> elements) {
        public Write {
            elements = List.copyOf(elements);
        }

        long hash() {
            return mix(key, Messages.hash(elements));
        }
    }

    /**
     * Coordinator to oracle: "a timestamp, please", for the coordinator's operation {@code op}:
     * its start timestamp, or ({@code forCommit}) its commit timestamp. The reply says which,
     * so that a late answer to a repeated start request is never taken for the commit timestamp
     * (which must be issued after every lock is held).
     */
    record TsRequest(long op, boolean forCommit) implements Messages {
        @Override
        public long stableHash() {
            return mix(1, op, forCommit ? 1 : 0);
        }
    }

    record TsReply(long op, boolean forCommit, long ts) implements Messages {
        @Override
        public long stableHash() {
            return mix(2, op, forCommit ? 1 : 0, ts);
        }
    }

    /** Coordinator to shard: the keys' lists as of the snapshot at {@code txn} (the start timestamp). */
    record Read(long txn, List<Long> keys) implements Messages {
        public Read {
            keys = List.copyOf(keys);
        }

        @Override
        public long stableHash() {
            return mix(3, txn, hash(keys));
        }
    }

    /**
     * The lists, in the order of the keys asked; or, when {@code blocked}, none: a transaction
     * that started before the snapshot holds a key prepared, and may still commit below it.
     */
    record ReadReply(long txn, boolean blocked, List<List<Long>> lists) implements Messages {
        public ReadReply {
            lists = List.copyOf(lists);
        }

        @Override
        public long stableHash() {
            long h = mix(4, txn, blocked ? 1 : 0);
            for (List<Long> l : lists) {
                h = mix(h, hash(l));
            }
            return h;
        }
    }

    /**
     * Phase 1 of the commit: validate against the snapshot at {@code txn}, lock and make durable
     * the keys this shard holds that the transaction read ({@code reads}) and appends to
     * ({@code writes}); {@code coordinator} is who to ask if the outcome never arrives.
     */
    record Prepare(long txn, int coordinator, List<Long> reads, List<Write> writes) implements Messages {
        public Prepare {
            reads = List.copyOf(reads);
            writes = List.copyOf(writes);
        }

        @Override
        public long stableHash() {
            long h = mix(5, txn, coordinator, hash(reads));
            for (Write w : writes) {
                h = mix(h, w.hash());
            }
            return h;
        }
    }

    /** A shard's vote: {@code yes} means prepared and durable; otherwise {@code reason} says why not. */
    record Vote(long txn, boolean yes, String reason) implements Messages {
        @Override
        public long stableHash() {
            return mix(6, txn, yes ? 1 : 0, reason.hashCode());
        }
    }

    /** Phase 2: the transaction committed at {@code commitTs}; apply its appends and release its locks. */
    record Commit(long txn, long commitTs) implements Messages {
        @Override
        public long stableHash() {
            return mix(7, txn, commitTs);
        }
    }

    /** Phase 2: the transaction did not commit; release its locks. */
    record Abort(long txn) implements Messages {
        @Override
        public long stableHash() {
            return mix(8, txn);
        }
    }

    /** A shard applied (durably) the commit of {@code txn}. */
    record Committed(long txn) implements Messages {
        @Override
        public long stableHash() {
            return mix(9, txn);
        }
    }

    /** Shard to coordinator, for a transaction prepared here long ago: "how did it end?" */
    record Status(long txn) implements Messages {
        @Override
        public long stableHash() {
            return mix(10, txn);
        }
    }

    /** The coordinator's answer: committed at {@code commitTs}, aborted, or still undecided ({@code pending}). */
    record StatusReply(long txn, Outcome outcome, long commitTs) implements Messages {
        @Override
        public long stableHash() {
            return mix(11, txn, outcome.ordinal(), commitTs);
        }
    }

    enum Outcome { COMMITTED, ABORTED, PENDING }

    /** Timer tags: resend what a coordinator's operation waits for; give it up; commits still unacknowledged; in-doubt locks. */
    record Retry(long op) implements Messages {
        @Override
        public long stableHash() {
            return mix(12, op);
        }
    }

    record Deadline(long op) implements Messages {
        @Override
        public long stableHash() {
            return mix(13, op);
        }
    }

    record ResendCommits() implements Messages {
        @Override
        public long stableHash() {
            return mix(14);
        }
    }

    record Resolve() implements Messages {
        @Override
        public long stableHash() {
            return mix(15);
        }
    }
}
