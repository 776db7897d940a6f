package dev.dst.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.cluster.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The nemesis plan's reducer: faults dropped with their reverts, then shortened; always smaller. */
final class PlanReducerTest {
    private static final String PLAN = """
            dst-plan 1
            # a comment is not a step
            1.000000000s apply isolate n1
            1.500000000s apply kill n2
            2.000000000s revert isolate n1
            2.500000000s revert kill n2
            3.000000000s apply clock-jump n3 +0.5s
            4.000000000s apply pause n0
            4.004000000s revert pause n0
            """;

    private final PlanReducer reducer = new PlanReducer();

    @Test
    void sizeIsTheFaultEventsAndWeightTheTimeInForce() {
        assertEquals(Cluster.PLAN_ATTACHMENT, reducer.key());
        assertEquals(7, reducer.size(PLAN));
        assertEquals(1_000_000_000L + 1_000_000_000L + 4_000_000L, reducer.weight(PLAN));
        assertEquals("7 fault events, 2.004000s in force", reducer.describe(PLAN));
    }

    @Test
    void everyCandidateIsSmallerAndKeepsApplyAndRevertTogether() {
        List<String> candidates = reducer.candidates(PLAN);
        assertTrue(candidates.size() > 5, candidates.toString());
        for (String c : candidates) {
            long size = reducer.size(c);
            assertTrue(size < 7 || reducer.weight(c) < reducer.weight(PLAN), c);
            for (String fault : List.of("isolate n1", "kill n2", "pause n0")) {
                assertEquals(c.contains("apply " + fault), c.contains("revert " + fault), "a fault without its pair in\n" + c);
            }
            assertTrue(c.startsWith("dst-plan 1\n"), c);
        }
    }

    @Test
    void theFirstCandidateHasNoFaultsAndThenHalvesThenSingleFaults() {
        List<String> candidates = reducer.candidates(PLAN);
        assertEquals("dst-plan 1\n", candidates.get(0));
        assertEquals(3, reducer.size(candidates.get(1)), "the first two faults removed: " + candidates.get(1));
        assertEquals(4, reducer.size(candidates.get(2)), "the last two faults removed: " + candidates.get(2));
        long singles = candidates.stream().filter(c -> reducer.size(c) == 5 || reducer.size(c) == 6).count();
        assertEquals(4, singles, "each of the four faults removed alone");
    }

    @Test
    void shorteningTriesOneMillisecondThenHalf() {
        List<String> candidates = reducer.candidates(PLAN);
        assertTrue(candidates.stream().anyMatch(c -> c.contains("1.000000000s apply isolate n1\n1.001000000s revert isolate n1\n")
                && reducer.size(c) == 7), "cut to 1 ms, the steps kept in time order");
        assertTrue(candidates.stream().anyMatch(c -> c.contains("1.500000000s revert isolate n1")), "halved");
        // the pause of 4 ms: 1 ms and half (2 ms) are tried; a 1 ms fault is not shortened further
        assertTrue(candidates.stream().anyMatch(c -> c.contains("4.001000000s revert pause n0")));
        assertEquals(List.of(), reducer.candidates("dst-plan 1\n"));
        assertTrue(reducer.candidates("dst-plan 1\n1s apply pause n0\n1.001s revert pause n0\n").stream()
                .allMatch(c -> reducer.size(c) < 2), "nothing shorter than 1 ms");
    }

    @Test
    void aMalformedPlanNamesTheLine() {
        String msg = assertThrows(IllegalArgumentException.class, () -> reducer.size("dst-plan 1\nsoon apply kill n1\n")).getMessage();
        assertTrue(msg.startsWith("line 2: "), msg);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> reducer.size("hello\n")).getMessage().contains("dst-plan 1"));
    }
}
