package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.io.TextFile;
import dev.dst.report.LamportHtml;
import dev.dst.report.TraceWindow;
import dev.dst.sweep.RunOutcome;
import dev.dst.trace.JsonlTraceSink;
import dev.dst.trace.TraceSink;
import dev.dst.trace.Transcript;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files one run writes ({@code --trace}, {@code --html}, {@code --log}), opened before the
 * run so that a bad path is a usage error, not a lost result.
 */
final class Outputs {
    private final ReportOptions options;
    private final Writer htmlOut;
    private final TraceWindow window;
    private final TraceSink sink;

    Outputs(ReportOptions options) {
        this.options = options;
        this.htmlOut = options.html == null ? null : openForWriting(options.html, "--html");
        this.window = options.html == null ? null : new TraceWindow(LamportHtml.WINDOW_EVENTS);
        JsonlTraceSink trace = null;
        if (options.trace != null) {
            try {
                trace = new JsonlTraceSink(options.trace);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write --trace file '" + options.trace + "': " + TextFile.reason(e));
            }
        }
        TraceSink transcript = options.log == null ? null : new Transcript(openForWriting(options.log, "--log"));
        this.sink = TraceSink.tee(TraceSink.tee(trace, window), transcript);
    }

    TraceSink sink() {
        return sink;
    }

    /** Writes the diagram, when asked for, with {@code headers} in its header table. */
    void finish(RunOutcome outcome, String title, Map<String, String> headers) {
        if (htmlOut == null) {
            return;
        }
        LamportHtml page = LamportHtml.of(outcome.report(), window).title(title);
        headers.forEach(page::header);
        try (Writer out = htmlOut) {
            out.write(page.render());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write --html file '" + options.html + "': " + TextFile.reason(e));
        }
    }

    /** The header lines of a scenario's or test's diagram. */
    static Map<String, String> headers(Catalog.Resolved r, long seed) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(r.scenario() == null ? "test" : "scenario", r.target().name());
        h.put("seed", Seeds.format(seed));
        if (r.scenarioOptions() != null) {
            h.put("bug", r.scenarioOptions().bug());
            h.put("faults", r.scenarioOptions().planFile() != null ? "plan " + r.scenarioOptions().planFile() : r.scenarioOptions().faults());
        }
        r.target().options().forEach((k, v) -> {
            if (k.startsWith("-D")) {
                h.put(k, v);
            }
        });
        return h;
    }

    /** Opens {@code file} now, so that a bad path is a usage error before the run, not after it. */
    static Writer openForWriting(Path file, String option) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory" : TextFile.reason(e);
            throw new IllegalArgumentException("cannot write " + option + " file '" + file + "': " + why);
        }
    }
}
