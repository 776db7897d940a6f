package dev.dst.sim;

import dev.dst.trace.TraceEvent;

import java.util.List;

/**
 * A failed run, thrown out of {@link Simulation#step()} and the {@code run*} methods. An
 * {@link AssertionError}, so test frameworks report it as a failure. The message starts with
 * the seed and the replay line, then the violation, then the last events before it.
 */
public final class SimulationFailure extends AssertionError {
    private final long seed;
    private final Violation violation;
    private final String replayLine;
    private final List<TraceEvent> lastEvents;

    SimulationFailure(long seed, Violation violation, String replayLine, List<TraceEvent> lastEvents, Throwable cause) {
        super(message(seed, violation, replayLine, lastEvents), cause);
        this.seed = seed;
        this.violation = violation;
        this.replayLine = replayLine;
        this.lastEvents = List.copyOf(lastEvents);
    }

    /**
     * The same failure showing {@code events} instead (the events around an anomaly found at
     * the end, from a second run), with {@code note} saying where they come from.
     */
    public SimulationFailure withLastEvents(List<TraceEvent> events, String note) {
        Violation v = violation;
        String detail = (v.detail() == null ? "" : v.detail() + "\n") + note;
        SimulationFailure f = new SimulationFailure(seed, new Violation(v.kind(), v.name(), detail, v.step(), v.simTimeNanos(), v.node()),
                replayLine, events, getCause());
        f.setStackTrace(getStackTrace());
        return f;
    }

    public long seed() {
        return seed;
    }

    public Violation violation() {
        return violation;
    }

    public String replayLine() {
        return replayLine;
    }

    public List<TraceEvent> lastEvents() {
        return lastEvents;
    }

    private static String message(long seed, Violation v, String replay, List<TraceEvent> events) {
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(dev.dst.entropy.Seeds.format(seed)).append(": ").append(v.headline()).append('\n');
        sb.append("  replay: ").append(replay).append('\n');
        if (v.detail() != null && !v.detail().isEmpty()) {
            sb.append("  ").append(v.detail().replace("\n", "\n  ")).append('\n');
        }
        if (!events.isEmpty()) {
            sb.append("  last ").append(events.size()).append(" events:\n");
            for (TraceEvent e : events) {
                sb.append("    ").append(e).append('\n');
            }
        }
        return sb.toString();
    }
}
