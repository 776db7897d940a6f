package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.io.TextFile;
import dev.dst.shrink.Reproduction;
import dev.dst.sweep.Replays;
import dev.dst.sweep.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true, description = "Rerun a reproduction file (from `dst shrink`, a sweep or a failing @SimulationTest) and say"
        + " whether it fails the same way.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "F.repro", description = "A reproduction file.")
    Path file;

    @Option(names = {"--class-path", "--cp"}, paramLabel = "CP",
            description = "Where the reproduction's scenario or test class is (see `dst run --help`).")
    String classPath;

    @Mixin
    ReportOptions report;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock budget of the run (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no reproduction file '" + file + "'");
        }
        Reproduction rep;
        String text = TextFile.read(file, "reproduction file", 256 << 20);
        try {
            rep = Reproduction.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("reproduction file") || e.getMessage().startsWith("no ")
                    ? e.getMessage() : file + ": " + e.getMessage(), e);
        }
        long budget = Budgets.timeoutMillis(timeoutSeconds);
        Catalog.Resolved r = resolve(rep);
        Outputs files = new Outputs(report);
        String replayLine = Shell.dst() + " replay " + Shell.quote(file.toString()) + r.classPath();
        RunOutcome outcome = Replays.replay(r.target(), rep, files.sink(), replayLine, budget);
        if (outcome.badInput() != null) {
            throw new IllegalArgumentException(Replays.badInput(file.toString(), text, outcome));
        }
        Map<String, String> headers = Outputs.headers(r, rep.seed());
        headers.put("reproduction", file.getFileName().toString());
        files.finish(outcome, "dst replay " + file, headers);
        String verdict = Replays.verdict(rep, outcome);
        if (report.json) {
            Map<String, Object> m = outcome.toJson();
            m.put("reproduced", Replays.sameFailure(rep, outcome));
            m.put("sameTraceHash", outcome.report().traceHash() == rep.traceHash());
            m.put("verdict", verdict);
            m.put("dstVersion", rep.dstVersion());
            System.out.println(Json.line(m));
        } else {
            System.out.println("reproduction " + file + " (written by dst " + rep.dstVersion() + ")");
            System.out.println((r.scenario() == null ? "test        " : "scenario    ") + rep.target()
                    + (rep.options().containsKey("bug") ? " (bug: " + rep.options().get("bug") + ")" : "") + ", seed " + Seeds.format(rep.seed()));
            System.out.print(outcome.report().toText());
            System.out.println("wall time   " + outcome.wallMillis() + " ms");
            System.out.println(verdict);
        }
        return outcome.passed() ? Main.PASS : Main.VIOLATION;
    }

    /** The reproduction's target with the options it recorded. */
    private Catalog.Resolved resolve(Reproduction rep) {
        TargetOptions o = new TargetOptions();
        o.classPath = classPath;
        rep.options().forEach((k, v) -> {
            if (k.startsWith("-D")) {
                o.properties.put(k.substring(2), v);
            }
        });
        if (rep.targetKind().equals(Reproduction.SCENARIO)) {
            o.bug = rep.options().get("bug");
            o.faults = rep.options().get("faults");
            o.strategy = rep.options().get("strategy");
        }
        try {
            return Catalog.of(classPath).resolve(rep.target(), o, null);
        } catch (IllegalArgumentException e) {
            if (rep.targetKind().equals(Reproduction.TEST) && classPath == null) {
                throw new IllegalArgumentException(file + " reproduces the JUnit test " + rep.target() + ": give its class path"
                        + " (--class-path), or rerun it from that test's module with @Replay(\"" + file + "\") or -Ddst.repro=" + file
                        + " (see docs/junit.md)");
            }
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
