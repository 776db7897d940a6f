package dev.dst.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** xoshiro256** seeded through SplitMix64, as in the reference implementation. */
final class Xoshiro256Test {

    @Test
    void theSequenceFromSeedZeroIsPinned() {
        Xoshiro256 prng = new Xoshiro256(0);
        assertEquals(0x99ec5f36cb75f2b4L, prng.next());
        assertEquals(0xbf6e1f784956452aL, prng.next());
        assertEquals(0x1a5f849d4933e6e0L, prng.next());
        assertEquals(0x6aa594f1262d2d2cL, prng.next());
    }

    @Test
    void theSequenceFromSeed42IsPinned() {
        Xoshiro256 prng = new Xoshiro256(42);
        assertEquals(0x15780b2e0c2ec716L, prng.next());
        assertEquals(0x6104d9866d113a7eL, prng.next());
        assertEquals(0xae17533239e499a1L, prng.next());
        assertEquals(0xecb8ad4703b360a1L, prng.next());
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        Xoshiro256 a = new Xoshiro256(0x1f3aL);
        Xoshiro256 b = new Xoshiro256(0x1f3aL);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.next(), b.next());
        }
    }

    @Test
    void neighbouringSeedsGiveDifferentSequences() {
        assertNotEquals(new Xoshiro256(1).next(), new Xoshiro256(2).next());
    }
}
