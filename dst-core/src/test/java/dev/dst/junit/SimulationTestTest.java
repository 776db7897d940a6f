package dev.dst.junit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Seeds;
import dev.dst.entropy.SplitMix64;
import dev.dst.junit.fixtures.ClockReadingFixture;
import dev.dst.junit.fixtures.EndCheckFixture;
import dev.dst.junit.fixtures.FlakyProtocolFixture;
import dev.dst.junit.fixtures.HangingFixture;
import dev.dst.junit.fixtures.ManySeedsFixture;
import dev.dst.junit.fixtures.MisbehavingFixture;
import dev.dst.junit.fixtures.PlainAssertionFixture;
import dev.dst.junit.fixtures.ProbeFixture;
import dev.dst.junit.fixtures.SeedsFixture;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import dev.dst.trace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @SimulationTest} as a user meets it, run through the JUnit Platform test kit. */
final class SimulationTestTest {
    private static final Pattern SEED_IN_NAME = Pattern.compile("^seed (0x[0-9a-f]+) ");
    private static final String FLAKY_ID = FlakyProtocolFixture.class.getName() + "#neverDrawsZero";

    @TempDir
    Path dir;

    private Map<String, String> props(String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("dst.dir", dir.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static String seedOf(String displayName) {
        Matcher m = SEED_IN_NAME.matcher(displayName);
        assertTrue(m.find(), "no seed in '" + displayName + "'");
        return m.group(1);
    }

    private static String firstLine(Throwable t) {
        return t.getMessage().split("\n", 2)[0];
    }

    private Path storeFile() {
        return dir.resolve("failing-seeds").resolve(FLAKY_ID.replace('$', '_') + ".txt");
    }

    private FixtureRun flaky(String bug, String... more) {
        Map<String, String> p = props(more);
        p.put("dst.test.bug", bug);
        return FixtureRun.of(FlakyProtocolFixture.class, p);
    }

    /** The seed lines of a result file: seed to trace hash, in file order. */
    private static Map<String, String> results(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, UTF_8)) {
            Map<String, Object> j = Json.parseObject(line);
            if (j.containsKey("seed")) {
                assertEquals(null, m.put((String) j.get("seed"), (String) j.get("traceHash")), "a seed twice in " + file);
            }
        }
        return m;
    }

    private static List<String> seedTests(FixtureRun run) {
        return run.invocations().stream().filter(n -> n.startsWith("seed ")).toList();
    }

    @Test
    void fixturesDoNotRunUnlessEnabled() {
        FixtureRun run = FixtureRun.withProperties(FlakyProtocolFixture.class, props("dst.test.bug", "on"));
        assertEquals(List.of(), run.invocations());
        assertEquals(1, run.results.containerEvents().skipped().count());
    }

    @Test
    void aPassingSweepIsOneTestNamedForItsSeeds() {
        FixtureRun run = FixtureRun.of(SeedsFixture.class, props());
        assertEquals(List.of("4 seeds"), run.invocations());
        assertEquals(1, run.succeeded());
    }

