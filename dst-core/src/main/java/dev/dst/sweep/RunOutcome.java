package dev.dst.sweep;

import dev.dst.entropy.ChoiceTape;
import dev.dst.entropy.Seeds;
import dev.dst.sim.RunReport;
import dev.dst.sim.Violation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one run of a target ended: its report (with the violation, if any), the real time it
 * took, the tape it drew (when recorded) and its attachments (the plan it used). {@code thrown}
 * is what ended it when something was thrown (a {@link dev.dst.sim.SimulationFailure}, a test's
 * assertion), kept for JUnit to rethrow; {@code badInput} is set when the run could not run as
 * asked (a malformed plan): the input's fault, not the system's. {@code focusNanos} is the time
 * an end check pointed at ({@link dev.dst.sim.Simulation#focus}), or -1.
 */
public record RunOutcome(String target, Map<String, String> options, RunReport report, long wallMillis, ChoiceTape tape,
                         Map<String, String> attachments, Throwable thrown, String badInput, long focusNanos) {
    public RunOutcome {
        options = Map.copyOf(options);
        attachments = attachments == null ? Map.of() : Map.copyOf(attachments);
    }

    public boolean passed() {
        return report.passed() && badInput == null;
    }

    public Violation violation() {
        return report.violation();
    }

    public long seed() {
        return report.seed();
    }

    /** This outcome with another violation (a hang found by a watchdog, a rerun that differed). */
    public RunOutcome withViolation(Violation v, Throwable cause) {
        return new RunOutcome(target, options, report.withViolation(v), wallMillis, tape, attachments, cause, badInput, focusNanos);
    }

    /** This outcome showing {@code events} before its violation (the events around its focus), {@code note} saying so. */
    public RunOutcome withLastEvents(java.util.List<dev.dst.trace.TraceEvent> events, String note) {
        Throwable t = thrown instanceof dev.dst.sim.SimulationFailure f ? f.withLastEvents(events, note) : thrown;
        Violation v = report.violation();
        RunReport r = report.withLastEvents(events);
        if (v != null) {
            r = r.withViolation(new Violation(v.kind(), v.name(), (v.detail() == null ? "" : v.detail() + "\n") + note, v.step(),
                    v.simTimeNanos(), v.node()));
        }
        return new RunOutcome(target, options, r, wallMillis, tape, attachments, t, badInput, focusNanos);
    }

    /**
     * The fields of a result line, in DESIGN.md's order: {@code scenario, seed, bug, result,
     * violation, step, simTimeNanos, events, wallMillis, traceHash, replay, faults}, then the
     * rest of the report.
     */
    public Map<String, Object> toJson() {
        RunReport r = report;
        Violation v = r.violation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", target);
        m.put("seed", Seeds.format(r.seed()));
        m.put("bug", options.containsKey("bug") ? options.get("bug") : options.get("-Dbug")); // a test's -Dbug is its bug
        m.put("result", badInput != null ? "bad-input" : r.passed() ? "pass" : "fail");
        m.put("violation", v == null ? null : ordered("kind", v.kind().label(), "name", v.name(),
                "headline", v.headline(), "detail", v.detail() == null ? "" : v.detail()));
        m.put("step", v == null ? r.steps() : v.step());
        m.put("simTimeNanos", v == null ? r.simTimeNanos() : v.simTimeNanos());
        m.put("events", r.traceEvents());
        m.put("steps", r.steps());
        m.put("wallMillis", wallMillis);
        m.put("traceHash", r.traceHashHex());
        m.put("replay", r.replayLine());
        m.put("faults", r.faults());
        m.put("faultNanos", r.faultNanos());
        m.put("probes", r.probes());
        m.put("stats", r.stats());
        m.put("counters", r.counters());
        m.put("invariants", r.invariants().stream().map(i -> ordered("name", i.name(), "type", i.type(),
                "status", i.status(), "checks", i.checks())).toList());
        m.put("nodes", List.copyOf(r.nodes()));
        m.put("options", new java.util.TreeMap<>(options));
        if (badInput != null) {
            m.put("badInput", badInput);
        }
        return m;
    }

    /** A map that keeps the order its keys are given in ({@code Map.of} order changes from one JVM run to the next). */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
