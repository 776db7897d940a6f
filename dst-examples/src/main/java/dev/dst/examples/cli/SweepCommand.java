package dev.dst.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dst.entropy.Seeds;
import dev.dst.examples.RunOutcome;
import dev.dst.examples.Scenario;
import dev.dst.examples.ScenarioOptions;
import dev.dst.examples.ScenarioRunner;
import dev.dst.examples.Scenarios;
import dev.dst.examples.SeedRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

@Command(name = "sweep", description = {
        "Run many seeds of a scenario in parallel; a summary, the failing seeds and their replay lines.",
        "With --out, one JSON line per seed is written as it finishes (a killed sweep loses nothing; --resume skips seeds done).",
        "--shard K/N runs the K-th of N parts of the range; --merge F... summarises the JSONL files of the shards."})
final class SweepCommand implements Callable<Integer> {
    private static final int FAILURES_SHOWN = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "A scenario name (see `dst list`).")
    String scenario;

    @Option(names = "--seeds", paramLabel = "N|A..B", description = "How many seeds (1..N) or a range A..B.")
    String seeds;

    @Option(names = "--bug", paramLabel = "B", description = "Switch on a planted bug (see `dst list`).")
    String bug;

    @Option(names = "--faults", paramLabel = "none|swarm|PACKAGE", defaultValue = "swarm",
            description = "The nemesis: none, swarm (default) or a package: partition, kill, pause, clock, disk, link, combined.")
    String faults;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run only the K-th of N contiguous parts of the seed range.")
    String shard;

    @Option(names = "--out", paramLabel = "F.jsonl", description = "Append one JSON line per seed to this file as each finishes.")
    Path out;

    @Option(names = "--resume", paramLabel = "F.jsonl", description = "Skip the seeds this JSONL file already has, and append to it.")
    Path resume;

    @Option(names = "--merge", arity = "1..*", paramLabel = "F.jsonl", description = "Summarise these per-seed JSONL files (no seeds are run).")
    List<Path> merge;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "Wall-clock budget per seed (default ${DEFAULT-VALUE}); a hung seed is reported and the sweep goes on.")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print a final JSON summary object instead of the text summary.")
    boolean json;

    /** What the summary needs of one seed's result, from a run or from a JSONL line. */
    private record SeedResult(String scenario, long seed, boolean passed, String headline, String replay, long events,
                              Map<String, Long> faults, Map<String, Long> probes) {}

    @Override
    public Integer call() throws Exception {
        if (merge != null) {
            return summarise(readAll(merge), 0, null);
        }
        if (scenario == null || seeds == null) {
            throw new IllegalArgumentException("sweep needs SCENARIO and --seeds (or --merge F.jsonl...)");
        }
        Scenario s = Scenarios.named(scenario);
        SeedRange range = SeedRange.parse(seeds);
        if (shard != null) {
            int[] kn = SeedRange.parseShard(shard);
            range = range.shard(kn[0], kn[1]);
        }
        ScenarioOptions options = new ScenarioOptions(Scenarios.checkBug(s, bug), RunCommand.checkFaults(faults), null, null, null);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + t);
        }
        Path sink = resume != null ? resume : out;
        Set<Long> done = new HashSet<>();
        List<SeedResult> results = new ArrayList<>();
        if (resume != null && Files.exists(resume)) {
            cutTornLastLine(resume);
            for (SeedResult r : read(resume)) {
                if (r.scenario().equals(s.name()) && done.add(r.seed())) {
                    results.add(r);
                }
            }
        }
        List<Long> todo = new ArrayList<>();
        for (long seed = range.first(); range.count() > 0; seed++) {
            if (!done.contains(seed)) {
                todo.add(seed);
            }
            if (seed == range.last()) {
                break;
            }
        }
        long start = System.nanoTime();
        try (BufferedWriter writer = sink == null ? null : Files.newBufferedWriter(sink, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            ExecutorService pool = Executors.newFixedThreadPool(t);
            CompletionService<RunOutcome> completions = new ExecutorCompletionService<>(pool);
            for (long seed : todo) {
                completions.submit(() -> ScenarioRunner.run(s, seed, options, null, timeoutSeconds * 1000));
            }
            pool.shutdown();
            Progress progress = new Progress(todo.size());
            for (int i = 0; i < todo.size(); i++) {
                RunOutcome o;
                try {
                    o = completions.take().get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    throw new IllegalStateException("a run failed outside the simulation: " + e.getCause(), e.getCause());
                }
                SeedResult r = fromOutcome(o);
                results.add(r);
                if (writer != null) {
                    writer.write(Json.line(ScenarioRunner.toJson(o)));
                    writer.write('\n');
                    writer.flush(); // a killed sweep keeps every finished seed
                }
                progress.update(i + 1, r.passed() ? 0 : 1);
            }
            progress.done();
        }
        return summarise(results, (System.nanoTime() - start) / 1e9, t + " threads");
    }

    /** A sweep killed while writing leaves a partial last line; cut it off so that appended lines start clean. */
    private static void cutTornLastLine(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end);
            }
        }
    }

    private static SeedResult fromOutcome(RunOutcome o) {
        return new SeedResult(o.scenario(), o.report().seed(), o.passed(), o.passed() ? null : o.violation().headline(),
                o.report().replayLine(), o.report().traceEvents(), o.report().faults(), o.report().probes());
    }

    private static List<SeedResult> readAll(List<Path> files) throws IOException {
        List<SeedResult> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(read(f));
        }
        return all;
    }

    /** Reads a per-seed JSONL file; a torn last line (a sweep killed mid-write) is skipped, anything else malformed is an error. */
    private static List<SeedResult> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no sweep file '" + file + "'");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<SeedResult> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode j = JSON.readTree(line);
                out.add(new SeedResult(j.get("scenario").asText(), Seeds.parse(j.get("seed").asText()),
                        "pass".equals(j.get("result").asText()),
                        j.get("violation").isNull() ? null : j.get("violation").get("headline").asText(),
                        j.get("replay").asText(), j.get("events").asLong(), counts(j.get("faults")), counts(j.get("probes"))));
            } catch (Exception e) {
                if (i == lines.size() - 1) {
                    continue; // the line being written when the sweep was killed
                }
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a sweep result line (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> m = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        }
        return m;
    }

    /** Prints the summary; results come in any order (threads finish when they finish, shards merge as given). */
    private int summarise(List<SeedResult> unordered, double seconds, String how) {
        List<SeedResult> results = new ArrayList<>(unordered);
        results.sort((a, b) -> Long.compareUnsigned(a.seed(), b.seed()));
        long events = 0;
        Map<String, Long> faultCounts = new TreeMap<>();
        Map<String, Long> probes = new LinkedHashMap<>();
        List<SeedResult> failures = new ArrayList<>();
        Set<String> scenarios = new java.util.TreeSet<>();
        for (SeedResult r : results) {
            events += r.events();
            r.faults().forEach((k, v) -> faultCounts.merge(k, v, Long::sum));
            r.probes().forEach((k, v) -> probes.merge(k, v, Long::sum));
            scenarios.add(r.scenario());
            if (!r.passed()) {
                failures.add(r);
            }
        }
        List<String> neverHit = probes.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
        long run = results.size();
        double perSecond = seconds > 0 ? run / seconds : 0;
        if (json) {
            System.out.println(Json.line(ScenarioRunner.ordered(
                    "scenario", String.join(",", scenarios), "bug", bug, "seedsRun", run, "failures", failures.size(),
                    "failingSeeds", failures.stream().map(r -> Seeds.format(r.seed())).toList(),
                    "seedsPerSecond", perSecond, "eventsPerSecond", seconds > 0 ? events / seconds : 0,
                    "wallMillis", (long) (seconds * 1000), "faults", faultCounts, "probes", probes,
                    "probesNeverHit", neverHit, "replay", failures.stream().map(SeedResult::replay).toList())));
        } else {
            if (how != null) {
                System.out.printf("%s%s: %d seeds in %.1f s (%.0f seeds/s, %.0f events/s) on %s%n", String.join(",", scenarios),
                        bug == null ? "" : " --bug " + bug, run, seconds, perSecond, seconds > 0 ? events / seconds : 0, how);
            } else {
                System.out.printf("%s: %d seeds merged%n", String.join(",", scenarios), run);
            }
            System.out.println("faults    " + (faultCounts.isEmpty() ? "none" : faultCounts));
            if (!probes.isEmpty()) {
                System.out.println("sometimes " + probes + (neverHit.isEmpty() ? "" : "; never hit: " + neverHit));
            }
            System.out.println("failures  " + failures.size());
            for (SeedResult r : failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))) {
                System.out.println("  " + Seeds.format(r.seed()) + "  " + r.headline());
                System.out.println("      " + r.replay());
            }
            if (failures.size() > FAILURES_SHOWN) {
                System.out.println("  ... and " + (failures.size() - FAILURES_SHOWN) + " more (use --json for all)");
            }
        }
        return failures.isEmpty() ? Main.PASS : Main.VIOLATION;
    }

    /** A progress bar on stderr, only when stderr is a terminal. */
    private static final class Progress {
        private final int total;
        private final boolean on = stderrIsTerminal();
        private final long start = System.nanoTime();
        private int failing;
        private long lastDrawNanos;

        Progress(int total) {
            this.total = total;
        }

        void update(int finished, int newFailures) {
            failing += newFailures;
            long nowNanos = System.nanoTime();
            if (!on || (nowNanos - lastDrawNanos < 100_000_000L && finished < total)) {
                return;
            }
            lastDrawNanos = nowNanos;
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) finished * width / total);
            double rate = finished / Math.max(1e-9, (nowNanos - start) / 1e9);
            System.err.printf("\r[%s%s] %d/%d seeds, %d failing, %.0f seeds/s ", "#".repeat(filled), " ".repeat(width - filled),
                    finished, total, failing, rate);
        }

        void done() {
            if (on) {
                System.err.println();
            }
        }

        /** {@code System.console()} alone is not enough from JDK 22, where it exists when output is redirected too. */
        private static boolean stderrIsTerminal() {
            java.io.Console c = System.console();
            if (c == null) {
                return false;
            }
            try {
                return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
            } catch (ReflectiveOperationException e) {
                return true; // JDK 17 to 21: a console exists only on a terminal
            }
        }
    }
}
