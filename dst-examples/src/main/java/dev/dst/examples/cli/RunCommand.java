package dev.dst.examples.cli;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Seeds;
import dev.dst.io.TextFile;
import dev.dst.sim.DeterminismCheck;
import dev.dst.sweep.RunOutcome;
import dev.dst.sweep.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one seed of a scenario or a simulation test method; print its report and replay line.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET",
            description = "A scenario (see `dst list`), a Scenario class of yours, or a test method Class#method (with --class-path).")
    String name;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "The seed: decimal (42) or hex (0x2a).")
    String seed;

    @Mixin
    TargetOptions target;

    @Mixin
    ReportOptions report;

    @Option(names = "--plan-out", paramLabel = "F", description = "Save the nemesis plan the run used to this file.")
    Path planOut;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock budget of the run; a run still going then is reported as hung (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--check-determinism",
            description = "Run the seed twice (three times on a mismatch) and compare trace hashes step by step; exit 1 on divergence"
                    + " or when the run fails.")
    boolean checkDeterminism;

    @Override
    public Integer call() throws IOException {
        long parsedSeed = Seeds.parse(seed);
        long budget = Budgets.timeoutMillis(timeoutSeconds);
        Catalog.Resolved r = Catalog.of(target.classPath).resolve(name, target, target.plan == null ? null : readPlan(target.plan));
        if (checkDeterminism) {
            if (report.html != null || report.trace != null || report.log != null || planOut != null) {
                throw new IllegalArgumentException("--check-determinism runs the seed several times and writes no --html, --trace, --log"
                        + " or --plan-out: run without it for those");
            }
            return determinism(r, parsedSeed);
        }
        Outputs files = new Outputs(report);
        RunOutcome outcome = Runner.run(r.target(), parsedSeed, files.sink(), budget);
        if (outcome.badInput() != null) {
            throw new IllegalArgumentException(outcome.badInput());
        }
        files.finish(outcome, "dst run " + name + " --seed " + Seeds.format(parsedSeed), Outputs.headers(r, parsedSeed));
        String usedPlan = outcome.attachments().get(Cluster.PLAN_ATTACHMENT);
        if (planOut != null && usedPlan != null) {
            try {
                Files.writeString(planOut, usedPlan, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write --plan-out file '" + planOut + "': " + TextFile.reason(e));
            }
        }
        if (report.json) {
            System.out.println(Json.line(outcome.toJson()));
        } else {
            System.out.println((r.scenario() == null ? "test        " : "scenario    ") + name
                    + (r.scenarioOptions() == null || r.scenarioOptions().bug() == null ? "" : " (bug: " + r.scenarioOptions().bug() + ")"));
            System.out.print(outcome.report().toText());
            System.out.println("wall time   " + outcome.wallMillis() + " ms");
        }
        return outcome.passed() ? Main.PASS : Main.VIOLATION;
    }

    private int determinism(Catalog.Resolved r, long parsedSeed) {
        DeterminismCheck.Result d = DeterminismCheck.check(parsedSeed, s -> Runner.simulation(r.target(), s, null), r.target()::run);
        RunOutcome once = Runner.run(r.target(), parsedSeed, null, Budgets.timeoutMillis(timeoutSeconds));
        if (report.json) {
            System.out.println(Json.line(dev.dst.sweep.RunOutcome.ordered("scenario", r.target().name(), "seed", Seeds.format(parsedSeed),
                    "deterministic", d.deterministic(), "steps", d.steps(), "traceHash", String.format("%016x", d.traceHash()),
                    "divergedAtStep", d.divergedAtStep(), "result", once.passed() ? "pass" : "fail",
                    "violation", once.passed() ? null : once.violation().headline(), "report", d.describe())));
        } else {
            System.out.print(d.describe());
            System.out.println();
            if (!once.passed()) {
                System.out.println("the run itself fails: " + once.violation().headline());
                System.out.println("  replay: " + once.report().replayLine());
            }
        }
        return d.deterministic() && once.passed() ? Main.PASS : Main.VIOLATION;
    }

    static String readPlan(Path file) {
        String text = TextFile.read(file, "plan file", 64 << 20);
        String first = text.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).findFirst().orElse("").strip();
        if (!first.equals("dst-plan 1")) {
            throw new IllegalArgumentException("'" + file + "' is not a nemesis plan: its first line should be 'dst-plan 1'");
        }
        return text;
    }
}
