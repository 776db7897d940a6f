package dev.dst.entropy;

import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.List;

/**
 * One named stream of random decisions, forked from an {@link EntropySource}.
 *
 * <p>Every draw is a <em>choice</em>: the value returned is what the choice tape records, and
 * draws are shaped so that smaller values mean simpler runs ({@code 0} = no fault, the
 * shortest delay, the first candidate). Replaying a tape returns the recorded values; past the
 * end of a stream's tape every draw returns {@code 0}, the simplest choice (what the shrinker
 * wants), or, when the source was made with {@link EntropySource.PastTheEnd#FRESH}, a fresh
 * draw from the stream's generator (what a replay of a fixed bug wants: the run goes on as a
 * normal run instead of with every choice the simplest). A replaying source may also record: it
 * then records the values it returned (clamped to their bounds, zeros past the end), which is
 * the normal form of an edited tape.
 *
 * <p>A draw costs a few nanoseconds, plus an array append when the source records.
 * Not thread-safe: a simulation is single-threaded.
 */
public final class Entropy {
    private final String name;
    private final Xoshiro256 prng;
    private final LongArrayList record; // null unless the source records
    private final long[] replay;        // null unless the source replays a tape
    private final boolean freshPastEnd; // past the tape's end: the generator's draws instead of zeros
    private final ChoiceLog log;        // null unless the source logs choices
    private final long seededWiderThan; // > 0: past the tape's end, draws among more values than this are seeded by place
    private final long streamSeed;
    private int replayPosition;
    private long drawn;

    Entropy(String name, long seed, LongArrayList record, long[] replay, boolean freshPastEnd, ChoiceLog log, long seededWiderThan) {
        this.name = name;
        this.streamSeed = seed;
        this.seededWiderThan = seededWiderThan;
        this.prng = new Xoshiro256(seed);
        this.record = record;
        this.replay = replay;
        this.freshPastEnd = freshPastEnd;
        this.log = log;
    }

    /** The stream's name, as it appears in a choice tape. */
    public String name() {
        return name;
    }

    /** Number of draws made so far from this stream. */
    public long draws() {
        return drawn;
    }

    /** A uniformly random value in {@code [0, bound)}; {@code bound} must be positive. */
    public long below(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        drawn++;
        if (onTape()) {
            long v = pastTape() && seededWiderThan > 0 && bound > seededWiderThan ? byPlace() % bound : fromTape();
            return logged(recorded(v < 0 ? 0 : Math.min(v, bound - 1)), bound);
        }
        long v;
        if ((bound & (bound - 1)) == 0) {
            v = prng.next() & (bound - 1);
        } else {
            long r = prng.next() >>> 1;
            long m = bound - 1;
            for (long u = r; u - (r = u % bound) + m < 0; u = prng.next() >>> 1) {
                // reject the top sliver so that every value is equally likely
            }
            v = r;
        }
        if (record != null) {
            record.add(v);
        }
        return logged(v, bound);
    }

    /** A uniformly random int in {@code [0, bound)}. */
    public int below(int bound) {
        return (int) below((long) bound);
    }

    /** A uniformly random value in {@code [min, max]}, both inclusive. */
    public long between(long min, long max) {
        if (max < min) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        if (max - min == Long.MAX_VALUE || max - min < 0) {
            return min + (nextLong() & Long.MAX_VALUE); // ranges wider than 2^63 are not used
        }
        return min + below(max - min + 1);
    }

    /**
     * True with probability {@code p}; recorded as 1 (true) or 0 (false), so shrinking turns
     * rare events off. {@code p <= 0} and {@code p >= 1} draw nothing.
     */
    public boolean chance(double p) {
        if (p <= 0) {
            return false;
        }
        if (p >= 1) {
            return true;
        }
        drawn++;
        if (onTape()) {
            return logged(recorded(fromTape() != 0 ? 1 : 0), 2) != 0;
        }
        boolean v = (prng.next() >>> 11) * 0x1.0p-53 < p;
        if (record != null) {
            record.add(v ? 1 : 0);
        }
        logged(v ? 1 : 0, 2);
        return v;
    }

    /** A uniformly random double in {@code [0, 1)}, drawn as a 53-bit integer (0 = smallest). */
    public double unit() {
        return below(1L << 53) * 0x1.0p-53;
    }

    /** 64 random bits; use the shaped draws above where a value has a meaning. */
    public long nextLong() {
        drawn++;
        if (onTape()) {
            return logged(recorded(pastTape() && seededWiderThan > 0 ? byPlace() : fromTape()), 0);
        }
        long v = prng.next();
        if (record != null) {
            record.add(v);
        }
        return logged(v, 0);
    }

    /**
     * An exponentially distributed value with the given mean; smaller draws give shorter
     * values. Never more than about 37 times the mean (the largest 53-bit draw), so one draw
     * cannot stall a run.
     */
    public long exponential(long mean) {
        double u = unit();
        double v = -Math.log1p(-u) * mean;
        return (long) Math.min(v, 50.0 * mean);
    }

    /** One element of a non-empty list, the first being the simplest. */
    public <T> T pick(List<T> options) {
        return options.get(below(options.size()));
    }

    private long logged(long v, long bound) {
        if (log != null) {
            log.drew(this, v, bound);
        }
        return v;
    }

    private long recorded(long v) {
        if (record != null) {
            record.add(v);
        }
        return v;
    }

    /** Whether this draw comes from the tape (zeros past its end, or seeded by place, unless fresh draws were asked for). */
    private boolean onTape() {
        return replay != null && (replayPosition < replay.length || !freshPastEnd);
    }

    private boolean pastTape() {
        return replayPosition >= replay.length;
    }

    /** A draw's value from the stream's seed and its place in the stream alone: what a run past its tape draws when wide draws are seeded. */
    private long byPlace() {
        return SplitMix64.mix(streamSeed + drawn * 0x9E3779B97F4A7C15L) >>> 1;
    }

    private long fromTape() {
        return replayPosition < replay.length ? replay[replayPosition++] : 0;
    }

    @Override
    public String toString() {
        return "Entropy[" + name + "]";
    }
}
