package dev.dst.sweep;

import dev.dst.entropy.Seeds;

/**
 * The seeds of a sweep, by index: a range of numbers ({@code 1..1000}), or seeds derived from a
 * base (what {@code @SimulationTest} runs: {@code Seeds.derive(base, i)}), or a contiguous part
 * of either (a {@linkplain #shard shard}). Seeds are computed from their index when needed and
 * never held in memory, so a range of a trillion seeds costs nothing until it runs.
 */
public sealed interface SeedList {
    /** How many seeds; at most {@link Long#MAX_VALUE}. */
    long size();

    /** The seed at {@code index}, {@code 0 <= index < size()}. */
    long seed(long index);

    /** The text form, as result files record it: {@code 1..1000}, {@code derived 0x1f3a x500}. */
    String spec();

    default boolean isEmpty() {
        return size() == 0;
    }

    /** The {@code k}-th of {@code n} contiguous parts (see {@link Shard}); the parts partition this list exactly. */
    default SeedList shard(Shard shard) {
        long from = shard.from(size());
        long to = shard.to(size());
        return new Slice(this, from, to - from, shard);
    }

    /** {@code N} means {@code 1..N}; {@code A..B} both inclusive (decimal or 0x hex); the message of a bad one says what is expected. */
    static SeedList parse(String text) {
        String s = text == null ? "" : text.strip();
        int dots = s.indexOf("..");
        String expected = "bad --seeds '" + text + "': expected a count (1000) or a range A..B with A <= B (1..1000, 0x10..0x20)";
        if (dots < 0) {
            long n;
            try {
                n = Long.parseLong(s.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected);
            }
            if (n < 1) {
                throw new IllegalArgumentException("bad --seeds '" + text + "': a count must be at least 1");
            }
            return new Range(1, n);
        }
        long a;
        long b;
        try {
            a = Seeds.parse(s.substring(0, dots));
            b = Seeds.parse(s.substring(dots + 2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected);
        }
        if (Long.compareUnsigned(a, b) > 0) {
            throw new IllegalArgumentException("bad --seeds '" + text + "': the range is empty (" + Seeds.format(a) + " > "
                    + Seeds.format(b) + ")");
        }
        if (Long.compareUnsigned(b - a, Long.MAX_VALUE - 1) > 0) {
            throw new IllegalArgumentException("bad --seeds '" + text + "': a range holds at most " + (Long.MAX_VALUE - 1)
                    + " seeds (2^63 - 1); split it with --shard");
        }
        return new Range(a, b);
    }

    /** The seeds {@code first..last}, both inclusive, compared unsigned. */
    static SeedList range(long first, long last) {
        return new Range(first, last);
    }

    /** {@code count} seeds {@code Seeds.derive(base, 0) ...}: well spread, distinct. */
    static SeedList derived(long base, long count) {
        return new Derived(base, count);
    }

    record Range(long first, long last) implements SeedList {
        public Range {
            if (Long.compareUnsigned(first, last) > 0 && last != first - 1) {
                throw new IllegalArgumentException("empty range " + Seeds.format(first) + ".." + Seeds.format(last));
            }
            if (Long.compareUnsigned(last - first, Long.MAX_VALUE - 1) > 0 && last != first - 1) {
                throw new IllegalArgumentException("a range holds at most 2^63 - 1 seeds");
            }
        }

        @Override
        public long size() {
            return last - first + 1;
        }

        @Override
        public long seed(long index) {
            assert index >= 0 && index < size() : index;
            return first + index;
        }

        @Override
        public String spec() {
            return format(first) + ".." + format(last);
        }

        private static String format(long seed) {
            return seed >= 0 && seed < 1_000_000_000L ? Long.toString(seed) : Seeds.format(seed);
        }
    }

    record Derived(long base, long count) implements SeedList {
        public Derived {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
        }

        @Override
        public long size() {
            return count;
        }

        @Override
        public long seed(long index) {
            assert index >= 0 && index < count : index;
            return Seeds.derive(base, index);
        }

        @Override
        public String spec() {
            return "derived " + Seeds.format(base) + " x" + count;
        }
    }

    /** Part of a list: {@code size} seeds from index {@code offset} of {@code whole}, and which shard that is. */
    record Slice(SeedList whole, long offset, long size, Shard shard) implements SeedList {
        public Slice {
            if (offset < 0 || size < 0 || offset + size > whole.size() || offset + size < 0) {
                throw new IllegalArgumentException("slice [" + offset + ", +" + size + ") outside a list of " + whole.size());
            }
        }

        @Override
        public long seed(long index) {
            assert index >= 0 && index < size : index;
            return whole.seed(offset + index);
        }

        @Override
        public String spec() {
            return whole.spec() + " shard " + shard;
        }

        /** The index of this slice's seed {@code index} in the whole list. */
        public long wholeIndex(long index) {
            return offset + index;
        }
    }
}
