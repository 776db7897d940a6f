package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.examples.RunOutcome;
import dev.dst.examples.Scenario;
import dev.dst.examples.ScenarioOptions;
import dev.dst.examples.ScenarioRunner;
import dev.dst.examples.Scenarios;
import dev.dst.sim.DeterminismCheck;
import dev.dst.sim.Simulation;
import dev.dst.report.LamportHtml;
import dev.dst.report.TraceWindow;
import dev.dst.trace.JsonlTraceSink;
import dev.dst.trace.TraceSink;
import dev.dst.trace.Transcript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.dst.nemesis.Nemesis;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Run one seed of a scenario and print its report and replay line.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario name (see `dst list`).")
    String scenario;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "The seed: decimal (42) or hex (0x2a).")
    String seed;

    @Option(names = "--bug", paramLabel = "B", description = "Switch on a planted bug (see `dst list`).")
    String bug;

    @Option(names = "--faults", paramLabel = "none|swarm|PACKAGE", defaultValue = "swarm",
            description = "The nemesis: none, swarm (default) or a package: partition, kill, pause, clock, disk, link, combined.")
    String faults;

    @Option(names = "--plan", paramLabel = "F", description = "Run this saved (or edited) nemesis plan instead of generating one.")
    Path plan;

    @Option(names = "--plan-out", paramLabel = "F", description = "Save the nemesis plan the run used to this file.")
    Path planOut;

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Option(names = "--trace", paramLabel = "F.jsonl", description = "Write every trace event to this file, one JSON object per line.")
    Path trace;

    @Option(names = "--html", paramLabel = "F.html",
            description = "Write a self-contained HTML page with the run's Lamport diagram (the last 2,000 trace events).")
    Path html;

    @Option(names = "--log", paramLabel = "F.log",
            description = "Write the nodes' log lines (NodeContext.log) and the faults as a transcript, `time  node  message` per line: byte-identical for one seed, diffable between seeds.")
    Path log;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock budget of the run; a run still going then is reported as hung (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--check-determinism",
            description = "Run the seed twice (three times on a mismatch) and compare trace hashes step by step; exit 1 on divergence.")
    boolean checkDeterminism;

    @Override
    public Integer call() throws IOException {
        Scenario s = Scenarios.named(scenario);
        long parsedSeed = Seeds.parse(seed);
        String[] usedPlan = new String[1];
        ScenarioOptions options = new ScenarioOptions(Scenarios.checkBug(s, bug), checkFaults(faults),
                plan == null ? null : readPlan(plan), plan == null ? null : plan.toString(), text -> usedPlan[0] = text);
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (checkDeterminism) {
            DeterminismCheck.Result r = DeterminismCheck.check(parsedSeed,
                    sd -> Simulation.builder(sd).replayLine(ScenarioRunner.replayLine(s, sd, options)).build(),
                    sim -> s.run(sim, options));
            if (json) {
                System.out.println(Json.line(ScenarioRunner.ordered("scenario", s.name(), "seed", Seeds.format(parsedSeed),
                        "deterministic", r.deterministic(), "steps", r.steps(), "traceHash", String.format("%016x", r.traceHash()),
                        "divergedAtStep", r.divergedAtStep(), "report", r.describe())));
            } else {
                System.out.print(r.describe());
                System.out.println();
            }
            return r.deterministic() ? Main.PASS : Main.VIOLATION;
        }
        Writer htmlOut = html == null ? null : openForWriting(html, "--html");
        TraceWindow window = html == null ? null : new TraceWindow(LamportHtml.WINDOW_EVENTS);
        JsonlTraceSink sink = trace == null ? null : new JsonlTraceSink(trace);
        TraceSink transcript = log == null ? null : new Transcript(openForWriting(log, "--log"));
        RunOutcome outcome = ScenarioRunner.run(s, parsedSeed, options, TraceSink.tee(TraceSink.tee(sink, window), transcript),
                timeoutSeconds * 1000);
        if (htmlOut != null) {
            writeHtml(htmlOut, html, outcome, window, "dst run " + s.name() + " --seed " + Seeds.format(parsedSeed), s, parsedSeed,
                    options.bug(), options.planFile() != null ? "plan " + options.planFile() : options.faults());
        }
        if (planOut != null && usedPlan[0] != null) {
            Files.writeString(planOut, usedPlan[0], StandardCharsets.UTF_8);
        }
        if (json) {
            System.out.println(Json.line(ScenarioRunner.toJson(outcome)));
        } else {
            System.out.println("scenario    " + s.name() + (options.bug() == null ? "" : " (bug: " + options.bug() + ")"));
            System.out.print(outcome.report().toText());
            System.out.println("wall time   " + outcome.wallMillis() + " ms");
        }
        return outcome.passed() ? Main.PASS : Main.VIOLATION;
    }

    /** Writes the Lamport diagram of a finished run to a writer opened by {@link #openForWriting}. */
    static void writeHtml(Writer out, Path file, RunOutcome outcome, TraceWindow window, String title, Scenario s, long seed,
                          String bug, String faults) {
        String page = LamportHtml.of(outcome.report(), window)
                .title(title)
                .header("scenario", s.name())
                .header("seed", Seeds.format(seed))
                .header("bug", bug)
                .header("faults", faults)
                .render();
        try (out) {
            out.write(page);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write --html file '" + file + "': " + e.getMessage());
        }
    }

    /** Opens {@code file} now, so that a bad path is a usage error before the run, not after it. */
    static Writer openForWriting(Path file, String option) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
            throw new IllegalArgumentException("cannot write " + option + " file '" + file + "': " + why);
        }
    }

    /** The fault package, checked now so that a bad name is a usage error, not a failed run. */
    static String checkFaults(String value) {
        Nemesis.named(value);
        return value.toLowerCase(Locale.ROOT);
    }

    static String readPlan(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no plan file '" + file + "'");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.startsWith("dst-plan 1")) {
            throw new IllegalArgumentException("'" + file + "' is not a nemesis plan: line 1 should be 'dst-plan 1'");
        }
        return text;
    }
}
