package dev.dst.examples.leaselock;

/** The test's record of what the store accepted and refused, in order: the fence-token check. */
final class Writes {
    private long count;
    private long highest;
    private String regression;

    void accepted(long token) {
        count++;
        if (token < highest && regression == null) {
            regression = "the store accepted token " + token + " after token " + highest;
        }
        highest = Math.max(highest, token);
    }

    long count() {
        return count;
    }

    long highest() {
        return highest;
    }

    /** Null while accepted tokens never went backwards. */
    String regression() {
        return regression;
    }

    private long rejected;

    void rejected(long token) {
        rejected++;
    }

    /** Writes the store turned away for a stale token. */
    long rejected() {
        return rejected;
    }
}
