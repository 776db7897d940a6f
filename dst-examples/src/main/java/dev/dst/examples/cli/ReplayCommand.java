package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.examples.RunOutcome;
import dev.dst.examples.Scenario;
import dev.dst.examples.ScenarioOptions;
import dev.dst.examples.ScenarioRunner;
import dev.dst.examples.Scenarios;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import dev.dst.report.LamportHtml;
import dev.dst.report.TraceWindow;
import dev.dst.trace.JsonlTraceSink;
import dev.dst.trace.TraceSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "replay", description = "Rerun a reproduction file (from `dst shrink`) and say whether it fails the same way.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "F.repro", description = "A reproduction file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Option(names = "--trace", paramLabel = "F.jsonl", description = "Write every trace event to this file, one JSON object per line.")
    Path trace;

    @Option(names = "--html", paramLabel = "F.html",
            description = "Write a self-contained HTML page with the run's Lamport diagram (the last 2,000 trace events).")
    Path html;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock budget of the run (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no reproduction file '" + file + "'");
        }
        Reproduction rep = Reproduction.read(file);
        if (!rep.targetKind().equals(Reproduction.SCENARIO)) {
            throw new IllegalArgumentException(file + " reproduces the JUnit test " + rep.target()
                    + "; rerun it from that test's module with @Replay(\"" + file + "\") (see docs/junit.md)");
        }
        Scenario s = Scenarios.named(rep.target());
        ScenarioOptions options = ScenarioOptions.defaults()
                .withBug(Scenarios.checkBug(s, rep.options().get("bug")))
                .withFaults(RunCommand.checkFaults(rep.options().getOrDefault("faults", "swarm")));
        Writer htmlOut = html == null ? null : RunCommand.openForWriting(html, "--html");
        TraceWindow window = html == null ? null : new TraceWindow(LamportHtml.WINDOW_EVENTS);
        JsonlTraceSink sink = trace == null ? null : new JsonlTraceSink(trace);
        Simulation sim = ScenarioRunner.simulation(new Shrinker.Candidate(rep.seed(), rep.tape(), rep.attachments()),
                "java -jar dst-examples/target/dst.jar replay " + file, false, TraceSink.tee(sink, window));
        RunOutcome outcome = ScenarioRunner.run(s, sim, options, timeoutSeconds * 1000);
        if (htmlOut != null) {
            RunCommand.writeHtml(htmlOut, html, outcome, window, "dst replay " + file, s, rep.seed(), options.bug(),
                    "the reproduction's plan (" + file.getFileName() + ")");
        }
        Violation v = outcome.violation();
        boolean sameViolation = rep.failure().matches(v);
        boolean sameHash = outcome.report().traceHash() == rep.traceHash();
        String verdict = sameViolation && sameHash ? "reproduced: the same violation and the same trace hash"
                : sameViolation ? "reproduced the violation, but the trace hash differs (" + outcome.report().traceHashHex()
                        + ", file " + String.format("%016x", rep.traceHash()) + "): the code changed since the file was written?"
                : v == null ? "not reproduced: the run passed (the bug is fixed, or the code draws differently now)"
                : "not reproduced: a different failure (" + v.headline() + "; the file has " + rep.failure() + ")";
        if (json) {
            Map<String, Object> m = ScenarioRunner.toJson(outcome);
            m.put("reproduced", sameViolation);
            m.put("sameTraceHash", sameHash);
            m.put("verdict", verdict);
            m.put("dstVersion", rep.dstVersion());
            System.out.println(Json.line(m));
        } else {
            System.out.println("reproduction " + file + " (written by dst " + rep.dstVersion() + ")");
            System.out.println("scenario    " + s.name() + (options.bug() == null ? "" : " (bug: " + options.bug() + ")")
                    + ", seed " + Seeds.format(rep.seed()));
            System.out.print(outcome.report().toText());
            System.out.println("wall time   " + outcome.wallMillis() + " ms");
            System.out.println(verdict);
        }
        return outcome.passed() ? Main.PASS : Main.VIOLATION;
    }
}
