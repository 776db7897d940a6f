package dev.dst.trace;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run's log as a transcript: one line per {@link dev.dst.node.NodeContext#log} call, and
 * one per crash, restart, pause, resume, clock or disk fault and network fault, in the order
 * they happened:
 *
 * <pre>
 * 0.000000s  s0  started with count 0
 * 0.412000s  s0  ! crash  crashed; storage lost unsynced writes
 * </pre>
 *
 * <p>Every field comes from the simulation (true simulated time, the node's name, the line the
 * node formatted), so two runs of one seed write byte-identical transcripts and a {@code diff}
 * of two seeds' transcripts shows where they went apart. Dropped messages and ordinary events
 * (sends, deliveries, timers) are left out; the JSONL trace has those. Attach it with
 * {@code Simulation.Builder.traceSink}; it renders only log and fault events, so it costs
 * little more than the trace sink hook itself. To keep the full trace as well, combine it
 * with another sink through {@link TraceSink#tee}.
 */
public final class Transcript implements TraceSink {
    private final Appendable out;

    /** A transcript into {@code out}, which is closed with the run if it is {@link Closeable}. */
    public Transcript(Appendable out) {
        this.out = out;
    }

    /** A transcript into a new UTF-8 file. */
    public static Transcript to(Path file) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new Transcript(w);
    }

    @Override
    public void accept(TraceEvent event) {
        TraceKind k = event.kind();
        if (k == TraceKind.LOG || k.isFault() && k != TraceKind.DROP) {
            try {
                out.append(line(event)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code time  node  message}, or {@code time  node  ! kind  description} for a fault. */
    static String line(TraceEvent e) {
        StringBuilder sb = new StringBuilder(80).append(Durations.format(e.timeNanos())).append("  ")
                .append(e.node() == null ? "-" : e.node()).append("  ");
        if (e.kind() != TraceKind.LOG) {
            sb.append("! ").append(e.kind().label()).append("  ");
        }
        return sb.append(e.detail() == null ? "" : e.detail()).toString();
    }

    @Override
    public void close() {
        try {
            if (out instanceof Closeable c) {
                c.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
