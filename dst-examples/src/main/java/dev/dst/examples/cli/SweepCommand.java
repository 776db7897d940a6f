package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.sweep.SeedList;
import dev.dst.sweep.Shard;
import dev.dst.sweep.Sweep;
import dev.dst.sweep.SweepMerge;
import dev.dst.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true, description = {
        "Run many seeds of a scenario or test method in parallel; a summary, the failing seeds and their replay lines,"
                + " and the first failing seed shrunk to a reproduction with its diagram, trace and transcript.",
        "With --out, one JSON line per seed is written as it finishes (a killed sweep loses nothing; --resume F continues it).",
        "--shard K/N runs the K-th of N parts of the range; --merge F... summarises the result files of the shards."})
final class SweepCommand implements Callable<Integer> {
    private static final int FAILURES_SHOWN = 20;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET",
            description = "A scenario (see `dst list`), a Scenario class of yours, or a test method Class#method (with --class-path).")
    String name;

    @Option(names = "--seeds", paramLabel = "N|A..B", description = "How many seeds (1..N) or a range A..B.")
    String seeds;

    @Mixin
    TargetOptions target;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run only the K-th of N contiguous parts of the seed range.")
    String shard;

    @Option(names = "--out", paramLabel = "F.jsonl", description = "Write one JSON line per seed to this new file as each finishes.")
    Path out;

    @Option(names = "--resume", paramLabel = "F.jsonl",
            description = "Continue the sweep whose results are in this file: its seeds are not run again, new ones are appended."
                    + " Refused when the file holds another target's or other options' results.")
    Path resume;

    @Option(names = "--merge", arity = "1..*", paramLabel = "F.jsonl", description = "Summarise these result files (no seeds are run).")
    List<Path> merge;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock budget per seed (default ${DEFAULT-VALUE}); a hung seed is reported and the sweep goes on.")
    long timeoutSeconds;

    @Option(names = "--no-recheck",
            description = "Do not run failing seeds again (by default each is rerun to check that it fails the same way).")
    boolean noRecheck;

    @Option(names = "--shrink", paramLabel = "N", defaultValue = "1",
            description = "Shrink the first N failing seeds and write each one's reproduction, diagram, trace and transcript"
                    + " (default ${DEFAULT-VALUE}; 0: none).")
    int shrink;

    @Option(names = "--artifacts", paramLabel = "DIR", defaultValue = "dst-artifacts",
            description = "Where the shrunk failures' files go (default ${DEFAULT-VALUE}).")
    Path artifacts;

    @Option(names = "--json", description = "Print a final JSON summary object instead of the text summary.")
    boolean json;

    @Override
    public Integer call() {
        if (merge != null) {
            if (name != null || seeds != null || shard != null || out != null || resume != null) {
                throw new IllegalArgumentException("--merge summarises existing files: give it no TARGET, --seeds, --shard, --out or --resume");
            }
            return merged(SweepMerge.merge(merge));
        }
        if (name == null || seeds == null) {
            throw new IllegalArgumentException("sweep needs TARGET and --seeds (or --merge F.jsonl...)");
        }
        if (out != null && resume != null) {
            throw new IllegalArgumentException("give --out F (a new file) or --resume F (continue it), not both");
        }
        SeedList list = SeedList.parse(seeds);
        if (shard != null) {
            list = list.shard(Shard.parse(shard, "--shard"));
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : Budgets.count("--threads", threads, 1024);
        long budget = Budgets.timeoutMillis(timeoutSeconds);
        if (shrink < 0 || shrink > 100) {
            throw new IllegalArgumentException("--shrink must be from 0 to 100, got " + shrink);
        }
        Catalog.Resolved r = Catalog.of(target.classPath).resolve(name, target, target.plan == null ? null : RunCommand.readPlan(target.plan));
        Progress progress = new Progress();
        Sweep.Result result = Sweep.of(r.target(), list)
                .threads(t)
                .wallBudgetMillis(budget)
                .out(resume != null ? resume : out, resume != null)
                .recheckFailures(!noRecheck)
                .keepFailures(0)
                .listener((seed, outcome, done, total) -> progress.update(done, total, seed.passed() ? 0 : 1))
                .run();
        progress.done();
        if (result.badInput() != null) {
            throw new IllegalArgumentException(result.badInput());
        }
        SweepSummary s = result.summary();
        if (!json) {
            System.out.print(s.toText(FAILURES_SHOWN));
            System.out.flush();
        }
        List<Failures.Shrunk> shrunk = Failures.shrinkFirst(r, s, shrink, artifacts, budget, !json);
        if (json) {
            Map<String, Object> m = s.toJson();
            List<Object> files = new ArrayList<>();
            for (Failures.Shrunk f : shrunk) {
                files.add(dev.dst.sweep.RunOutcome.ordered("seed", Seeds.format(f.seed()), "repro", f.files().repro().toString(),
                        "html", f.files().html().toString(), "trace", f.files().trace().toString(),
                        "log", f.files().transcript().toString(), "replay", f.replay()));
            }
            m.put("artifacts", files);
            System.out.println(Json.line(m));
        } else {
            for (Failures.Shrunk f : shrunk) {
                System.out.print(f.text());
            }
        }
        return s.failureCount() == 0 ? Main.PASS : Main.VIOLATION;
    }

    private int merged(SweepMerge.Result m) {
        SweepSummary s = m.summary();
        if (json) {
            Map<String, Object> j = s.toJson();
            j.put("expectedSeeds", m.expected());
            j.put("missingSeeds", m.missing());
            j.put("missingSample", m.missingSample().stream().map(Seeds::format).toList());
            j.put("duplicateLines", m.duplicates());
            j.put("conflicts", m.conflicts());
            j.put("notes", m.notes());
            j.put("complete", m.complete());
            System.out.println(Json.line(j));
        } else {
            System.out.print(s.toText(FAILURES_SHOWN));
            for (String note : m.notes()) {
                System.out.println("note      " + note);
            }
            for (String c : m.conflicts()) {
                System.out.println("conflict  " + c);
            }
            if (m.missing() > 0) {
                System.out.println("missing   " + m.missing() + " of " + m.expected() + " seeds, such as "
                        + m.missingSample().stream().map(Seeds::format).toList() + ": resume the shards that lack them (--resume F)");
            }
        }
        if (s.failureCount() > 0 || !m.conflicts().isEmpty()) {
            return Main.VIOLATION;
        }
        if (m.missing() > 0) {
            System.err.println("dst: the merge is incomplete: " + m.missing() + " of " + m.expected() + " seeds have no result");
            return Main.BAD_INPUT;
        }
        return Main.PASS;
    }

    /** A progress bar on stderr, only when stderr is a terminal. */
    private static final class Progress {
        private final boolean on = stderrIsTerminal();
        private final long start = System.nanoTime();
        private long failing;
        private long lastDrawNanos;
        private long lastTotal;

        void update(long done, long total, int newFailures) {
            failing += newFailures;
            lastTotal = total;
            long nowNanos = System.nanoTime();
            if (!on || (nowNanos - lastDrawNanos < 100_000_000L && done < total)) {
                return;
            }
            lastDrawNanos = nowNanos;
            int width = 30;
            int filled = total == 0 ? width : (int) (done * width / total);
            double rate = done / Math.max(1e-9, (nowNanos - start) / 1e9);
            System.err.printf("\r[%s%s] %d/%d seeds, %d failing, %.0f seeds/s ", "#".repeat(filled), " ".repeat(width - filled),
                    done, total, failing, rate);
        }

        void done() {
            if (on && lastTotal > 0) {
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
