package dev.dst.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.sweep.SeedList;
import dev.dst.sweep.Sweep;
import dev.dst.trace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with {@code kill -9} at 50 moments and resumed each time ends with every seed
 * exactly once and the results of an uninterrupted sweep. The sweeps are real {@code dst}
 * processes; the moments come from a fixed-seed generator of the test's own (the test decides
 * when to kill, not the simulation).
 */
final class KillResumeTest {
    private static final int KILLS = 50;
    private static final String SEEDS = "1..12000";

    @TempDir
    Path dir;

    private Process start(Path file, boolean resume) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "sweep", "ping-pong", "--seeds", SEEDS, "--faults", "none",
                "--threads", "2", "--shrink", "0", resume ? "--resume" : "--out", file.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    private static long lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** Seed to "result traceHash", failing the test if a seed appears twice. */
    private static Map<String, String> results(Path file) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(file, UTF_8)) {
            Map<String, Object> j = Json.parseObject(line);
            if (j.containsKey("seed")) {
                assertNull(m.put((String) j.get("seed"), j.get("result") + " " + j.get("traceHash")), "seed " + j.get("seed") + " twice");
            }
        }
        return m;
    }

    @Test
    void aSweepKilledFiftyTimesAndResumedHasEverySeedOnceWithTheUninterruptedResults() throws Exception {
        Path file = dir.resolve("killed.jsonl");
        SplittableRandom moments = new SplittableRandom(20261201);
        int midRun = 0;
        long before = 0;
        for (int k = 0; k < KILLS; k++) {
            Process p = start(file, k > 0);
            // Kill a moment after the sweep has written a seed of its own (not only its header), however long the JVM
            // took to start (a loaded machine can take seconds), so that the kill lands while seeds are being written.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && lineCount(file) <= before + 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(moments.nextInt(300));
            boolean running = p.isAlive();
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, a line may be cut in half
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed sweep ended");
            long lines = lineCount(file);
            if (running && lines > before) {
                midRun++;
            }
            before = lines;
        }
        Process last = start(file, true);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "the resumed sweep finished");
        assertEquals(0, last.exitValue(), Files.readString(dir.resolve("out.txt")));
        assertTrue(Files.readString(dir.resolve("out.txt")).contains("read back from the result file"), Files.readString(dir.resolve("out.txt")));
        assertTrue(midRun >= KILLS / 2, "most kills landed while seeds were being written: " + midRun);

        Path reference = dir.resolve("reference.jsonl");
        TargetOptions o = new TargetOptions();
        o.faults = "none";
        Sweep.of(Catalog.of(null).resolve("ping-pong", o, null).target(), SeedList.parse(SEEDS)).threads(2).out(reference, false).run();
        Map<String, String> expected = results(reference);
        assertEquals(12_000, expected.size());
        assertEquals(expected, results(file), "every seed once, with the result of the uninterrupted sweep");
    }
}
