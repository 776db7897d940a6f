package dev.dst.hosted;

import dev.dst.entropy.Entropy;

import java.util.Objects;
import java.util.Random;

/**
 * A {@link Random} (and so a {@link java.util.random.RandomGenerator}) that draws from a
 * node's entropy stream: hand it to code that takes a {@code Random} instead of an unseeded
 * {@code new Random()}. Bounded draws ({@code nextInt(bound)}, {@code nextLong(bound)}) are
 * the stream's own, so that the shrinker sees them as choices (smaller is simpler); the rest
 * come from its 64-bit draws. It cannot be reseeded: the seed is the run's.
 */
public final class SimRandom extends Random {
    private static final long serialVersionUID = 1L;
    private final transient Entropy entropy;

    SimRandom(Entropy entropy) {
        super(0); // Random's constructor calls setSeed before entropy is set: see setSeed
        this.entropy = Objects.requireNonNull(entropy);
    }

    /** Refused once constructed: the draws are the run's, from its seed. */
    @Override
    public synchronized void setSeed(long seed) {
        if (entropy != null) {
            throw new UnsupportedOperationException("a SimRandom draws from the node's entropy stream and cannot be reseeded"
                    + " (its seed is the run's); use new Random(seed) for a private seeded sequence");
        }
    }

    @Override
    protected int next(int bits) {
        return (int) (entropy.nextLong() >>> (64 - bits));
    }

    @Override
    public long nextLong() {
        return entropy.nextLong();
    }

    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return entropy.below(bound);
    }

    @Override
    public int nextInt(int origin, int bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin " + origin + " must be below bound " + bound);
        }
        return (int) (origin + entropy.below((long) bound - origin));
    }

    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return entropy.below(bound);
    }

    @Override
    public long nextLong(long origin, long bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin " + origin + " must be below bound " + bound);
        }
        long span = bound - origin;
        return span > 0 ? origin + entropy.below(span) : super.nextLong(origin, bound); // a span past Long.MAX_VALUE
    }

    @Override
    public boolean nextBoolean() {
        return entropy.below(2) == 1;
    }

    @Override
    public double nextDouble() {
        return entropy.unit();
    }
}