    @Test
    void theSeedsAreDerivedFromTheTestsNameTheSameEveryRun() throws IOException {
        Path out = dir.resolve("seeds.jsonl");
        FixtureRun.of(SeedsFixture.class, props("dst.out", out.toString()));
        long base = SplitMix64.hashName(SeedsFixture.class.getName() + "#passes");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add(Seeds.format(Seeds.derive(base, i)));
        }
        assertEquals(new HashSet<>(expected), results(out).keySet());
        Path again = dir.resolve("again.jsonl");
        FixtureRun.of(SeedsFixture.class, props("dst.out", again.toString()));
        assertEquals(results(out), results(again), "the same seeds, the same traces");
    }

    @Test
    void dstSeedsOverridesTheNumberOfSeeds() throws IOException {
        Path out = dir.resolve("seven.jsonl");
        FixtureRun run = FixtureRun.of(SeedsFixture.class, props("dst.seeds", "7", "dst.out", out.toString()));
        assertEquals(List.of("7 seeds"), run.invocations());
        assertEquals(7, results(out).size());
    }

    @Test
    void dstSeedBaseGivesFreshSeeds() throws IOException {
        Path plain = dir.resolve("plain.jsonl");
        Path shifted = dir.resolve("shifted.jsonl");
        FixtureRun.of(SeedsFixture.class, props("dst.out", plain.toString()));
        FixtureRun.of(SeedsFixture.class, props("dst.seedBase", "0x5", "dst.out", shifted.toString()));
        Set<String> a = results(plain).keySet();
        for (String seed : results(shifted).keySet()) {
            assertFalse(a.contains(seed), seed);
        }
    }

    @Test
    void eachFailingSeedIsATestOfItsOwnWithTheSeedAndReplayLineFirst() {
        FixtureRun run = flaky("on");
        assertEquals("8 seeds", run.invocations().get(0));
        Map<String, Throwable> failures = run.failures();
        assertFalse(failures.isEmpty(), "the planted bug should fail some of the seeds");
        assertFalse(failures.containsKey("8 seeds"), "the sweep itself passes when its failures have tests of their own");
        failures.forEach((name, t) -> {
            String seed = seedOf(name);
            assertTrue(name.matches("seed 0x[0-9a-f]+ \\[[1-8]/8]"), name);
            assertInstanceOf(SimulationFailure.class, t);
            String[] lines = t.getMessage().split("\n");
            assertTrue(lines[0].startsWith("seed " + seed + ": invariant 'never draws zero' violated at step "), lines[0]);
            assertTrue(lines[1].startsWith("  replay: mvn "), lines[1]);
            assertTrue(lines[1].contains("-Dtest='FlakyProtocolFixture#neverDrawsZero'"), lines[1]);
            assertTrue(lines[1].endsWith("-Ddst.seed=" + seed), lines[1]);
        });
    }

    @Test
    void failingSeedsComeInSeedListOrder() {
        List<String> names = seedTests(flaky("on"));
        List<Integer> positions = names.stream().map(n -> Integer.parseInt(n.replaceAll(".*\\[(\\d+)/8]", "$1"))).toList();
        List<Integer> sorted = new ArrayList<>(positions);
        sorted.sort(null);
        assertEquals(sorted, positions);
    }

    @Test
    void thePlantedBugFailsSomeSeedsAndNotOthers() {
        int failed = flaky("on").failures().size();
        assertTrue(failed > 0 && failed < FlakyProtocolFixture.SEEDS, "failed " + failed + " of " + FlakyProtocolFixture.SEEDS);
    }

    @Test
    void aLongSweepShowsOneTestAndAtMostTenFailingSeeds() {
        FixtureRun run = FixtureRun.of(ManySeedsFixture.class, props("dst.test.bug", "on"));
        assertEquals("300 seeds", run.invocations().get(0));
        assertEquals(10, seedTests(run).size(), run.invocations().toString());
        Throwable sweep = run.failures().get("300 seeds");
        assertTrue(sweep != null && sweep.getMessage().contains(" of 300 seeds failed; the first 10 follow as tests of their own"),
                String.valueOf(sweep));
    }

    @Test
    void threadsAndShardsGiveTheSameResultsPerSeedAsOneThread() throws IOException {
        Path one = dir.resolve("one.jsonl");
        FixtureRun.of(ManySeedsFixture.class, props("dst.test.bug", "on", "dst.out", one.toString()));
        Path two = dir.resolve("two.jsonl");
        FixtureRun.of(ManySeedsFixture.class, props("dst.test.bug", "on", "dst.out", two.toString(), "dst.threads", "2"));
        Path first = dir.resolve("shard1.jsonl");
        Path second = dir.resolve("shard2.jsonl");
        FixtureRun.of(ManySeedsFixture.class, props("dst.test.bug", "on", "dst.out", first.toString(), "dst.shard", "1/2"));
        FixtureRun.of(ManySeedsFixture.class, props("dst.test.bug", "on", "dst.out", second.toString(), "dst.shard", "2/2",
                "dst.threads", "2"));
        Map<String, String> expected = results(one);
        assertEquals(300, expected.size());
        assertEquals(expected, results(two));
        Map<String, String> shards = new LinkedHashMap<>(results(first));
        for (Map.Entry<String, String> e : results(second).entrySet()) {
            assertEquals(null, shards.put(e.getKey(), e.getValue()), "seed " + e.getKey() + " in both shards");
        }
        assertEquals(expected, shards);
        assertEquals(150, results(first).size());
    }

    @Test
    void aRerunWithTheSameResultFileRunsOnlyTheSeedsItLacks() throws IOException {
        Path out = dir.resolve("resumed.jsonl");
        FixtureRun.of(ManySeedsFixture.class, props("dst.test.bug", "on", "dst.out", out.toString()));
        Map<String, String> whole = results(out);
        List<String> lines = Files.readAllLines(out, UTF_8);
        // a sweep killed after 100 seeds, in the middle of writing the 101st line
        Files.writeString(out, String.join("\n", lines.subList(0, 101)) + "\n" + lines.get(101).substring(0, 40), UTF_8);
        FixtureRun resumed = FixtureRun.of(ManySeedsFixture.class, props("dst.test.bug", "on", "dst.out", out.toString()));
        assertEquals(whole, results(out), "every seed exactly once, with the same result");
        assertEquals("300 seeds", resumed.invocations().get(0));
    }

    @Test
    void aResultFileOfOtherOptionsIsRefused() throws IOException {
        Path out = dir.resolve("options.jsonl");
        FixtureRun.of(SeedsFixture.class, props("dst.out", out.toString()));
        FixtureRun other = FixtureRun.of(FlakyProtocolFixture.class, props("dst.out", out.toString(), "dst.test.bug", "on"));
        Throwable t = other.failures().get("8 seeds");
        assertTrue(t != null && t.getMessage().contains("holds a sweep of " + SeedsFixture.class.getName() + "#passes"),
                String.valueOf(t));
    }

    @Test
    void aHungSeedIsReportedByNameAndTheSweepGoesOn() {
        long start = System.nanoTime();
        FixtureRun run = FixtureRun.of(HangingFixture.class, props());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        Throwable t = run.failures().get("8 seeds");
        assertTrue(t != null, run.failures().toString());
        assertTrue(t.getMessage().contains("hung: wall-clock budget"), t.getMessage());
        assertTrue(t.getMessage().matches("(?s).*seed 0x[0-9a-f]+: hung: wall-clock budget.*replay: mvn .*-Ddst.seed=0x.*"),
                t.getMessage());
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    @Test
    void aProbeNoSeedHitFailsTheSweepUnlessSwitchedOff() {
        FixtureRun run = FixtureRun.of(ProbeFixture.class, props());
        Map<String, Throwable> failures = run.failures();
        assertEquals(1, failures.size(), failures.toString());
        Throwable t = failures.values().iterator().next();
        assertTrue(t.getMessage().contains("'sometimes' probes never hit in 3 seeds: [time went backwards]"), t.getMessage());
        assertEquals(1, run.succeeded(), "requireProbes = false");
        FixtureRun off = FixtureRun.of(ProbeFixture.class, props("dst.requireProbes", "false"));
        assertEquals(0, off.failures().size());
    }

    @Test
    void aFailureThatARerunDoesNotRepeatIsReportedAsNondeterminism() {
        FixtureRun run = FixtureRun.of(ClockReadingFixture.class, props());
        Throwable t = run.failures().get("12 seeds");
        assertTrue(t != null, "some seed fails by the clock: " + run.failures());
        assertTrue(t.getMessage().contains("nondeterminism: rerun differs"), t.getMessage());
        assertTrue(t.getMessage().contains("something outside the seed decides what the run does"), t.getMessage());
        assertEquals(List.of(), seedTests(run), "a nondeterministic seed gets no test of its own: rerunning it proves nothing");
    }

    @Test
    void dstSeedRunsExactlyOneTestAndReproducesTheFailure() {
        Map.Entry<String, Throwable> original = flaky("on").failures().entrySet().iterator().next();
        String seed = seedOf(original.getKey());
        SimulationFailure first = (SimulationFailure) original.getValue();

        FixtureRun replay = flaky("on", "dst.seed", seed);
        assertEquals(List.of("seed " + seed + " (replay)"), replay.invocations());
        SimulationFailure again = (SimulationFailure) replay.failures().values().iterator().next();
        assertEquals(firstLine(first), firstLine(again));
        assertEquals(first.violation().step(), again.violation().step());
        assertEquals(first.violation().simTimeNanos(), again.violation().simTimeNanos());
        assertEquals(first.lastEvents(), again.lastEvents());
    }

    @Test
    void dstSeedAcceptsDecimal() {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        FixtureRun run;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run = FixtureRun.of(SeedsFixture.class, props("dst.seed", "42"));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(List.of("seed 0x2a (replay)"), run.invocations());
        assertEquals(1, run.succeeded());
        String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s).*dst: SeedsFixture#\\w+ seed 0x2a passed: \\d+ steps, trace hash [0-9a-f]{16}\n.*"), out);
    }

    @Test
    void badSettingsFailTheTestSayingWhatIsExpected() {
        for (String[] bad : new String[][] {{"dst.seed", "banana", "bad seed 'banana'"},
                {"dst.seeds", "-3", "bad -Ddst.seeds='-3': expected a whole number from 1"},
                {"dst.threads", "0", "bad -Ddst.threads='0'"}, {"dst.shard", "3/2", "bad -Ddst.shard '3/2'"},
                {"dst.timeout", "x", "bad -Ddst.timeout='x'"}, {"dst.requireProbes", "maybe", "expected true or false"},
                {"dst.shrink", "maybe", "bad -Ddst.shrink='maybe': expected true or false"},
                {"dst.seedz", "5", "unknown property -Ddst.seedz: dst reads ["}}) {
            FixtureRun run = FixtureRun.of(SeedsFixture.class, props(bad[0], bad[1]));
            assertEquals(List.of(), run.invocations());
            List<Throwable> errors = run.containerFailures();
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).getMessage().contains(bad[2]), errors.get(0).getMessage());
        }
    }

    @Test
    void aSeedAndAReproductionTogetherAreRefused() {
        FixtureRun run = FixtureRun.of(SeedsFixture.class, props("dst.seed", "1", "dst.repro", "x.repro"));
        assertTrue(run.containerFailures().get(0).getMessage().contains("-Ddst.seed and -Ddst.repro both given"),
                run.containerFailures().toString());
    }

    @Test
    void aShardKeepsTheFailingSeedsOfTheOtherShards() throws IOException {
        flaky("on", "dst.shard", "1/2");
        Set<String> first = new HashSet<>(Files.readAllLines(storeFile(), UTF_8));
        flaky("on", "dst.shard", "2/2");
        Set<String> both = new HashSet<>(Files.readAllLines(storeFile(), UTF_8));
        assertTrue(both.containsAll(first) && both.size() > first.size(), first + " then " + both);
    }

    @Test
    void anOrdinaryAssertionFailureIsReportedWithTheSeedAndReplayLine() {
        FixtureRun run = FixtureRun.of(PlainAssertionFixture.class, props());
        Map.Entry<String, Throwable> failure = run.failures().entrySet().iterator().next();
        String seed = seedOf(failure.getKey());
        String message = failure.getValue().getMessage();
        assertTrue(message.startsWith("seed " + seed + ": AssertionFailedError at step 0, t=0.005000s: one is not two"), message);
        assertTrue(message.contains("\n  replay: mvn ") && message.endsWith("-Ddst.seed=" + seed), message);
        assertTrue(Files.exists(dir.resolve("failing-seeds")), "the seed is stored");
    }

    @Test
    void endChecksRunAfterTheMethodReturns() {
        FixtureRun run = FixtureRun.of(EndCheckFixture.class, props());
        assertEquals(2, run.failures().size());
        for (Throwable t : run.failures().values()) {
            SimulationFailure f = assertInstanceOf(SimulationFailure.class, t);
            assertEquals(Violation.Kind.END_CHECK, f.violation().kind());
            assertTrue(f.getMessage().contains("end check 'replicas converged' failed"), f.getMessage());
            assertTrue(f.getMessage().contains("replica 2 is behind"), f.getMessage());
        }
    }

    @Test
    void failingSeedsAreStored() throws IOException {
        FixtureRun run = flaky("on");
        Set<String> failed = new HashSet<>();
        run.failures().keySet().forEach(name -> failed.add(seedOf(name)));
        assertTrue(Files.isRegularFile(storeFile()), "expected " + storeFile());
        assertEquals(failed, new HashSet<>(Files.readAllLines(storeFile(), UTF_8)));
    }

    @Test
    void storedFailingSeedsRunFirstNextTime() throws IOException {
        FixtureRun first = flaky("on");
        Set<String> failed = new HashSet<>();
        first.failures().keySet().forEach(n -> failed.add(seedOf(n)));

        Path out = dir.resolve("second.jsonl");
        FixtureRun second = flaky("on", "dst.out", out.toString());
        List<String> names = seedTests(second);
        assertEquals(failed.size(), names.size());
        for (String name : names) {
            assertTrue(name.endsWith(" (failed before)"), name);
        }
        List<String> order = new ArrayList<>(results(out).keySet());
        assertEquals(FlakyProtocolFixture.SEEDS, order.size(), "a stored seed is not run twice");
    }

    @Test
    void storedSeedsAreRemovedOnceTheyPass() {
        flaky("on");
        assertTrue(Files.exists(storeFile()));
        FixtureRun fixed = flaky("off");
        assertEquals(0, fixed.failures().size());
        assertFalse(Files.exists(storeFile()), "every stored seed passed, so none is kept");
    }

    @Test
    void aStoredSeedThatPassesOnReplayIsRemoved() throws IOException {
        Set<String> failed = new HashSet<>();
        flaky("on").failures().keySet().forEach(n -> failed.add(seedOf(n)));
        String seed = failed.iterator().next();

        FixtureRun replay = flaky("off", "dst.seed", seed);
        assertEquals(1, replay.succeeded());
        Set<String> left = Files.exists(storeFile()) ? new HashSet<>(Files.readAllLines(storeFile(), UTF_8)) : Set.of();
        Set<String> expected = new HashSet<>(failed);
        expected.remove(seed);
        assertEquals(expected, left);
    }

    @Test
    void junitsParallelModeStillShowsTheFailingSeeds(@TempDir Path other) {
        Map<String, String> p = props("dst.test.bug", "on");
        p.put("dst.dir", other.toString());
        FixtureRun run = FixtureRun.parallel(FlakyProtocolFixture.class, p);
        FixtureRun serial = flaky("on");
        assertEquals(new HashSet<>(serial.invocations()), new HashSet<>(run.invocations()));
        assertEquals(serial.failures().keySet(), run.failures().keySet());
    }

    @Test
    void everyMisbehavingNodeEndsAsANamedFailureOfItsSeedThatItsReplayLineReproduces() {
        long start = System.nanoTime();
        FixtureRun run = FixtureRun.of(MisbehavingFixture.class, props());
        Map<String, String> expected = Map.of("throwsInAHandler", "node threw: thrower threw IllegalStateException",
                "livelocks", "no progress: time stands still", "storms", "no progress: pending events budget");
        Map<String, String> firstLines = new LinkedHashMap<>();
        run.results.testEvents().failed().stream().forEach(e -> {
            Throwable t = e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
            String method = e.getTestDescriptor().getUniqueId().getSegments().get(2).getValue().replaceAll("\\(.*", "");
            firstLines.putIfAbsent(method, t.getMessage());
        });
        assertEquals(expected.keySet(), firstLines.keySet(), firstLines.toString());
        expected.forEach((method, headline) -> {
            String message = firstLines.get(method);
            String seed = message.replaceAll("(?s)^seed (0x[0-9a-f]+):.*", "$1");
            assertTrue(message.startsWith("seed " + seed + ": " + headline), message);
            assertTrue(message.contains("replay: mvn ") && message.contains("-Ddst.seed=" + seed), message);
        });
        assertTrue((System.nanoTime() - start) / 1_000_000_000L < 60, "bounded");
        String storm = firstLines.get("storms");
        String seed = storm.replaceAll("(?s)^seed (0x[0-9a-f]+):.*", "$1");
        FixtureRun replay = FixtureRun.of(MisbehavingFixture.class, props("dst.seed", seed));
        List<String> replayed = replay.results.testEvents().failed().stream().map(e -> e.getRequiredPayload(
                org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow().getMessage().split("\n")[0]).toList();
        assertTrue(replayed.contains(storm.split("\n")[0]), "the replay line reproduces the storm: " + replayed);
    }

    @Test
    void aDirectoryForResultsHoldsAFilePerTestMethod() throws IOException {
        Path out = dir.resolve("sweeps");
        FixtureRun.of(ProbeFixture.class, props("dst.out", out + "/", "dst.requireProbes", "false"));
        try (var files = Files.list(out)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of(ProbeFixture.class.getName() + "#knowsItNeverExploresIt.jsonl",
                    ProbeFixture.class.getName() + "#neverExploresTheRareCase.jsonl"), names);
        }
    }
}
