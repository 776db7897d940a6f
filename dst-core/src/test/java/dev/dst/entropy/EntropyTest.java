package dev.dst.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shaped draws of one stream, with a fresh PRNG behind them. */
final class EntropyTest {

    private static Entropy stream(long seed, String name) {
        return EntropySource.seeded(seed).stream(name);
    }

    @Test
    void aStreamDrawsAPinnedSequenceForItsSeedAndName() {
        Entropy e = stream(42, "scheduler");
        assertEquals(0x83f85c511ed0936aL, e.nextLong());
        assertEquals(0xd0b1be158f510830L, e.nextLong());
        assertEquals(0xad6c47feffeb7d3eL, e.nextLong());
    }

    @Test
    void belowDrawsAPinnedSequenceForItsSeedAndName() {
        Entropy e = stream(7, "test");
        long[] drawn = new long[8];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = e.below(10);
        }
        assertArrayEquals(new long[] {7, 8, 3, 0, 7, 8, 4, 2}, drawn);
    }

    @Test
    void belowStaysInRangeForEveryKindOfBound() {
        Entropy e = stream(1, "range");
        for (long bound : new long[] {1, 2, 3, 7, 64, 1000, (1L << 62) + 1, Long.MAX_VALUE}) {
            for (int i = 0; i < 2_000; i++) {
                long v = e.below(bound);
                assertTrue(v >= 0 && v < bound, () -> "below(" + bound + ") gave " + v);
            }
        }
    }

    @Test
    void belowOneIsAlwaysZero() {
        Entropy e = stream(3, "one");
        for (int i = 0; i < 100; i++) {
            assertEquals(0, e.below(1));
        }
    }

    @Test
    void belowRejectsABoundThatIsNotPositive() {
        Entropy e = stream(1, "bad");
        assertThrows(IllegalArgumentException.class, () -> e.below(0L));
        assertThrows(IllegalArgumentException.class, () -> e.below(-5L));
    }

    @Test
    void belowIsRoughlyUniform() {
        Entropy e = stream(0x5eed, "uniform");
        int bound = 10;
        int n = 100_000;
        long[] counts = new long[bound];
        for (int i = 0; i < n; i++) {
            counts[e.below(bound)]++;
        }
        double expected = (double) n / bound;
        double chiSquare = 0;
        for (long c : counts) {
            chiSquare += (c - expected) * (c - expected) / expected;
        }
        // 9 degrees of freedom: 27.9 is the 0.1% tail; the bound is loose on purpose.
        assertTrue(chiSquare < 40, "chi-square " + chiSquare + " for counts " + Arrays.toString(counts));
    }

    @Test
    void belowHasNoModuloBiasForAHugeBound() {
        // Taking (63 random bits) mod 3*2^61 would put half the draws below 2^61; uniform puts a third there.
        long bound = 3L << 61;
        Entropy e = stream(11, "bias");
        int n = 30_000;
        int low = 0;
        for (int i = 0; i < n; i++) {
            if (e.below(bound) < (1L << 61)) {
                low++;
            }
        }
        double fraction = (double) low / n;
        assertTrue(fraction > 0.30 && fraction < 0.37, "fraction below 2^61 was " + fraction);
    }

    @Test
    void belowIntStaysInRange() {
        Entropy e = stream(5, "int");
        for (int i = 0; i < 1_000; i++) {
            int v = e.below(6);
            assertTrue(v >= 0 && v < 6);
        }
    }

    @Test
    void betweenIncludesBothEnds() {
        Entropy e = stream(8, "between");
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < 1_000; i++) {
            long v = e.between(-2, 2);
            assertTrue(v >= -2 && v <= 2, "between(-2, 2) gave " + v);
            sawMin |= v == -2;
            sawMax |= v == 2;
        }
        assertTrue(sawMin && sawMax);
    }

    @Test
    void betweenAcceptsTheWidestRanges() {
        Entropy e = stream(9, "wide");
        for (int i = 0; i < 100; i++) {
            e.between(Long.MIN_VALUE, Long.MAX_VALUE);
            long v = e.between(0, Long.MAX_VALUE);
            assertTrue(v >= 0);
        }
    }

    @Test
    void betweenRejectsAnEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> stream(1, "x").between(3, 2));
    }

    @Test
    void chanceOfZeroOrOneDrawsNothing() {
        EntropySource source = EntropySource.recording(1);
        Entropy e = source.stream("chance");
        assertFalse(e.chance(0));
        assertFalse(e.chance(-1));
        assertTrue(e.chance(1));
        assertTrue(e.chance(2));
        assertEquals(0, source.tape().draws("chance").length);
    }

    @Test
    void chanceIsRecordedAsZeroOrOne() {
        EntropySource source = EntropySource.recording(2);
        Entropy e = source.stream("chance");
        boolean[] results = new boolean[200];
        for (int i = 0; i < results.length; i++) {
            results[i] = e.chance(0.5);
        }
        long[] tape = source.tape().draws("chance");
        assertEquals(results.length, tape.length);
        for (int i = 0; i < results.length; i++) {
            assertEquals(results[i] ? 1 : 0, tape[i], "draw " + i);
        }
    }

    @Test
    void chanceComesTrueAboutAsOftenAsAsked() {
        Entropy e = stream(4, "freq");
        int n = 20_000;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (e.chance(0.2)) {
                hits++;
            }
        }
        double rate = (double) hits / n;
        assertTrue(rate > 0.18 && rate < 0.22, "rate " + rate);
    }

    @Test
    void unitIsInTheHalfOpenUnitInterval() {
        Entropy e = stream(6, "unit");
        for (int i = 0; i < 10_000; i++) {
            double u = e.unit();
            assertTrue(u >= 0 && u < 1, "unit gave " + u);
        }
    }

    @Test
    void exponentialGrowsWithTheDrawAndStaysBounded() {
        long[] tape = {0, 1L << 52, (1L << 53) - 1};
        Entropy e = EntropySource.replaying(new ChoiceTape(1, Map.of("exp", tape))).stream("exp");
        long smallest = e.exponential(1000);
        long middle = e.exponential(1000);
        long largest = e.exponential(1000);
        assertEquals(0, smallest);
        assertEquals(693, middle, "the median of an exponential is mean * ln 2");
        assertTrue(largest > middle && largest <= 50 * 1000, "largest " + largest);
    }

    @Test
    void exponentialAveragesAboutItsMean() {
        Entropy e = stream(10, "exp");
        int n = 20_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            long v = e.exponential(1_000_000);
            assertTrue(v >= 0);
            sum += v;
        }
        double mean = sum / n;
        assertTrue(mean > 950_000 && mean < 1_050_000, "mean " + mean);
    }

    @Test
    void pickOfAZeroDrawIsTheFirstOption() {
        Entropy e = EntropySource.replaying(new ChoiceTape(1, Map.of())).stream("pick");
        assertEquals("a", e.pick(List.of("a", "b", "c")));
    }

    @Test
    void drawsCountsEveryDrawInEveryMode() {
        Entropy seeded = stream(1, "count");
        Entropy recording = EntropySource.recording(1).stream("count");
        Entropy replaying = EntropySource.replaying(new ChoiceTape(1, Map.of("count", new long[] {1}))).stream("count");
        for (Entropy e : List.of(seeded, recording, replaying)) {
            e.below(5);
            e.chance(0.5);
            e.nextLong();
            assertEquals(3, e.draws(), e + " in " + (e == seeded ? "seeded" : e == recording ? "recording" : "replaying") + " mode");
        }
    }
}
