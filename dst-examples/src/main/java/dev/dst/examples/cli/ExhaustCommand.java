package dev.dst.examples.cli;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Seeds;
import dev.dst.sim.Violation;
import dev.dst.sweep.Exhaustive;
import dev.dst.sweep.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "exhaust", mixinStandardHelpOptions = true,
        description = "Exhaustive exploration of a tiny configuration: every run within bounds (every order of events due at"
                + " one instant, every drop or not, every crash point), depth first, equal states explored once. The first"
                + " failure is shrunk and saved as a reproduction.")
final class ExhaustCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET",
            description = "A scenario, a Scenario class of yours, or a test method (Class#method) that builds a tiny world.")
    String name;

    @Mixin
    TargetOptions target;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Names the runs (draws not enumerated take their simplest value; the seed does not choose them) (default ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "200", description = "Steps per run at most (default ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--max-branch", paramLabel = "B", defaultValue = "8",
            description = "Enumerate choices among at most B values; wider ones (delays, timeouts) keep their simplest value (default ${DEFAULT-VALUE}).")
    int maxBranch;

    @Option(names = "--wide", paramLabel = "seeded|zero", defaultValue = "seeded",
            description = "Choices among more values than --max-branch (delays, timeouts from a range) are not enumerated: seeded"
                    + " fixes each from the seed and its place in its stream, so that randomized timeouts differ and each seed"
                    + " holds another assignment; zero keeps them all at their simplest value, so that events coincide and their"
                    + " orders are enumerated, but a protocol that needs random timeouts to break ties never does (default ${DEFAULT-VALUE}).")
    String wide;

    @Option(names = "--crashes", paramLabel = "C", defaultValue = "0",
            description = "Crash points per run: after any step, a power loss of one node, which restarts 1 ms later (default ${DEFAULT-VALUE}).")
    int crashes;

    @Option(names = "--crash-nodes", paramLabel = "A,B", split = ",",
            description = "The nodes crash points may hit, by name (default: every node).")
    List<String> crashNodes = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "100000", description = "The budget of runs (default ${DEFAULT-VALUE}).")
    long runs;

    @Option(names = "--no-state-hashing", description = "Explore every path, even into states explored already (slower; for checking the pruning).")
    boolean noStateHashing;

    @Option(names = "--out", paramLabel = "F.repro",
            description = "Where to save the first failure, shrunk (default dst-artifacts/TARGET-exhaust.repro).")
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
        long runSeed = Seeds.parse(seed);
        Exhaustive.Bounds bounds = new Exhaustive.Bounds(Budgets.count("--max-steps", maxSteps, 100_000_000),
                branch(), crashPoints(), crashNodes,
                Budgets.count("--runs", runs, 1_000_000_000), !noStateHashing, seededWide());
        long runMillis = Budgets.timeoutMillis(timeoutSeconds);
        int attempts = Budgets.count("--max-attempts", maxAttempts, 1_000_000);
        String planText = target.plan == null ? null : RunCommand.readPlan(target.plan);
        Catalog.Resolved r = Catalog.of(target.classPath).resolve(name, target, planText);
        Path file = Failures.reproFile(out, name, "exhaust");
        Map<String, String> given = new TreeMap<>();
        if (planText != null) {
            given.put(Cluster.PLAN_ATTACHMENT, planText);
        }
        String title = name + (r.scenarioOptions() != null && r.scenarioOptions().bug() != null ? " --bug " + r.scenarioOptions().bug() : "");
        if (!json) {
            System.out.println("exhaust " + title + ": at most " + bounds.maxSteps() + " steps a run, choices among at most "
                    + bounds.maxBranch() + " values, " + bounds.crashes() + " crash point" + (bounds.crashes() == 1 ? "" : "s")
                    + (bounds.crashes() > 0 ? " (" + (crashNodes.isEmpty() ? "any node" : String.join(", ", crashNodes)) + ")" : "")
                    + ", " + bounds.maxRuns() + " runs at most" + (noStateHashing ? ", no state hashing" : "")
                    + (bounds.seedWide() ? ", wide choices seeded from " + Seeds.format(runSeed) : ""));
        }
        Exhaustive.Result e = Exhaustive.explore(r.target(), runSeed, bounds, given, runMillis, line -> {
            if (!json) {
                System.out.println("  " + line);
            }
        });
        String summary = e.runs() + " runs (" + e.ended() + " ended, " + e.atBound() + " at the step bound, " + e.pruned()
                + " at a state explored already), " + e.states() + " distinct states, " + String.format("%.1f", e.wallMillis() / 1000.0) + " s";
        if (!e.failed()) {
            if (json) {
                System.out.println(Json.line(counts(e, RunOutcome.ordered("target", name, "result", "pass"))));
            } else {
                System.out.println((e.complete() ? "no failure in any run within the bounds: " : "no failure, but the search is not complete"
                        + " (the budget of runs ran out; --runs raises it): ") + summary);
            }
            return Main.PASS; // every run made passed, as a sweep's seeds do; "complete" says whether that was every run
        }
        Exhaustive.Failure f = e.failure();
        Violation v = f.outcome().violation();
        if (!json) {
            System.out.println("failure at run " + f.run() + ": " + v.headline());
            System.out.println(summary);
        }
        Failures.Shrunk s = Failures.shrinkAndWrite(r, name, f.candidate(), file, noShrink, attempts, runMillis, json,
                "found by `dst exhaust` at run " + f.run());
        if (s == null) {
            return Main.VIOLATION;
        }
        if (json) {
            Map<String, Object> m = RunOutcome.ordered("target", name, "result", "fail", "run", f.run(),
                    "violation", RunOutcome.ordered("kind", v.kind().label(), "name", v.name(), "headline", v.headline()));
            m.put("out", file.toString());
            m.put("replay", s.replay());
            System.out.println(Json.line(counts(e, m)));
        } else {
            System.out.print(s.text());
        }
        return Main.VIOLATION;
    }

    private boolean seededWide() {
        if (!wide.equals("zero") && !wide.equals("seeded")) {
            throw new IllegalArgumentException("--wide must be seeded or zero, got '" + wide + "'");
        }
        return wide.equals("seeded");
    }

    private int branch() {
        if (maxBranch < 2 || maxBranch > 1 << 20) {
            throw new IllegalArgumentException("--max-branch must be from 2 (a choice has at least two values) to " + (1 << 20)
                    + ", got " + maxBranch);
        }
        return maxBranch;
    }

    private int crashPoints() {
        if (crashes < 0 || crashes > 1000) {
            throw new IllegalArgumentException("--crashes must be from 0 to 1000, got " + crashes);
        }
        return crashes;
    }

    private static Map<String, Object> counts(Exhaustive.Result e, Map<String, Object> m) {
        m.put("complete", e.complete());
        m.put("runs", e.runs());
        m.put("ended", e.ended());
        m.put("atBound", e.atBound());
        m.put("pruned", e.pruned());
        m.put("states", e.states());
        m.put("wallMillis", e.wallMillis());
        return m;
    }
}
