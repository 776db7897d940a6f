package dev.dst.examples.leaselock;

/** What lease-lock's nodes send each other: records, so they print and hash deterministically. */
final class Messages {
    private Messages() {}

    /** A request for the lease, numbered by the worker's asking episode. */
    record Acquire(long episode) {}

    /**
     * The lease is the requester's, under fencing token {@code token}, for {@code leaseNanos}
     * of the server's clock; {@code episode} echoes the ask it answers.
     */
    record Granted(long token, long leaseNanos, long episode) {}

    record Busy(long episode) {}

    record Release(long token) {}

    /** A write to the store, fenced by the writer's token. */
    record Write(long token, long value) {}

    record Accepted(long token) {}

    record Rejected(long token, long newest) {}
}
