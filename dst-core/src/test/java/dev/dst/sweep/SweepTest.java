package dev.dst.sweep;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Seeds;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.BadInputException;
import dev.dst.trace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep engine on small targets of its own: what threads, shards, budgets and result files do. */
final class SweepTest {
    @TempDir
    Path dir;

    /** A node that ticks, drawing; the run fails when a draw is 0 (about one seed in three). */
    static final class Ticker implements Node {
        long last = -1;
        int ticks;

        @Override
        public void onStart(NodeContext ctx) {
            ctx.setTimer(Duration.ofMillis(1), "tick");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            last = ctx.random().below(12);
            if (++ticks < 5) {
                ctx.setTimer(Duration.ofMillis(1), "tick");
            }
        }
    }

    static final Target FLAKY = Target.of("flaky", sim -> {
        int n = sim.addNode("ticker", ctx -> new Ticker());
        sim.invariant("never draws zero", () -> sim.node(n, Ticker.class).last != 0);
        sim.sometimes("ticked", () -> sim.node(n, Ticker.class).ticks > 0);
        sim.runFor(Duration.ofMillis(20));
    });

    private static Map<String, String> hashes(Path file) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(file, UTF_8)) {
            Map<String, Object> j = Json.parseObject(line);
            if (j.containsKey("seed")) {
                assertNull(m.put((String) j.get("seed"), j.get("result") + " " + j.get("traceHash")), "seed twice in " + file);
            }
        }
        return m;
    }

    @Test
    void twoThreadsGiveEverySeedTheResultOneThreadGives() throws IOException {
        Path one = dir.resolve("one.jsonl");
        Path two = dir.resolve("two.jsonl");
        Sweep.Result a = Sweep.of(FLAKY, SeedList.parse("1..200")).threads(1).out(one, false).run();
        Sweep.Result b = Sweep.of(FLAKY, SeedList.parse("1..200")).threads(2).out(two, false).run();
        assertEquals(200, hashes(one).size());
        assertEquals(hashes(one), hashes(two));
        assertTrue(a.summary().failureCount() > 10 && a.summary().failureCount() < 190, "" + a.summary().failureCount());
        assertEquals(a.summary().failures().stream().map(SeedResult::seed).toList(),
                b.summary().failures().stream().map(SeedResult::seed).toList(), "failures in seed order, whatever the threads");
    }

    @Test
    void shardsPartitionTheSeedsExactly() throws IOException {
        Map<String, String> whole = new TreeMap<>();
        for (int k = 1; k <= 3; k++) {
            Path f = dir.resolve("shard" + k + ".jsonl");
            Sweep.of(FLAKY, SeedList.parse("1..100").shard(new Shard(k, 3))).threads(2).out(f, false).run();
            for (Map.Entry<String, String> e : hashes(f).entrySet()) {
                assertNull(whole.put(e.getKey(), e.getValue()), "seed " + e.getKey() + " in two shards");
            }
        }
        Path all = dir.resolve("all.jsonl");
        Sweep.of(FLAKY, SeedList.parse("1..100")).out(all, false).run();
        assertEquals(hashes(all), whole);
    }

    @Test
    void theSummaryCountsSeedsFailuresProbesAndRates() {
        SweepSummary s = Sweep.of(FLAKY, SeedList.parse("1..50")).threads(2).run().summary();
        assertEquals(50, s.seeds());
        assertEquals(0, s.resumed());
        assertTrue(s.seedsPerSecond() > 0 && s.eventsPerSecond() > 0);
        assertEquals(List.of(), s.probesNeverHit());
        assertTrue(s.probes().get("ticked") >= 50, "every seed ticks at least once: " + s.probes());
        String text = s.toText(3);
        assertTrue(text.startsWith("flaky: 50 seeds in "), text);
        assertTrue(text.contains("failures  " + s.failureCount()), text);
        assertTrue(text.contains("rerun flaky with seed"), "failing seeds with their replay lines: " + text);
    }

    @Test
    void aFailingSeedThatARerunRepeatsIsAnOrdinaryFailure() {
        Sweep.Result r = Sweep.of(FLAKY, SeedList.parse("1..30")).run();
        for (SeedResult f : r.summary().failures()) {
            assertEquals("invariant", f.violationKind(), f.headline());
        }
    }

    @Test
    void aFailureARerunDoesNotRepeatIsReportedAsNondeterminism() {
        long[] runs = {0};
        Target flips = Target.of("flips", sim -> {
            boolean fail = runs[0]++ % 2 == 0; // state kept between runs: the first run of each seed fails, its rerun passes
            sim.invariant("even runs pass", () -> !fail);
            sim.runFor(Duration.ofMillis(1));
            sim.schedule(Duration.ofMillis(1), "tick", () -> { });
            sim.runFor(Duration.ofMillis(2));
        });
        Sweep.Result r = Sweep.of(flips, SeedList.parse("1")).run();
        assertEquals(1, r.summary().failureCount());
        SeedResult f = r.summary().failures().get(0);
        assertEquals("nondeterminism", f.violationKind());
        assertTrue(f.detail().contains("a rerun passed"), f.detail());
        assertEquals(1, r.summary().nondeterministic());
    }

    @Test
    void aSeedPastItsWallBudgetIsReportedHungAndTheSweepGoesOn() {
        Target hangs = Target.of("hangs", sim -> {
            boolean loop = sim.seed() == 3;
            sim.schedule(Duration.ofMillis(1), "maybe loop", () -> {
                while (loop && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            });
            sim.runFor(Duration.ofMillis(5));
        });
        long start = System.nanoTime();
        Sweep.Result r = Sweep.of(hangs, SeedList.parse("1..6")).threads(2).wallBudgetMillis(300).run();
        assertEquals(6, r.summary().seeds());
        assertEquals(1, r.summary().hung());
        SeedResult h = r.summary().failures().get(0);
        assertEquals(3, h.seed());
        assertTrue(h.headline().startsWith("hung: wall-clock budget"), h.headline());
        assertTrue((System.nanoTime() - start) / 1_000_000_000L < 30, "bounded by the budget");
    }

    @Test
    void badInputStopsTheSweepAndSaysWhy() throws IOException {
        Target bad = Target.of("bad", sim -> {
            throw new BadInputException("plan line 3: unknown node 'n9'");
        });
        Path f = dir.resolve("bad.jsonl");
        Sweep.Result r = Sweep.of(bad, SeedList.parse("1..1000")).threads(2).out(f, false).run();
        assertEquals("plan line 3: unknown node 'n9'", r.badInput());
        assertEquals(0, r.summary().seeds(), "bad input is no result of the system");
        assertEquals(1, Files.readAllLines(f, UTF_8).size(), "only the header: a resume runs those seeds again");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("dst-sweep-") && t.isAlive()),
                "the workers ended with the sweep");
    }

    @Test
    void aResumedSweepRunsOnlyTheMissingSeedsAndCountsTheRest() throws IOException {
        Path f = dir.resolve("r.jsonl");
        Sweep.of(FLAKY, SeedList.parse("1..40")).out(f, false).run();
        Map<String, String> whole = hashes(f);
        List<String> lines = Files.readAllLines(f, UTF_8);
        Files.writeString(f, String.join("\n", lines.subList(0, 21)) + "\n" + lines.get(21).substring(0, 30), UTF_8); // killed mid-line
        Sweep.Result r = Sweep.of(FLAKY, SeedList.parse("1..40")).out(f, true).run();
        assertEquals(40, r.summary().seeds());
        assertEquals(20, r.summary().resumed());
        assertEquals(20, r.summary().seedsRunNow());
        assertEquals(whole, hashes(f), "every seed once, with its result");
    }

    @Test
    void aResumeWithOtherSeedsOrAnotherShardIsRefused() throws IOException {
        Path f = dir.resolve("narrow.jsonl");
        Sweep.of(FLAKY, SeedList.parse("1..40").shard(new Shard(1, 2))).out(f, false).run();
        BadInputException narrower = assertThrows(BadInputException.class, () -> Sweep.of(FLAKY, SeedList.parse("1..10")).out(f, true).run());
        assertTrue(narrower.getMessage().contains("holds the sweep of seeds 1..40, shard 1/2, not of seeds 1..10"), narrower.getMessage());
        BadInputException otherShard = assertThrows(BadInputException.class,
                () -> Sweep.of(FLAKY, SeedList.parse("1..40").shard(new Shard(2, 2))).out(f, true).run());
        assertTrue(otherShard.getMessage().contains("each shard its own"), otherShard.getMessage());
        assertEquals(21, Files.readAllLines(f, UTF_8).size(), "a refused resume writes nothing");
    }

    @Test
    void aResultFileIsNotResumedUnderOtherOptions() throws IOException {
        Path f = dir.resolve("opts.jsonl");
        Sweep.of(FLAKY, SeedList.parse("1..5")).out(f, false).run();
        Target other = withOptions(FLAKY, Map.of("bug", "x"));
        BadInputException e = assertThrows(BadInputException.class, () -> Sweep.of(other, SeedList.parse("1..5")).out(f, true).run());
        assertTrue(e.getMessage().contains("holds a sweep of flaky (no options), not of flaky (bug x)"), e.getMessage());
        BadInputException again = assertThrows(BadInputException.class, () -> Sweep.of(FLAKY, SeedList.parse("1..5")).out(f, false).run());
        assertTrue(again.getMessage().contains("already holds results; continue it with --resume"), again.getMessage());
    }

    @Test
    void seedsRunFirstAreReportedBeforeTheListAndNotRunTwice() throws IOException {
        Path f = dir.resolve("first.jsonl");
        SeedList list = SeedList.parse("1..10");
        Sweep.of(FLAKY, list).first(List.of(7L, 99L)).out(f, false).run();
        Map<String, String> h = hashes(f);
        assertEquals(11, h.size(), "10 of the list and 99; 7 once");
        assertTrue(h.containsKey(Seeds.format(99)));
    }

    @Test
    void theFailuresKeptAreTheLowestInSeedOrderWhateverOrderTheyArriveIn() {
        SweepSummary s = new SweepSummary("t", Map.of());
        int n = SweepSummary.FAILURES_KEPT + 500;
        for (int i = n - 1; i >= 0; i--) { // the highest first
            s.add(new SeedResult(i, i, SeedResult.FAIL, "invariant", "x", "h", null, "r", 1, 1, "00", 0, Map.of(), Map.of(), Map.of()),
                    false);
        }
        List<SeedResult> kept = s.failures();
        assertEquals(SweepSummary.FAILURES_KEPT, kept.size());
        assertEquals(0, kept.get(0).index());
        assertEquals(SweepSummary.FAILURES_KEPT - 1, kept.get(kept.size() - 1).index());
        assertEquals(n, s.failureCount());
    }

    @Test
    void aTraceFileOfARunThatEndsByAnExceptionIsComplete() throws IOException {
        Path trace = dir.resolve("t.jsonl");
        Target throwsAfter = Target.of("throws", sim -> {
            sim.schedule(Duration.ofMillis(1), "tick", () -> { });
            sim.runFor(Duration.ofMillis(2));
            throw new IllegalStateException("after the run");
        });
        RunOutcome o = Runner.run(throwsAfter, 1, new dev.dst.trace.JsonlTraceSink(trace), 30_000);
        assertEquals("the test threw java.lang.IllegalStateException", o.violation().name());
        assertEquals(o.report().traceEvents(), Files.readAllLines(trace, UTF_8).size(), "every event flushed and the file closed");
    }

    static Target withOptions(Target t, Map<String, String> options) {
        return Target.withOptions(t, options);
    }
}
