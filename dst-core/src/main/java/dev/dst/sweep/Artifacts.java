package dev.dst.sweep;

import dev.dst.entropy.Seeds;
import dev.dst.io.TextFile;
import dev.dst.report.LamportHtml;
import dev.dst.report.TraceWindow;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.BadInputException;
import dev.dst.sim.Violation;
import dev.dst.trace.JsonlTraceSink;
import dev.dst.trace.TraceSink;
import dev.dst.trace.Transcript;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a failure leaves behind without a line of code: the reproduction file of the shrunk run,
 * and, replayed from it, its Lamport diagram (HTML), its trace (JSONL) and its transcript (the
 * nodes' log lines and the faults). The diagram's replay line replays the shrunk run.
 */
public final class Artifacts {
    /** The files written, the reproduction, and the outcome of the replay they were drawn from. */
    public record Written(Path repro, Path html, Path trace, Path transcript, Reproduction reproduction, RunOutcome replayed) {
        /** The files, one per line, as failure messages list them. */
        public String describe() {
            return "  reproduction: " + repro + "\n  diagram:      " + html + "\n  trace:        " + trace
                    + "\n  transcript:   " + transcript + "\n";
        }
    }

    private Artifacts() {}

    /** A reproduction of the shrink result {@code r} of {@code target}, with {@code comments} (how it was made). */
    public static Reproduction reproduction(Target target, Shrinker.Result r, List<String> comments) {
        if (!r.failed()) {
            throw new IllegalArgumentException("the run passed: there is nothing to reproduce");
        }
        Violation v = r.shrunkOutcome().violation();
        return new Reproduction(Reproduction.currentDstVersion(), target.kind(), target.name(), r.shrunk().seed(), target.options(),
                v.kind(), v.name(), v.headline(), r.shrunkOutcome().traceHash(), r.shrunkOutcome().attachments(),
                r.shrunkOutcome().tape() != null ? r.shrunkOutcome().tape() : r.shrunk().tape(), comments);
    }

    /** {@code PbTest.failover-0x2a}: a file name for a target's seed. */
    public static String baseName(Target target, long seed) {
        String name = target.name();
        int hash = name.lastIndexOf('#');
        if (hash > 0) {
            String cls = name.substring(0, hash);
            name = cls.substring(cls.lastIndexOf('.') + 1) + "." + name.substring(hash + 1);
        }
        return (name + "-" + Seeds.format(seed)).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Writes {@code rep} to {@code dir/base.repro}, replays it (fresh draws past its tape, as
     * {@code dst replay} and {@code @Replay} do) with {@code replayCommand} as the run's replay
     * line, and writes {@code base.html}, {@code base.trace.jsonl} and {@code base.log} of that
     * replay.
     */
    public static Written write(Target target, Reproduction rep, Path dir, String base, String replayCommand, long wallBudgetMillis) {
        Path repro = dir.resolve(base + ".repro");
        Path html = dir.resolve(base + ".html");
        Path trace = dir.resolve(base + ".trace.jsonl");
        Path log = dir.resolve(base + ".log");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create directory '" + dir + "': " + TextFile.reason(e), e);
        }
        rep.write(repro);
        TraceWindow window = new TraceWindow(LamportHtml.WINDOW_EVENTS);
        RunOutcome o;
        try (Writer logOut = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            TraceSink sinks = TraceSink.tee(TraceSink.tee(new JsonlTraceSink(trace), window), new Transcript(logOut));
            o = Runner.guarded(target, Runner.simulation(target, rep.candidate(), Runner.Mode.REPLAY, 0, sinks, replayCommand),
                    wallBudgetMillis);
        } catch (IOException e) {
            throw new BadInputException("cannot write the failure's files in '" + dir + "': " + TextFile.reason(e), e);
        }
        LamportHtml page = LamportHtml.of(o.report(), window);
        if (!o.passed() && o.focusNanos() >= 0 && o.violation() != null && o.focusNanos() < o.violation().simTimeNanos()) {
            page = focused(target, rep, replayCommand, wallBudgetMillis, o, page);
        }
        try {
            page.title(target.name() + " seed " + Seeds.format(rep.seed()) + " (shrunk)")
                    .header(Reproduction.TEST.equals(target.kind()) ? "test" : "scenario", target.name())
                    .header("options", options(target.options()))
                    .header("reproduction", repro.getFileName().toString())
                    .write(html);
        } catch (IOException e) {
            throw new BadInputException("cannot write '" + html + "': " + TextFile.reason(e), e);
        }
        return new Written(repro, html, trace, log, rep, o);
    }

    /**
     * The diagram of a failure an end check found earlier than the run's end (a history that
     * stopped being linearizable): the events up to that moment, from one more replay, instead
     * of the run's last ones.
     */
    private static LamportHtml focused(Target target, Reproduction rep, String replayCommand, long wallBudgetMillis, RunOutcome o,
                                       LamportHtml otherwise) {
        dev.dst.trace.FocusWindow window = new dev.dst.trace.FocusWindow(o.focusNanos(), LamportHtml.WINDOW_EVENTS - 100, 100);
        RunOutcome again = Runner.guarded(target, Runner.simulation(target, rep.candidate(), Runner.Mode.REPLAY, 0, window,
                replayCommand), wallBudgetMillis);
        if (again.report().traceHash() != o.report().traceHash()) {
            return otherwise;
        }
        List<dev.dst.trace.TraceEvent> events = window.events();
        long before = events.isEmpty() ? 0 : events.get(0).step();
        return LamportHtml.of(o.report(), events, Math.max(0, o.report().traceEvents() - events.size())).header("shown", "the events up to t=" + dev.dst.trace.Durations.format(o.focusNanos())
                        + ", where the check found the anomaly (from step " + before + ")");
    }

    private static String options(Map<String, String> options) {
        if (options.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        options.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.toString();
    }
}
