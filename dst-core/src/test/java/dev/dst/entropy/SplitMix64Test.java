package dev.dst.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** SplitMix64 must stay bit-for-bit the published algorithm: every recorded seed depends on it. */
final class SplitMix64Test {

    @Test
    void theSequenceFromSeedZeroIsTheReferenceSequence() {
        // Reference outputs of Vigna's splitmix64.c started at 0.
        assertEquals(0xe220a8397b1dcdafL, SplitMix64.at(0, 0));
        assertEquals(0x6e789e6aa1b965f4L, SplitMix64.at(0, 1));
        assertEquals(0x06c45d188009454fL, SplitMix64.at(0, 2));
        assertEquals(0xf88bb8a8724c81ecL, SplitMix64.at(0, 3));
    }

    @Test
    void theSequenceFromSeed42IsPinned() {
        assertEquals(0xbdd732262feb6e95L, SplitMix64.at(42, 0));
        assertEquals(0x28efe333b266f103L, SplitMix64.at(42, 1));
        assertEquals(0x47526757130f9f52L, SplitMix64.at(42, 2));
        assertEquals(0x581ce1ff0e4ae394L, SplitMix64.at(42, 3));
    }

    @Test
    void mixIsTheOutputFunctionOfTheSequence() {
        assertEquals(SplitMix64.at(42, 0), SplitMix64.mix(42 + 0x9E3779B97F4A7C15L));
    }

    @Test
    void streamNamesHashToPinnedValues() {
        // FNV-1a over UTF-16 code units, then mixed; tapes name streams, so this must not change.
        assertEquals(0x6398c04f8a01fe55L, SplitMix64.hashName("scheduler"));
    }

    @Test
    void similarStreamNamesHashApart() {
        assertNotEquals(SplitMix64.hashName("node/n1"), SplitMix64.hashName("node/n2"));
        assertNotEquals(SplitMix64.hashName("ab"), SplitMix64.hashName("ba"));
    }
}
