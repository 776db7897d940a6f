package dev.dst.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Seeds;
import dev.dst.entropy.SplitMix64;
import dev.dst.junit.fixtures.PropertyFixture;
import dev.dst.junit.fixtures.ReplayFixture;
import dev.dst.junit.fixtures.ShrinkingFixture;
import dev.dst.shrink.Bombs;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.Violation;
import dev.dst.sweep.Artifacts;
import dev.dst.sweep.Runner;
import dev.dst.sweep.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing {@code @SimulationTest} shrinks its first failing seed; {@code @Replay} reruns the file. */
final class ShrinkAndReplayTest {
    @TempDir
    Path dir;

    private FixtureRun shrinking(String on) {
        return FixtureRun.of(ShrinkingFixture.class, Map.of("dst.dir", dir.toString(), "dst.shrink", on));
    }

    private static List<String> notes(Throwable t) {
        return Arrays.stream(t.getSuppressed()).filter(s -> s instanceof SimulationExtension.ShrinkReport)
                .map(Throwable::getMessage).toList();
    }

    private List<Path> reproFiles() throws IOException {
        Path repro = dir.resolve("repro");
        if (!Files.isDirectory(repro)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(repro)) {
            return files.filter(f -> f.toString().endsWith(".repro")).sorted().toList();
        }
    }

    @Test
    void theFirstFailingSeedOfEachMethodIsShrunkAndSaved() throws IOException {
        FixtureRun run = shrinking("true");
        List<Throwable> failures = List.copyOf(run.failures().values());
        assertEquals(3, failures.size(), run.failures().keySet().toString());
        long withNotes = failures.stream().filter(t -> !notes(t).isEmpty()).count();
        assertEquals(2, withNotes, "one shrink per method, not one per failing seed");

        List<Path> files = reproFiles();
        assertEquals(2, files.size(), files.toString());
        Reproduction invariant = Reproduction.read(files.stream().filter(f -> f.toString().contains("damageStaysLow")).findFirst().orElseThrow());
        assertEquals(Reproduction.TEST, invariant.targetKind());
        assertEquals(ShrinkingFixture.class.getName() + "#damageStaysLow", invariant.target());
        assertEquals(Violation.Kind.INVARIANT, invariant.violationKind());
        assertEquals(Bombs.INVARIANT, invariant.violationName());
        // from twenty bombs to two or three whose damage adds up to the limit (greedy removal can
        // stop at three where none can go alone)
        String plan = invariant.attachments().get(Bombs.KEY);
        assertTrue(new Bombs.Reducer().size(plan) <= 3, plan);
        assertEquals(Bombs.LIMIT, new Bombs.Reducer().weight(plan), plan);

        Reproduction plain = Reproduction.read(files.stream().filter(f -> f.toString().contains("plainAssertion")).findFirst().orElseThrow());
        assertEquals(Violation.Kind.END_CHECK, plain.violationKind());
        assertEquals("the test threw org.opentest4j.AssertionFailedError", plain.violationName());
        String plainPlan = plain.attachments().get(Bombs.KEY);
        assertTrue(new Bombs.Reducer().size(plainPlan) <= 3, plainPlan);
        assertEquals(Bombs.LIMIT, new Bombs.Reducer().weight(plainPlan), plainPlan);

        for (Path f : files) { // beside each reproduction: the shrunk run's diagram, trace and transcript
            String base = f.getFileName().toString().replace(".repro", "");
            String page = Files.readString(f.resolveSibling(base + ".html"));
            assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("-Ddst.repro=" + f), page.substring(0, 200));
            assertTrue(Files.size(f.resolveSibling(base + ".trace.jsonl")) > 0);
            assertTrue(Files.exists(f.resolveSibling(base + ".log")));
        }

