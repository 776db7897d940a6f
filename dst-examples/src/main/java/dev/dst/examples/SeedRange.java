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
}
