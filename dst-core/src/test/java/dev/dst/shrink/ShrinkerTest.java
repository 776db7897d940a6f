package dev.dst.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import dev.dst.sweep.Runner;
import dev.dst.sweep.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The shrinker on the {@link Bombs} toy: a plan to cut down and a tape full of draws that do not matter. */
final class ShrinkerTest {
    private static final Target BOMBS = Target.of("bombs", Bombs::run);
    private static final long SEED = 3;

    private static Shrinker.Result shrink(long seed, int attempts) {
        return Shrinker.builder().reducer(new Bombs.Reducer()).maxAttempts(attempts).build()
                .shrink(seed, Map.of(), Runner.trial(BOMBS, 30_000));
    }

    private static Violation replay(Shrinker.Candidate c) {
        return Runner.execute(BOMBS, Runner.simulation(BOMBS, c, Runner.Mode.TRIAL, 0, null, null)).violation();
    }

    @Test
    void theOriginalRunFailsWithManyBombs() {
        Shrinker.Result r = shrink(SEED, 1);
        assertTrue(r.failed());
        assertEquals(Bombs.INVARIANT, r.originalOutcome().violation().name());
        assertEquals(20L, r.before().attachmentSizes().get(Bombs.KEY));
        assertTrue(r.before().tapeDraws() > 200, "tape draws " + r.before().tapeDraws());
        assertEquals(1, r.attempts());
        assertTrue(r.stopReason().contains("attempt budget"), r.stopReason());
    }

    @Test
    void thePlanShrinksToTwoBombsAndNoSingleBombCanGo() {
        Shrinker.Result r = shrink(SEED, 500);
        assertEquals(2L, r.after().attachmentSizes().get(Bombs.KEY), r.shrunk().attachments().get(Bombs.KEY));
        String plan = r.shrunk().attachments().get(Bombs.KEY);
        List<String> lines = List.of(plan.strip().split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            List<String> without = new ArrayList<>(lines);
            without.remove(i);
            Map<String, String> att = new TreeMap<>(r.shrunk().attachments());
            att.put(Bombs.KEY, String.join("\n", without) + "\n");
            assertNull(replay(new Shrinker.Candidate(SEED, r.shrunk().tape(), att)), "still fails without " + lines.get(i));
        }
        // and each bomb's damage is as low as it can be: the two add up to exactly the limit
        assertEquals(Bombs.LIMIT, new Bombs.Reducer().weight(plan), plan);
    }

    @Test
    void theTapeLosesTheDrawsThatDoNotMatter() {
        Shrinker.Result r = shrink(SEED, 500);
        assertTrue(r.after().tapeDraws() * 10 < r.before().tapeDraws(),
                "tape draws " + r.before().tapeDraws() + " -> " + r.after().tapeDraws());
    }

    @Test
    void theShrunkCandidateFailsTheSameWayWithTheRecordedTraceHash() {
        Shrinker.Result r = shrink(SEED, 500);
        Simulation sim = Runner.simulation(BOMBS, r.shrunk(), Runner.Mode.TRIAL, 0, null, null);
        Violation v = Runner.execute(BOMBS, sim).violation();
        assertNotNull(v);
        assertTrue(ShrinkFailure.of(r.originalOutcome().violation()).matches(v), v.headline());
        assertEquals(r.shrunkOutcome().traceHash(), sim.traceHash());
    }

    @Test
    void shrinkingIsDeterministic() {
        Shrinker.Result a = shrink(SEED, 120);
        Shrinker.Result b = shrink(SEED, 120);
        assertEquals(a.shrunk(), b.shrunk());
        assertEquals(a.shrunkOutcome().traceHash(), b.shrunkOutcome().traceHash());
        assertEquals(a.attempts(), b.attempts());
    }

    @Test
    void theAttemptBudgetIsKept() {
        Shrinker.Result r = shrink(SEED, 7);
        assertEquals(7, r.attempts());
        assertTrue(r.stopReason().contains("7 runs"), r.stopReason());
        assertTrue(r.failed(), "the best so far is still a failing run");
    }

    @Test
    void aPassingRunHasNothingToShrink() {
        Shrinker.Result r = Shrinker.builder().reducer(new Bombs.Reducer()).build()
                .shrink(SEED, Map.of(Bombs.KEY, "100 1\n"), Runner.trial(BOMBS, 30_000));
        assertFalse(r.failed());
        assertEquals(1, r.attempts());
        assertEquals("the run passed", r.stopReason());
    }

    @Test
    void aCandidateThatFailsAnotherWayIsNotKept() {
        // the same toy with a second invariant that only small plans break: shrinking must not slide into it
        Target.Body body = sim -> {
            sim.invariant("at least three bombs are planned", () -> {
                String plan = sim.attachment(Bombs.KEY);
                return plan == null || plan.strip().split("\n").length >= 3;
            });
            Bombs.run(sim);
        };
        Shrinker.Result r = Shrinker.builder().reducer(new Bombs.Reducer()).maxAttempts(300).build()
                .shrink(SEED, Map.of(), Runner.trial(Target.of("bombs", body), 30_000));
        assertEquals(Bombs.INVARIANT, r.shrunkOutcome().violation().name());
        assertEquals(3L, r.after().attachmentSizes().get(Bombs.KEY));
    }

    @Test
    void aTrialThatLoopsForEverIsReportedAsHung() {
        Shrinker.Trial trial = Runner.trial(Target.of("spinner", sim -> {
            sim.scheduleAt(1_000_000L, "spin", () -> {
                long until = System.nanoTime() + 5_000_000_000L; // ends on its own so that the thread does not outlive the suite
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            sim.runFor(java.time.Duration.ofSeconds(1));
        }), 200);
        Shrinker.Outcome o = trial.run(new Shrinker.Candidate(1, null, Map.of()), 0);
        assertEquals(Violation.Kind.HUNG, o.violation().kind());
        assertNull(o.tape());
    }

    @Test
    void tapesCompareByDrawsThenNonZeroDrawsThenBits() {
        var a = new dev.dst.entropy.ChoiceTape(1, Map.of("s", new long[] {0, 0, 1}));
        var b = new dev.dst.entropy.ChoiceTape(1, Map.of("s", new long[] {0, 1, 1}));
        var c = new dev.dst.entropy.ChoiceTape(1, Map.of("s", new long[] {0, 2, 1}));
        var d = new dev.dst.entropy.ChoiceTape(1, Map.of("s", new long[] {5, 5}));
        assertTrue(Shrinker.compareTapes(a, b) < 0);
        assertTrue(Shrinker.compareTapes(b, c) < 0);
        assertTrue(Shrinker.compareTapes(d, a) < 0, "fewer draws wins even with bigger values");
        assertEquals(0, Shrinker.compareTapes(a, a));
        assertEquals(2, Shrinker.normalize(new dev.dst.entropy.ChoiceTape(1, Map.of("s", new long[] {3, 4, 0, 0}))).size());
    }
}
