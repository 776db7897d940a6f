package dev.dst.examples;

import dev.dst.entropy.Seeds;

/** A sweep's seeds: {@code N} means 1..N, {@code A..B} both inclusive. */
public record SeedRange(long first, long last) {
    public static SeedRange parse(String text) {
        String s = text.strip();
        int dots = s.indexOf("..");
        try {
            if (dots < 0) {
                long n = Long.parseLong(s.replace("_", ""));
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return new SeedRange(1, n);
            }
            long a = Seeds.parse(s.substring(0, dots));
            long b = Seeds.parse(s.substring(dots + 2));
            if (Long.compareUnsigned(a, b) > 0) {
                throw new NumberFormatException();
            }
            return new SeedRange(a, b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --seeds '" + text + "': expected a count (1000) or a range A..B with A <= B (1..1000, 0x10..0x20)");
        }
    }

    public long count() {
        return last - first + 1;
    }

    /**
     * Shard {@code k} of {@code n} (1-based): the k-th of n contiguous, nearly equal parts, so
     * that n machines together run every seed exactly once. A shard may be empty when n is
     * larger than the range.
     */
    public SeedRange shard(int k, int n) {
        long size = count() / n;
        long extra = count() % n;
        long start = first + (k - 1) * size + Math.min(k - 1, extra);
        long length = size + (k <= extra ? 1 : 0);
        return new SeedRange(start, start + length - 1);
    }

    /** Parses {@code K/N} with 1 <= K <= N. */
    public static int[] parseShard(String text) {
        String[] parts = text.strip().split("/");
        try {
            int k = Integer.parseInt(parts[0]);
            int n = Integer.parseInt(parts[1]);
            if (parts.length != 2 || n < 1 || k < 1 || k > n) {
                throw new NumberFormatException();
            }
            return new int[] {k, n};
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad --shard '" + text + "': expected K/N with 1 <= K <= N, such as 3/8");
        }
    }
}
