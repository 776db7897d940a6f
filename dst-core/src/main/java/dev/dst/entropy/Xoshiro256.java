package dev.dst.entropy;

/**
 * xoshiro256** 1.0 (Blackman and Vigna, 2018): 256 bits of state, period 2^256 - 1,
 * passes BigCrush. Implemented here so that a seed gives the same sequence on every JDK;
 * {@code java.util.Random} and {@code SplittableRandom} are not used anywhere in dst.
 */
final class Xoshiro256 {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    Xoshiro256(long seed) {
        s0 = SplitMix64.at(seed, 0);
        s1 = SplitMix64.at(seed, 1);
        s2 = SplitMix64.at(seed, 2);
        s3 = SplitMix64.at(seed, 3);
        if ((s0 | s1 | s2 | s3) == 0) {
            s0 = SplitMix64.GOLDEN_GAMMA; // the all-zero state is the one fixed point
        }
    }

    long next() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }
}
