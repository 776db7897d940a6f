package dev.dst.examples.cli;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Seeds;
import dev.dst.examples.Scenario;
import dev.dst.examples.ScenarioOptions;
import dev.dst.examples.ScenarioRunner;
import dev.dst.examples.Scenarios;
import dev.dst.nemesis.PlanReducer;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "shrink", description = "Minimize a failing run's fault plan and choice tape; save a reproduction file.")
final class ShrinkCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario name (see `dst list`).")
    String scenario;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "The failing seed: decimal (42) or hex (0x2a).")
    String seed;

    @Option(names = "--bug", paramLabel = "B", description = "The planted bug the run had on (see `dst list`).")
    String bug;

    @Option(names = "--faults", paramLabel = "none|swarm|PACKAGE", defaultValue = "swarm",
            description = "The nemesis the run used (default swarm).")
    String faults;

    @Option(names = "--plan", paramLabel = "F", description = "The saved nemesis plan the run used, if it used one.")
    Path plan;

    @Option(names = "--out", required = true, paramLabel = "F.repro", description = "Where to write the reproduction file.")
    Path out;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "500",
            description = "At most this many runs (default ${DEFAULT-VALUE}); the same budget gives the same result.")
    int maxAttempts;

    @Option(names = "--max-seconds", paramLabel = "T", defaultValue = "300",
            description = "Stop after this much real time (default ${DEFAULT-VALUE}); a safety net, machine-dependent.")
    long maxSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock budget of each run (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Scenario s = Scenarios.named(scenario);
        long parsedSeed = Seeds.parse(seed);
        if (maxAttempts < 1 || maxSeconds < 1 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("--max-attempts, --max-seconds and --timeout must be at least 1");
        }
        ScenarioOptions options = ScenarioOptions.defaults().withBug(Scenarios.checkBug(s, bug)).withFaults(RunCommand.checkFaults(faults));
        Map<String, String> given = new TreeMap<>();
        if (plan != null) {
            given.put(Cluster.PLAN_ATTACHMENT, RunCommand.readPlan(plan));
        }
        Shrinker shrinker = Shrinker.builder()
                .reducer(new PlanReducer())
                .maxAttempts(maxAttempts)
                .maxMillis(maxSeconds * 1000)
                .progress(line -> {
                    if (!json) {
                        System.out.println("  " + line);
                    }
                })
                .build();
        if (!json) {
            System.out.println("shrinking " + s.name() + " seed " + Seeds.format(parsedSeed) + (options.bug() == null ? "" : " (bug " + options.bug() + ")"));
        }
        Shrinker.Result r = shrinker.shrink(parsedSeed, given, ScenarioRunner.trial(s, options, timeoutSeconds * 1000));
        if (!r.failed()) {
            if (json) {
                System.out.println(Json.line(ScenarioRunner.ordered("scenario", s.name(), "seed", Seeds.format(parsedSeed),
                        "bug", options.bug(), "result", "pass")));
            } else {
                System.out.println("seed " + Seeds.format(parsedSeed) + " passes: nothing to shrink");
            }
            return Main.PASS;
        }
        Violation v = r.shrunkOutcome().violation();
        long eventsBefore = r.before().attachmentSizes().getOrDefault(Cluster.PLAN_ATTACHMENT, 0L);
        long eventsAfter = r.after().attachmentSizes().getOrDefault(Cluster.PLAN_ATTACHMENT, 0L);
        Map<String, String> repOptions = new TreeMap<>();
        if (options.bug() != null) {
            repOptions.put("bug", options.bug());
        }
        repOptions.put("faults", options.faults());
        Reproduction rep = new Reproduction(Reproduction.currentDstVersion(), Reproduction.SCENARIO, s.name(), parsedSeed, repOptions,
                v.kind(), v.name(), v.headline(), r.shrunkOutcome().traceHash(), r.shrunk().attachments(), r.shrunk().tape(),
                List.of("shrunk by `dst shrink` in " + r.attempts() + " runs: fault events " + eventsBefore + " -> " + eventsAfter
                        + ", tape draws " + r.before().tapeDraws() + " -> " + r.after().tapeDraws(),
                        "original: " + r.originalOutcome().violation().headline()));
        rep.write(out);
        String replay = "java -jar dst-examples/target/dst.jar replay " + out;
        if (json) {
            System.out.println(Json.line(ScenarioRunner.ordered("scenario", s.name(), "seed", Seeds.format(parsedSeed),
                    "bug", options.bug(), "result", "shrunk",
                    "violation", ScenarioRunner.ordered("kind", v.kind().label(), "name", v.name(), "headline", v.headline()),
                    "before", ScenarioRunner.ordered("faultEvents", eventsBefore, "tapeDraws", r.before().tapeDraws(),
                            "steps", r.originalOutcome().steps()),
                    "after", ScenarioRunner.ordered("faultEvents", eventsAfter, "tapeDraws", r.after().tapeDraws(),
                            "steps", r.shrunkOutcome().steps()),
                    "attempts", r.attempts(), "accepted", r.accepted(), "wallMillis", r.wallMillis(), "stopReason", r.stopReason(),
                    "traceHash", String.format("%016x", r.shrunkOutcome().traceHash()), "out", out.toString(), "replay", replay)));
        } else {
            System.out.println("shrunk in " + r.attempts() + " runs (" + r.accepted() + " kept), " + r.wallMillis() + " ms: " + r.stopReason());
            System.out.printf("  %-12s %d -> %d%n", "fault events", eventsBefore, eventsAfter);
            System.out.printf("  %-12s %d -> %d%n", "tape draws", r.before().tapeDraws(), r.after().tapeDraws());
            System.out.printf("  %-12s %d -> %d%n", "steps", r.originalOutcome().steps(), r.shrunkOutcome().steps());
            System.out.println("  was          " + r.originalOutcome().violation().headline());
            System.out.println("  now          " + v.headline());
            String planText = r.shrunk().attachments().get(Cluster.PLAN_ATTACHMENT);
            if (planText != null) {
                System.out.println("plan:");
                System.out.print(planText.indent(2));
            }
            System.out.println("reproduction " + out);
            System.out.println("replay: " + replay);
        }
        return Main.VIOLATION;
    }
}
