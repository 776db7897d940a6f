package dev.dst.examples.cli;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Seeds;
import dev.dst.sim.Violation;
import dev.dst.sweep.Guided;
import dev.dst.sweep.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Guided exploration: keep the runs that reach a new probe or fault count and vary their choice tapes"
                + " (prefix kept, the rest redrawn), within a budget of runs; deterministic for a seed. The first failure is"
                + " shrunk and saved as a reproduction.")
final class ExploreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET", description = "A scenario (see `dst list`) or a Scenario class of yours.")
    String name;

    @Mixin
    TargetOptions target;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "The guide's seed: the same seed and budget explore the same runs (default ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1000", description = "The budget of runs (default ${DEFAULT-VALUE}).")
    long runs;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors); the runs are the same.")
    Integer threads;

    @Option(names = "--out", paramLabel = "F.repro",
            description = "Where to save the first failure, shrunk (default dst-artifacts/TARGET-explore-SEED.repro).")
    Path out;

    @Option(names = "--no-shrink", description = "Save the failing run as it was found, without shrinking it.")
    boolean noShrink;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "300", description = "Shrinking's budget of runs (default ${DEFAULT-VALUE}).")
    long maxAttempts;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "Wall-clock budget of each run (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Override
    public Integer call() {
        long guideSeed = Seeds.parse(seed);
        int budget = Budgets.count("--runs", runs, 10_000_000);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : Budgets.count("--threads", threads, 1024);
        long runMillis = Budgets.timeoutMillis(timeoutSeconds);
        int attempts = Budgets.count("--max-attempts", maxAttempts, 1_000_000);
        String planText = target.plan == null ? null : RunCommand.readPlan(target.plan);
        Catalog.Resolved r = Catalog.of(target.classPath).resolve(name, target, planText);
        Path file = Failures.reproFile(out, name, "explore-" + Seeds.format(guideSeed));
        Map<String, String> given = new TreeMap<>();
        if (planText != null) {
            given.put(Cluster.PLAN_ATTACHMENT, planText);
        }
        String title = name + (r.scenarioOptions() != null && r.scenarioOptions().bug() != null ? " --bug " + r.scenarioOptions().bug() : "");
        if (!json) {
            System.out.println("explore " + title + ": guide seed " + Seeds.format(guideSeed) + ", " + budget + " runs at most, " + t + " threads");
        }
        Guided.Result g = Guided.explore(r.target(), guideSeed, budget, t, given, runMillis, line -> {
            if (!json) {
                System.out.println("  " + line);
            }
        });
        String summary = g.runs() + " runs (" + g.mutated() + " mutations), corpus " + g.corpusSize() + " tapes, " + g.features()
                + " features, " + String.format("%.1f", g.wallMillis() / 1000.0) + " s";
        if (!g.failed()) {
            if (json) {
                System.out.println(Json.line(RunOutcome.ordered("target", name, "guideSeed", Seeds.format(guideSeed), "result", "pass",
                        "runs", g.runs(), "mutations", g.mutated(), "corpus", g.corpusSize(), "features", g.features(), "wallMillis", g.wallMillis())));
            } else {
                System.out.println("no failure: " + summary);
            }
            return Main.PASS;
        }
        Guided.Failure f = g.failure();
        Violation v = f.outcome().violation();
        if (!json) {
            System.out.println("failure at run " + f.run() + " (" + f.origin() + ", seed " + Seeds.format(f.candidate().seed()) + "): "
                    + v.headline());
            System.out.println(summary);
        }
        Failures.Shrunk s = Failures.shrinkAndWrite(r, name, f.candidate(), file, noShrink, attempts, runMillis, json,
                "found by `dst explore` at run " + f.run() + " (" + f.origin() + ")");
        if (s == null) {
            return Main.VIOLATION;
        }
        if (json) {
            System.out.println(Json.line(RunOutcome.ordered("target", name, "guideSeed", Seeds.format(guideSeed), "result", "fail",
                    "run", f.run(), "origin", f.origin(), "seed", Seeds.format(f.candidate().seed()),
                    "violation", RunOutcome.ordered("kind", v.kind().label(), "name", v.name(), "headline", v.headline()),
                    "runs", g.runs(), "mutations", g.mutated(), "corpus", g.corpusSize(), "features", g.features(),
                    "wallMillis", g.wallMillis(), "out", file.toString(), "replay", s.replay())));
        } else {
            System.out.print(s.text());
        }
        return Main.VIOLATION;
    }
}
