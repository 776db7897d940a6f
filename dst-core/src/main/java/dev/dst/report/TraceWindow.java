package dev.dst.report;

import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceSink;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TraceSink} that keeps the last {@code capacity} events of a run (a ring buffer) and
 * counts the rest, for reports such as {@link LamportHtml} that draw the end of a run. It does
 * not touch the trace hash. Cost: one uncontended lock and one array store per event; the events themselves are
 * rendered by the trace because a sink is attached.
 */
public final class TraceWindow implements TraceSink {
    private final TraceEvent[] ring;
    private long count;

    /** Keeps the last {@code capacity} events (at least one). */
    public TraceWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a trace window holds at least one event, got " + capacity);
        }
        this.ring = new TraceEvent[capacity];
    }

    // synchronized: a run reported as hung may still be recording on its worker thread while the page is built
    @Override
    public synchronized void accept(TraceEvent event) {
        ring[(int) (count++ % ring.length)] = event;
    }

    /** The events kept, oldest first. */
    public synchronized List<TraceEvent> events() {
        int kept = (int) Math.min(count, ring.length);
        List<TraceEvent> out = new ArrayList<>(kept);
        for (long i = count - kept; i < count; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    /** Every event the sink received. */
    public synchronized long total() {
        return count;
    }

    /** The events received but no longer kept (the earliest ones). */
    public synchronized long omitted() {
        return Math.max(0, count - ring.length);
    }

    public int capacity() {
        return ring.length;
    }
}
