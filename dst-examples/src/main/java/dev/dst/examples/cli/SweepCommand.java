package dev.dst.examples.cli;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "sweep", description = "Run many seeds of a scenario in parallel; summary, failing seeds and their replay lines.")
final class SweepCommand implements Callable<Integer> {
    private static final int FAILURES_SHOWN = 20;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario name (see `dst list`).")
    String scenario;

    @Option(names = "--seeds", required = true, paramLabel = "N|A..B", description = "How many seeds (1..N) or a range A..B.")
    String seeds;

    @Option(names = "--bug", paramLabel = "B", description = "Switch on a planted bug (see `dst list`).")
    String bug;

    @Option(names = "--faults", paramLabel = "none|swarm|PACKAGE", defaultValue = "swarm",
            description = "The nemesis: none, swarm (default) or a package: partition, kill, pause, clock, disk, link, combined.")
    String faults;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "Wall-clock budget per seed (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print a final JSON summary object instead of the text summary.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Scenario s = Scenarios.named(scenario);
        SeedRange range = SeedRange.parse(seeds);
        ScenarioOptions options = new ScenarioOptions(Scenarios.checkBug(s, bug), RunCommand.checkFaults(faults), null, null, null);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + t);
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(t);
        List<Future<RunOutcome>> futures = new ArrayList<>();
        for (long seed = range.first(); ; seed++) {
            long sd = seed;
            futures.add(pool.submit(() -> ScenarioRunner.run(s, sd, options, null, timeoutSeconds * 1000)));
            if (seed == range.last()) {
                break;
            }
        }
        pool.shutdown();
        long events = 0;
        long steps = 0;
        List<RunOutcome> failures = new ArrayList<>();
        Map<String, Long> faultCounts = new TreeMap<>();
        for (Future<RunOutcome> f : futures) {
            RunOutcome o;
            try {
                o = f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a run failed outside the simulation: " + e.getCause(), e.getCause());
            }
            events += o.report().traceEvents();
            steps += o.report().steps();
            o.report().faults().forEach((k, v) -> faultCounts.merge(k, v, Long::sum));
            if (!o.passed()) {
                failures.add(o);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long run = futures.size();
        if (json) {
            System.out.println(Json.line(ScenarioRunner.ordered(
                    "scenario", s.name(), "bug", options.bug(), "seedsRun", run, "failures", failures.size(),
                    "failingSeeds", failures.stream().map(o -> Seeds.format(o.report().seed())).toList(),
                    "seedsPerSecond", run / seconds, "eventsPerSecond", events / seconds, "stepsPerSecond", steps / seconds,
                    "wallMillis", (long) (seconds * 1000), "faults", faultCounts,
                    "replay", failures.stream().map(o -> o.report().replayLine()).toList())));
        } else {
            System.out.printf("%s%s: %d seeds in %.1f s (%.0f seeds/s, %.0f events/s) on %d threads%n", s.name(),
                    options.bug() == null ? "" : " --bug " + options.bug(), run, seconds, run / seconds, events / seconds, t);
            System.out.println("faults    " + (faultCounts.isEmpty() ? "none" : faultCounts));
            System.out.println("failures  " + failures.size());
            for (RunOutcome o : failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))) {
                System.out.println("  " + Seeds.format(o.report().seed()) + "  " + o.violation().headline());
                System.out.println("      " + o.report().replayLine());
            }
            if (failures.size() > FAILURES_SHOWN) {
                System.out.println("  ... and " + (failures.size() - FAILURES_SHOWN) + " more (use --json for all)");
            }
        }
        return failures.isEmpty() ? Main.PASS : Main.VIOLATION;
    }
}
