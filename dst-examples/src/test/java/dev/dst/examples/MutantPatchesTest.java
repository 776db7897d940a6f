package dev.dst.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The mutants of scripts/mutants (docs/scenarios.md, "Bug-finding power: mutants") stay usable as
 * the protocols change: each still applies to the source it patches, and says which bundled
 * scenario sweeps it. Sweeping them is scripts/mutants/run.sh's job, not the test run's.
 */
final class MutantPatchesTest {
    private static final Path ROOT = Path.of("..");
    private static final Path MUTANTS = ROOT.resolve("scripts").resolve("mutants");

    private static List<Path> patches() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(MUTANTS, MUTANTS.resolve("equivalent"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".patch")).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    @Test
    void everyMutantNamesABundledScenarioAndPatchesOneProtocolFile() throws IOException {
        List<Path> all = patches();
        assertFalse(all.isEmpty(), "no patches in " + MUTANTS.toAbsolutePath());
        Scenarios bundled = Scenarios.bundled();
        for (Path p : all) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            String name = p.getFileName().toString().replace(".patch", "");
            String scenario = lines.stream().takeWhile(l -> !l.startsWith("--- ")).filter(l -> l.startsWith("Scenario: "))
                    .map(l -> l.substring("Scenario: ".length()).trim()).findFirst().orElse(null);
            assertNotNull(scenario, name + ": no 'Scenario: NAME' line before the diff");
            assertNotNull(bundled.find(scenario), name + ": '" + scenario + "' is not a bundled scenario");
            assertTrue(name.startsWith(scenario + "-"), name + ": the name should start with its scenario, " + scenario + "-");
            assertTrue(lines.stream().takeWhile(l -> !l.startsWith("--- ")).anyMatch(l -> l.startsWith("Models: ")),
                    name + ": no 'Models: ...' line saying what mistake it models");
            List<String> files = lines.stream().filter(l -> l.startsWith("+++ b/")).toList();
            assertEquals(1, files.size(), name + ": a mutant patches one file, this one: " + files);
            assertTrue(files.get(0).startsWith("+++ b/dst-examples/src/main/java/dev/dst/examples/"),
                    name + ": patches " + files.get(0) + ", not a bundled protocol");
        }
    }

    @Test
    void everyMutantPatchStillApplies() throws Exception {
        assumeTrue(hasPatch(), "no 'patch' command on the PATH");
        for (Path p : patches()) {
            Process proc = new ProcessBuilder("patch", "--dry-run", "-s", "-p1", "-F0", "-d", ROOT.toString())
                    .redirectInput(p.toFile()).redirectErrorStream(true).start();
            String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(proc.waitFor(30, TimeUnit.SECONDS), p + ": patch did not finish");
            assertEquals(0, proc.exitValue(), p.getFileName() + " no longer applies (regenerate it for the new code):\n" + output);
        }
    }

    private static boolean hasPatch() {
        try {
            Process proc = new ProcessBuilder("patch", "--version").redirectErrorStream(true).start();
            proc.getInputStream().readAllBytes();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
