package dev.dst.junit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Seeds;
import dev.dst.entropy.SplitMix64;
import dev.dst.junit.fixtures.EndCheckFixture;
import dev.dst.junit.fixtures.FlakyProtocolFixture;
import dev.dst.junit.fixtures.PlainAssertionFixture;
import dev.dst.junit.fixtures.SeedsFixture;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
        p.put("dst.fixture.bug", bug);
        return FixtureRun.of(FlakyProtocolFixture.class, p);
    }

    @Test
    void fixturesDoNotRunUnlessEnabled() {
        FixtureRun run = FixtureRun.withProperties(FlakyProtocolFixture.class, props("dst.fixture.bug", "on"));
        assertEquals(List.of(), run.invocations());
        assertEquals(1, run.results.containerEvents().skipped().count());
    }

    @Test
    void nSeedsGiveNInvocationsWithTheSeedInTheDisplayName() {
        FixtureRun run = FixtureRun.of(SeedsFixture.class, props());
        long base = SplitMix64.hashName(SeedsFixture.class.getName() + "#passes");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add("seed " + Seeds.format(Seeds.derive(base, i)) + " [" + (i + 1) + "/4]");
        }
        assertEquals(expected, run.invocations());
        assertEquals(4, run.succeeded());
    }

    @Test
    void theSeedsOfATestAreTheSameEveryRun() {
        assertEquals(FixtureRun.of(SeedsFixture.class, props()).invocations(), FixtureRun.of(SeedsFixture.class, props()).invocations());
    }

    @Test
    void dstSeedsOverridesTheNumberOfSeeds() {
        FixtureRun run = FixtureRun.of(SeedsFixture.class, props("dst.seeds", "7"));
        assertEquals(7, run.invocations().size());
        assertTrue(run.invocations().get(6).endsWith("[7/7]"), run.invocations().toString());
    }

    @Test
    void dstSeedBaseGivesFreshSeeds() {
        Set<String> plain = new HashSet<>(FixtureRun.of(SeedsFixture.class, props()).invocations());
        List<String> shifted = FixtureRun.of(SeedsFixture.class, props("dst.seedBase", "0x5")).invocations();
        assertEquals(4, shifted.size());
        for (String name : shifted) {
            assertFalse(plain.contains(name), name);
        }
    }

    @Test
    void aFailingInvocationReportsItsSeedAndReplayLineFirst() {
        FixtureRun run = flaky("on");
        Map<String, Throwable> failures = run.failures();
        assertFalse(failures.isEmpty(), "the planted bug should fail some of the seeds");
        failures.forEach((name, t) -> {
            String seed = seedOf(name);
            assertInstanceOf(SimulationFailure.class, t);
            String[] lines = t.getMessage().split("\n");
            assertTrue(lines[0].startsWith("seed " + seed + ": invariant 'never draws zero' violated at step "), lines[0]);
            assertTrue(lines[1].startsWith("  replay: mvn "), lines[1]);
            assertTrue(lines[1].contains("-Dtest='FlakyProtocolFixture#neverDrawsZero'"), lines[1]);
            assertTrue(lines[1].endsWith("-Ddst.seed=" + seed), lines[1]);
        });
    }

    @Test
    void thePlantedBugFailsSomeSeedsAndNotOthers() {
        FixtureRun run = flaky("on");
        assertEquals(FlakyProtocolFixture.SEEDS, run.invocations().size());
        assertTrue(run.succeeded() > 0 && run.failures().size() > 0, "passed " + run.succeeded() + ", failed " + run.failures().size());
    }

    @Test
    void dstSeedRunsExactlyOneInvocationAndReproducesTheFailure() {
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
        FixtureRun run = FixtureRun.of(SeedsFixture.class, props("dst.seed", "42"));
        assertEquals(List.of("seed 0x2a (replay)"), run.invocations());
        assertEquals(1, run.succeeded());
    }

    @Test
    void aBadDstSeedFailsTheTestSayingWhatIsExpected() {
        FixtureRun run = FixtureRun.of(SeedsFixture.class, props("dst.seed", "banana"));
        assertEquals(List.of(), run.invocations());
        List<Throwable> errors = run.containerFailures();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMessage().contains("bad seed 'banana'"), errors.get(0).getMessage());
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
    void storedFailingSeedsRunFirstNextTime() {
        FixtureRun first = flaky("on");
        Set<String> failed = new HashSet<>();
        first.failures().keySet().forEach(n -> failed.add(seedOf(n)));

        List<String> second = flaky("on").invocations();
        int k = failed.size();
        assertEquals(failed, new HashSet<>(seedsOf(second.subList(0, k))), second.toString());
        for (String name : second.subList(0, k)) {
            assertTrue(name.endsWith(" (failed before)"), name);
        }
        assertEquals(first.invocations().size(), second.size(), "a stored seed is not run twice");
        assertEquals(new HashSet<>(seedsOf(first.invocations())), new HashSet<>(seedsOf(second)));
    }

    @Test
    void storedSeedsAreRemovedOnceTheyPass() {
        Set<String> failed = new HashSet<>();
        flaky("on").failures().keySet().forEach(n -> failed.add(seedOf(n)));
        assertTrue(Files.exists(storeFile()));

        FixtureRun fixed = flaky("off");
        assertEquals(0, fixed.failures().size());
        List<String> order = fixed.invocations();
        assertEquals(failed, new HashSet<>(seedsOf(order.subList(0, failed.size()))), "the stored seeds ran first");
        assertFalse(Files.exists(storeFile()), "every stored seed passed, so none is kept");

        FixtureRun after = flaky("off");
        assertFalse(after.invocations().stream().anyMatch(n -> n.contains("failed before")), after.invocations().toString());
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

    private static List<String> seedsOf(List<String> names) {
        return names.stream().map(SimulationTestTest::seedOf).toList();
    }
}