        String note = failures.stream().flatMap(t -> notes(t).stream()).filter(n -> n.contains("damageStaysLow")).findFirst().orElseThrow();
        assertTrue(note.contains("diagram:") && note.contains(".html"), note);
        assertTrue(note.contains("bombs 20 -> " + new Bombs.Reducer().size(plan) + ","), note);
        assertTrue(note.contains("@Replay(\"repro/ShrinkingFixture.damageStaysLow-"), note);
        assertTrue(note.contains("now: invariant '" + Bombs.INVARIANT + "'"), note);
    }

    @Test
    void shrinkingCanBeTurnedOff() throws IOException {
        FixtureRun run = shrinking("false");
        assertEquals(3, run.failures().size());
        assertTrue(run.failures().values().stream().allMatch(t -> notes(t).isEmpty()));
        assertEquals(List.of(), reproFiles());
    }

    /** Writes the shrunk Bombs failure of seed 3 where {@link ReplayFixture} reads it. */
    private static Reproduction writeFixtureFile() {
        Target bombs = Target.of("x.Y#z", Bombs::run);
        Shrinker.Result r = Shrinker.builder().reducer(new Bombs.Reducer()).maxAttempts(200).build()
                .shrink(3, Map.of(), Runner.trial(bombs, 30_000));
        Reproduction rep = Artifacts.reproduction(bombs, r, List.of());
        rep.write(Path.of(ReplayFixture.FILE));
        return rep;
    }

    private static FixtureRun replay(String bug) {
        return FixtureRun.of(ReplayFixture.class, Map.of("dst.test.bug", bug));
    }

    private static Throwable failureOf(FixtureRun run, String method) {
        return run.results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(method))
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElse(null);
    }

    @Test
    void replayWhileTheBugIsThere() {
        Reproduction rep = writeFixtureFile();
        FixtureRun run = replay("on");
        Throwable stays = failureOf(run, "staysFixed");
        assertTrue(stays != null && stays.getMessage().contains("it still fails: " + rep.headline()), String.valueOf(stays));
        assertEquals(null, failureOf(run, "stillCaught"), "the recorded failure happens again");
        Throwable missing = failureOf(run, "missingFile");
        assertTrue(missing != null && missing.getMessage().contains("no such file")
                && missing.getMessage().contains("no such class-path resource"), String.valueOf(missing));
    }

    /** A reproduction whose attachment was edited by hand: the mistake is named by the file's line, not the attachment's. */
    @Test
    void badInputInAnAttachmentIsNamedByTheLineOfTheFile() throws IOException {
        Path f = Path.of(ReplayFixture.CONFIG_FILE);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "dst-repro 1\n# edited by hand\ntarget test " + ReplayFixture.class.getName() + "#readsItsSettings\n"
                + "seed 0x1\nviolation INVARIANT x\nheadline x\ntrace-hash 0000000000000000\nattachment settings 3\nrate=5\nclients=3\nclients three\n");
        Throwable t = failureOf(replay("off"), "readsItsSettings");
        assertTrue(t != null && t.getMessage().contains(ReplayFixture.CONFIG_FILE
                + " line 11 (line 3 of its settings): not a setting: 'clients three'"), String.valueOf(t));
    }

    @Test
    void replayOnceTheBugIsFixed() {
        writeFixtureFile();
        FixtureRun run = replay("off");
        assertEquals(null, failureOf(run, "staysFixed"));
        Throwable caught = failureOf(run, "stillCaught");
        assertTrue(caught != null && caught.getMessage().contains("but the run passed"), String.valueOf(caught));
        assertFalse(run.invocations().isEmpty());
    }

    @Test
    void replayingOneSeedDoesNotShrinkUnlessAsked() throws IOException {
        FixtureRun run = FixtureRun.of(ShrinkingFixture.class, Map.of("dst.dir", dir.toString(), "dst.seed", "0x5"));
        long failed = run.results.testEvents().failed().count(); // both methods' invocations have the same display name
        assertTrue(failed > 0, "seed 0x5 fails");
        assertEquals(List.of(), reproFiles());
        FixtureRun asked = FixtureRun.of(ShrinkingFixture.class, Map.of("dst.dir", dir.toString(), "dst.seed", "0x5",
                "dst.shrink", "true"));
        assertEquals(failed, asked.results.testEvents().failed().count());
        assertEquals(failed, reproFiles().size());
    }

    @Test
    void theReplayLineNamesAModuleOnlyWhenTheParentListsIt(@TempDir Path root) throws IOException {
        Path parent = root.resolve("pom.xml");
        Files.writeString(parent, "<project><modules>\n  <module>core</module>\n</modules></project>");
        assertTrue(SimulationExtension.listsModule(parent, "core"));
        assertFalse(SimulationExtension.listsModule(parent, "tutorial-project"), "a project in the folder but not a module");
        assertFalse(SimulationExtension.listsModule(root.resolve("missing.xml"), "core"));
    }

    @Test
    void theReplayLineCarriesTheNamedPropertiesThatAreSet() {
        System.setProperty("dst.test.bug", "ack before fsync");
        try {
            String line = SimulationExtension.replayPrefix("C", "m", "dst.test.bug", "dst.test.unset");
            assertTrue(line.endsWith("-Dsurefire.failIfNoSpecifiedTests=false -Ddst.test.bug='ack before fsync' -Ddst.seed="), line);
            assertFalse(line.contains("dst.test.unset"), line);
            assertEquals("plain-value", SimulationExtension.quoted("plain-value"));
            assertEquals("'it'\\''s'", SimulationExtension.quoted("it's"));
        } finally {
            System.clearProperty("dst.test.bug");
        }
    }

    @Test
    void theSeedShrunkIsTheFirstInSeedOrderWhateverTheThreads() throws IOException {
        FixtureRun.of(ShrinkingFixture.class, Map.of("dst.dir", dir.toString(), "dst.shrink", "true", "dst.threads", "2"));
        long first = Seeds.derive(SplitMix64.hashName(ShrinkingFixture.class.getName() + "#damageStaysLow"), 0);
        assertTrue(reproFiles().stream().anyMatch(f -> f.getFileName().toString().equals(
                "ShrinkingFixture.damageStaysLow-" + Seeds.format(first) + ".repro")), reproFiles().toString());
    }

    @Test
    void aReproductionRecordsThePropertiesTheTestReadsAndAReplaySetsThemUnlessGivenOtherwise() throws IOException {
        FixtureRun.of(PropertyFixture.class, Map.of("dst.dir", dir.toString(), "dst.shrink", "true", "dst.test.bug", "on"));
        Path written = reproFiles().stream().filter(f -> f.toString().contains("PropertyFixture.damageStaysLow")).findFirst().orElseThrow();
        Reproduction rep = Reproduction.read(written);
        assertEquals("on", rep.options().get("-Ddst.test.bug"), rep.options().toString());
        Files.createDirectories(Path.of(PropertyFixture.FILE).getParent());
        Files.copy(written, Path.of(PropertyFixture.FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        FixtureRun recorded = FixtureRun.of(PropertyFixture.class, Map.of("dst.dir", dir.toString(), "dst.shrink", "false",
                "dst.seed", "0x1"));
        Throwable t = failureOf(recorded, "staysFixed");
        assertTrue(t != null && t.getMessage().contains("with -Ddst.test.bug=on): it still fails"), String.valueOf(t));

        FixtureRun given = FixtureRun.of(PropertyFixture.class, Map.of("dst.dir", dir.toString(), "dst.shrink", "false",
                "dst.seed", "0x1", "dst.test.bug", "off"));
        assertEquals(null, failureOf(given, "staysFixed"), "-Ddst.test.bug=off on the command line wins over the file's on");
    }
}
