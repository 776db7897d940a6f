package dev.dst.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Forked streams, recording and replay of the choice tape. */
final class EntropySourceTest {

    private static long[] draws(Entropy e, int n, long bound) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = e.below(bound);
        }
        return out;
    }

    @Test
    void extraDrawsInOneStreamDoNotShiftAnother() {
        EntropySource quiet = EntropySource.seeded(42);
        long[] alone = draws(quiet.stream("workload"), 20, 1000);

        EntropySource busy = EntropySource.seeded(42);
        Entropy network = busy.stream("network");
        Entropy workload = busy.stream("workload");
        long[] interleaved = new long[20];
        for (int i = 0; i < 20; i++) {
            draws(network, 7, 1000); // network draws in between
            interleaved[i] = workload.below(1000);
        }
        assertArrayEquals(alone, interleaved);
    }

    @Test
    void theOrderStreamsAreCreatedInDoesNotMatter() {
        EntropySource a = EntropySource.seeded(5);
        a.stream("x");
        long first = a.stream("y").nextLong();
        long second = EntropySource.seeded(5).stream("y").nextLong();
        assertEquals(first, second);
    }

    @Test
    void differentStreamsOfOneSeedDiffer() {
        EntropySource s = EntropySource.seeded(5);
        assertNotEquals(s.stream("a").nextLong(), s.stream("b").nextLong());
    }

    @Test
    void differentSeedsGiveDifferentStreams() {
        assertNotEquals(EntropySource.seeded(1).stream("a").nextLong(), EntropySource.seeded(2).stream("a").nextLong());
    }

    @Test
    void aStreamNameGivesTheSameObjectEachTime() {
        EntropySource s = EntropySource.seeded(5);
        assertSame(s.stream("a"), s.stream("a"));
    }

    @Test
    void recordingDoesNotChangeTheDraws() {
        assertArrayEquals(draws(EntropySource.seeded(9).stream("s"), 50, 77),
                draws(EntropySource.recording(9).stream("s"), 50, 77));
    }

    @Test
    void aSourceThatDoesNotRecordHasNoTape() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EntropySource.seeded(1).tape());
        assertTrue(e.getMessage().contains("EntropySource.recording"), e.getMessage());
    }

    @Test
    void theTapeListsStreamsInOrderOfFirstUse() {
        EntropySource s = EntropySource.recording(3);
        s.stream("zeta").below(4);
        s.stream("alpha").below(4);
        s.stream("zeta").below(4);
        ChoiceTape tape = s.tape();
        assertEquals(List.of("zeta", "alpha"), tape.streamNames());
        assertEquals(2, tape.draws("zeta").length);
        assertEquals(1, tape.draws("alpha").length);
        assertEquals(3, tape.seed());
    }

    /** Every kind of draw, in a fixed pattern, written down as it happens. */
    private static List<Object> mixedDraws(EntropySource source) {
        List<Object> out = new ArrayList<>();
        Entropy a = source.stream("a");
        Entropy b = source.stream("b");
        for (int i = 0; i < 50; i++) {
            out.add(a.below(1 + i));
            out.add(b.chance(0.3));
            out.add(a.nextLong());
            out.add(b.between(-10, 10));
            out.add(a.unit());
            out.add(b.exponential(1000));
            out.add(a.pick(List.of("x", "y", "z")));
            out.add(b.below(1L << 40));
        }
        return out;
    }

    @Test
    void replayingARecordedTapeReproducesEveryDraw() {
        EntropySource recording = EntropySource.recording(0xfeed);
        List<Object> recorded = mixedDraws(recording);
        EntropySource replaying = EntropySource.replaying(recording.tape());
        assertTrue(replaying.isReplaying());
        assertEquals(recorded, mixedDraws(replaying));
    }

    @Test
    void replayingPastTheEndOfATapeGivesZero() {
        ChoiceTape tape = new ChoiceTape(1, Map.of("s", new long[] {3}));
        Entropy e = EntropySource.replaying(tape).stream("s");
        assertEquals(3, e.below(10));
        assertEquals(0, e.below(10));
        assertEquals(0, e.nextLong());
        assertFalse(e.chance(0.99));
        assertEquals(0.0, e.unit());
    }

    @Test
    void aStreamMissingFromTheTapeGivesZero() {
        Entropy e = EntropySource.replaying(new ChoiceTape(1, Map.of())).stream("absent");
        assertEquals(0, e.below(10));
        assertFalse(e.chance(0.5));
    }

    @Test
    void anEditedTapeIsHonoured() {
        EntropySource recording = EntropySource.recording(77);
        long[] original = draws(recording.stream("s"), 10, 100);
        long[] lowered = original.clone();
        for (int i = 0; i < lowered.length; i++) {
            lowered[i] = lowered[i] / 2;
        }
        ChoiceTape edited = recording.tape().with("s", lowered);
        assertArrayEquals(lowered, draws(EntropySource.replaying(edited).stream("s"), 10, 100));
    }

    @Test
    void anEditedTapeIsClampedToTheRangeAsked() {
        ChoiceTape tape = new ChoiceTape(1, Map.of("s", new long[] {1_000, -4, 7}));
        Entropy e = EntropySource.replaying(tape).stream("s");
        assertEquals(9, e.below(10), "too large: the largest value in range");
        assertEquals(0, e.below(10), "negative: the smallest value");
        assertEquals(7, e.below(10), "in range: as written");
    }

    @Test
    void anEditedChanceIsTrueForAnyNonZeroValue() {
        ChoiceTape tape = new ChoiceTape(1, Map.of("s", new long[] {0, 1, 5}));
        Entropy e = EntropySource.replaying(tape).stream("s");
        assertFalse(e.chance(0.9));
        assertTrue(e.chance(0.1));
        assertTrue(e.chance(0.1));
    }

    @Test
    void replayingKeepsTheTapeSeed() {
        ChoiceTape tape = new ChoiceTape(0x2a, Map.of());
        assertEquals(0x2a, EntropySource.replaying(tape).seed());
    }

    @Test
    void replayingWithFreshDrawsPastTheEndGoesOnLikeARunInsteadOfGivingZeros() {
        EntropySource rec = EntropySource.recording(7);
        for (int i = 0; i < 3; i++) {
            rec.stream("workload").below(1000);
        }
        ChoiceTape tape = rec.tape();
        EntropySource fresh = EntropySource.replaying(tape, false, EntropySource.PastTheEnd.FRESH);
        Entropy e = fresh.stream("workload");
        long[] recorded = tape.draws("workload");
        for (long v : recorded) {
            assertEquals(v, e.below(1000), "the tape's draws come first");
        }
        long nonZero = 0;
        for (int i = 0; i < 50; i++) {
            nonZero += e.below(1000) != 0 ? 1 : 0;
        }
        assertTrue(nonZero > 40, "past the end the draws are fresh, not zeros: " + nonZero);
        assertTrue(fresh.stream("new-stream").below(1000) != 0 || fresh.stream("new-stream").below(1000) != 0,
                "a stream the tape lacks draws fresh too");
        EntropySource zeros = EntropySource.replaying(tape, false, EntropySource.PastTheEnd.ZEROS);
        Entropy z = zeros.stream("workload");
        for (long v : recorded) {
            z.below(1000);
        }
        assertEquals(0, z.below(1000), "the shrinker's replay: zeros past the end");
    }

    @Test
    void aReplayWithFreshDrawsRecordsWhatItDrew() {
        ChoiceTape tape = new ChoiceTape(7, Map.of("s", new long[] {5}));
        EntropySource fresh = EntropySource.replaying(tape, true, EntropySource.PastTheEnd.FRESH);
        long a = fresh.stream("s").below(100);
        long b = fresh.stream("s").below(100);
        assertEquals(5, a);
        assertArrayEquals(new long[] {5, b}, fresh.tape().draws("s"));
    }
}
