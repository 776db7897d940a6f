package dev.dst.sim;

import dev.dst.entropy.Seeds;
import dev.dst.trace.Durations;
import dev.dst.trace.TraceEvent;

import java.util.List;
import java.util.Map;

/**
 * What a run did: nodes, simulated duration, steps, counters, faults applied (and, for those
 * with a duration, the total time in force), "sometimes"
 * probes and their hits, the scenario's own figures ({@link Simulation#stat}), the invariant table, the violation if any, the last events and the
 * replay line. {@link #toText()} is the
 * report people read.
 */
public record RunReport(long seed, List<String> nodes, long steps, long simTimeNanos, long traceEvents, long traceHash,
                        Map<String, Long> counters, Map<String, Long> faults, Map<String, Long> faultNanos,
                        Map<String, Long> probes, Map<String, Object> stats,
                        List<InvariantStatus> invariants,
                        Violation violation, List<TraceEvent> lastEvents, String replayLine) {

    public record InvariantStatus(String name, String type, String status, long checks) {}

    public boolean passed() {
        return violation == null;
    }

    /** The same report with {@code events} as the events shown before the violation. */
    public RunReport withLastEvents(List<TraceEvent> events) {
        return new RunReport(seed, nodes, steps, simTimeNanos, traceEvents, traceHash, counters, faults, faultNanos, probes, stats,
                invariants, violation, List.copyOf(events), replayLine);
    }

    /** The same report with {@code v} as its violation (a hang found by a watchdog, a rerun that differed). */
    public RunReport withViolation(Violation v) {
        return new RunReport(seed, nodes, steps, simTimeNanos, traceEvents, traceHash, counters, faults, faultNanos, probes, stats,
                invariants, v, lastEvents, replayLine);
    }

    /** Whether the events shown end before the violation's time: an end check pointed at an anomaly earlier in the run. */
    private boolean focused() {
        return violation != null && !lastEvents.isEmpty() && lastEvents.get(lastEvents.size() - 1).timeNanos() < violation.simTimeNanos();
    }

    /** Trace hash as 16 hex digits. */
    public String traceHashHex() {
        return String.format("%016x", traceHash);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("seed        ").append(Seeds.format(seed)).append('\n');
        sb.append("nodes       ").append(nodes.size()).append(": ").append(String.join(", ", nodes)).append('\n');
        sb.append("simulated   ").append(Durations.format(simTimeNanos)).append(" in ").append(steps).append(" steps, ")
                .append(traceEvents).append(" trace events\n");
        sb.append("trace hash  ").append(traceHashHex()).append('\n');
        StringBuilder c = new StringBuilder();
        counters.forEach((k, v) -> c.append(c.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        sb.append("counters    ").append(c).append('\n');
        StringBuilder f = new StringBuilder();
        faults.forEach((k, v) -> {
            f.append(f.length() == 0 ? "" : ", ").append(k).append(" x").append(v);
            Long nanos = faultNanos.get(k);
            if (nanos != null) {
                f.append(" (").append(Durations.format(nanos)).append(")");
            }
        });
        sb.append("faults      ").append(f.length() == 0 ? "none" : f).append('\n');
        if (!probes.isEmpty()) {
            StringBuilder p = new StringBuilder();
            probes.forEach((k, v) -> p.append(p.length() == 0 ? "" : ", ").append(k).append(v == 0 ? " (never)" : " x" + v));
            sb.append("sometimes   ").append(p).append('\n');
        }
        stats.forEach((k, v) -> sb.append(String.format("%-11s %s%n", k, v)));
        sb.append("result      ").append(violation == null ? "PASS" : "FAIL: " + violation.headline()).append('\n');
        if (!invariants.isEmpty()) {
            int w = 4;
            for (InvariantStatus s : invariants) {
                w = Math.max(w, s.name().length());
            }
            sb.append(String.format("%n  %-" + w + "s  %-9s  %-11s  %s%n", "check", "type", "status", "checks"));
            for (InvariantStatus s : invariants) {
                sb.append(String.format("  %-" + w + "s  %-9s  %-11s  %d%n", s.name(), s.type(), s.status(), s.checks()));
            }
        }
        if (violation != null) {
            if (violation.detail() != null) {
                sb.append('\n').append(violation.detail()).append('\n');
            }
            sb.append("\n").append(lastEvents.size()).append(" events before ").append(focused()
                    ? "and just after the anomaly the check found:\n"
                    : "the violation:\n");
            for (TraceEvent e : lastEvents) {
                sb.append("  ").append(e).append('\n');
            }
        }
        sb.append("\nreplay      ").append(replayLine).append('\n');
        return sb.toString();
    }
}
