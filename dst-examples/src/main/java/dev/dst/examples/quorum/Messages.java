package dev.dst.examples.quorum;

import dev.dst.trace.StableHash;

/**
 * What coordinators and replicas say to each other. Every message names the operation it
 * belongs to by the client's request id, which is unique in the run, so a late answer to an
 * operation that has ended, or to a crashed coordinator's earlier incarnation, matches nothing
 * and is ignored. Records of primitives: their {@code toString} is deterministic, and
 * {@link StableHash} spares the trace from printing them.
 */
sealed interface Messages extends StableHash {
    long op();

    /** A cheap deterministic hash for the trace (instead of building the {@code toString} per event). */
    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = (h ^ p) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }

    /** Phase 1: "what is your (timestamp, value)?" */
    record Query(long op) implements Messages {
        @Override
        public long stableHash() {
            return mix(1, op);
        }
    }

    record QueryReply(long op, Ts ts, long value) implements Messages {
        @Override
        public long stableHash() {
            return mix(2, op, ts.counter(), ts.node(), value);
        }
    }

    /**
     * Phase 2: "store this if it is newer than yours". {@code repair} marks a read's write-back,
     * for the probe that shows read repair happens.
     */
    record Store(long op, Ts ts, long value, boolean repair) implements Messages {
        @Override
        public long stableHash() {
            return mix(3, op, ts.counter(), ts.node(), value, repair ? 1 : 0);
        }
    }

    record StoreAck(long op) implements Messages {
        @Override
        public long stableHash() {
            return mix(4, op);
        }
    }

    /** Timer tags of an operation: resend to the replicas that have not answered; give up. */
    record Retry(long op) implements Messages {
        @Override
        public long stableHash() {
            return mix(5, op);
        }
    }

    record Deadline(long op) implements Messages {
        @Override
        public long stableHash() {
            return mix(6, op);
        }
    }
}
