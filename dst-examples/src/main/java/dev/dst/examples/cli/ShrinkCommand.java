package dev.dst.examples.cli;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Seeds;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "shrink", mixinStandardHelpOptions = true, description = "Minimize a failing run's fault plan and choice tape; save a reproduction file, and the"
        + " shrunk run's diagram (.html), trace (.trace.jsonl) and transcript (.log) beside it.")
final class ShrinkCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET",
            description = "A scenario (see `dst list`), a Scenario class of yours, or a test method Class#method (with --class-path).")
    String name;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "The failing seed: decimal (42) or hex (0x2a).")
    String seed;

    @Mixin
    TargetOptions target;

    @Option(names = "--out", required = true, paramLabel = "F.repro", description = "Where to write the reproduction file.")
    Path out;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "500",
            description = "At most this many runs (default ${DEFAULT-VALUE}); the same budget gives the same result.")
    long maxAttempts;

    @Option(names = "--max-seconds", paramLabel = "T", defaultValue = "300",
            description = "Stop after this much real time (default ${DEFAULT-VALUE}); a safety net, machine-dependent.")
    long maxSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock budget of each run (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Override
    public Integer call() {
        long parsedSeed = Seeds.parse(seed);
        if (!out.getFileName().toString().endsWith(".repro") || out.getFileName().toString().equals(".repro")) {
            throw new IllegalArgumentException("--out '" + out + "' should end with .repro: the diagram (.html), trace (.trace.jsonl)"
                    + " and transcript (.log) are written beside it with the same name");
        }
        int attempts = Budgets.count("--max-attempts", maxAttempts, 1_000_000);
        long seconds = Budgets.seconds("--max-seconds", maxSeconds);
        long budget = Budgets.timeoutMillis(timeoutSeconds);
        String planText = target.plan == null ? null : RunCommand.readPlan(target.plan);
        Catalog.Resolved r = Catalog.of(target.classPath).resolve(name, target, planText);
        Map<String, String> given = new TreeMap<>();
        if (planText != null) {
            given.put(Cluster.PLAN_ATTACHMENT, planText);
        }
        if (!json) {
            System.out.println("shrinking " + name + " seed " + Seeds.format(parsedSeed)
                    + (r.scenarioOptions() == null || r.scenarioOptions().bug() == null ? "" : " (bug " + r.scenarioOptions().bug() + ")"));
        }
        Shrinker.Result result = Failures.shrink(r.target(), parsedSeed, given, attempts, seconds, budget, line -> {
            if (!json) {
                System.out.println("  " + line);
            }
        });
        if (!result.failed()) {
            if (json) {
                System.out.println(Json.line(dev.dst.sweep.RunOutcome.ordered("scenario", name, "seed", Seeds.format(parsedSeed),
                        "bug", r.target().options().get("bug"), "result", "pass")));
            } else {
                System.out.println("seed " + Seeds.format(parsedSeed) + " passes: nothing to shrink");
            }
            return Main.PASS;
        }
        if (!result.reproducible()) {
            String why = "seed " + Seeds.format(parsedSeed) + " is not reproducible, no file written: " + result.nondeterminism();
            if (json) {
                System.out.println(Json.line(dev.dst.sweep.RunOutcome.ordered("scenario", name, "seed", Seeds.format(parsedSeed),
                        "result", "nondeterministic", "reason", why)));
            } else {
                System.out.println(why);
            }
            return Main.VIOLATION;
        }
        Path dir = out.toAbsolutePath().getParent();
        String file = out.getFileName().toString();
        String base = file.substring(0, file.length() - ".repro".length());
        Failures.Shrunk s = Failures.write(r, result, dir, base, "shrunk by `dst shrink`", budget);
        Violation v = result.shrunkOutcome().violation();
        long eventsBefore = result.before().attachmentSizes().getOrDefault(Cluster.PLAN_ATTACHMENT, 0L);
        long eventsAfter = result.after().attachmentSizes().getOrDefault(Cluster.PLAN_ATTACHMENT, 0L);
        if (json) {
            System.out.println(Json.line(dev.dst.sweep.RunOutcome.ordered("scenario", name, "seed", Seeds.format(parsedSeed),
                    "bug", r.target().options().get("bug"), "result", "shrunk",
                    "violation", dev.dst.sweep.RunOutcome.ordered("kind", v.kind().label(), "name", v.name(), "headline", v.headline()),
                    "before", dev.dst.sweep.RunOutcome.ordered("faultEvents", eventsBefore, "tapeDraws", result.before().tapeDraws(),
                            "steps", result.originalOutcome().steps()),
                    "after", dev.dst.sweep.RunOutcome.ordered("faultEvents", eventsAfter, "tapeDraws", result.after().tapeDraws(),
                            "steps", result.shrunkOutcome().steps()),
                    "attempts", result.attempts(), "accepted", result.accepted(), "wallMillis", result.wallMillis(),
                    "stopReason", result.stopReason(), "traceHash", String.format("%016x", result.shrunkOutcome().traceHash()),
                    "out", out.toString(), "html", s.files().html().toString(), "trace", s.files().trace().toString(),
                    "log", s.files().transcript().toString(), "replay", s.replay())));
        } else {
            System.out.print(s.text());
        }
        return Main.VIOLATION;
    }
}
