package dev.dst.entropy;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): used only to expand a 64-bit seed into
 * xoshiro256** state and to derive the seeds of forked streams. Pure functions of their
 * input, identical on every JDK.
 */
public final class SplitMix64 {
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {}

    /** The SplitMix64 output function: a bijective 64-bit finalizer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The {@code index}-th output of SplitMix64 started at {@code seed}. */
    public static long at(long seed, long index) {
        return mix(seed + (index + 1) * GOLDEN_GAMMA);
    }

    /**
     * A stable 64-bit hash of a stream name (FNV-1a over UTF-16 code units, then mixed).
     * Never {@link String#hashCode()} alone: 32 bits would make stream collisions likely.
     */
    public static long hashName(String name) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }
}
