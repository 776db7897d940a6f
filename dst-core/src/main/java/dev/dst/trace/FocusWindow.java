package dev.dst.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the events around one moment of a run: the last {@code before} events at or before
 * {@code focusNanos} and the first {@code after} events past it (not the violation the run ends
 * with). What a report shows for an anomaly an end check found earlier than the run's end.
 */
public final class FocusWindow implements TraceSink {
    private final long focusNanos;
    private final int before;
    private final int after;
    private final ArrayDeque<TraceEvent> upTo = new ArrayDeque<>();
    private final List<TraceEvent> past = new ArrayList<>();

    public FocusWindow(long focusNanos, int before, int after) {
        this.focusNanos = focusNanos;
        this.before = before;
        this.after = after;
    }

    @Override
    public void accept(TraceEvent event) {
        if (event.timeNanos() <= focusNanos) {
            if (upTo.size() == before) {
                upTo.removeFirst();
            }
            upTo.addLast(event);
        } else if (past.size() < after && event.kind() != TraceKind.VIOLATION) {
            past.add(event);
        }
    }

    /** The events kept, oldest first. */
    public List<TraceEvent> events() {
        List<TraceEvent> all = new ArrayList<>(upTo);
        all.addAll(past);
        return all;
    }
}
