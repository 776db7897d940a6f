package dev.dst.examples.cli;

/** The numbers users give the commands, checked with the range in the message. */
final class Budgets {
    /** A week: more than any run needs, and far from overflowing when turned into nanoseconds. */
    static final long MAX_SECONDS = 7 * 86_400;

    private Budgets() {}

    /** {@code --timeout} in milliseconds. */
    static long timeoutMillis(long seconds) {
        return seconds("--timeout", seconds) * 1000;
    }

    static long seconds(String option, long seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(option + " must be from 1 to " + MAX_SECONDS + " seconds (a week), got " + seconds);
        }
        return seconds;
    }

    static int count(String option, long n, long max) {
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(option + " must be from 1 to " + max + ", got " + n);
        }
        return (int) n;
    }
}
