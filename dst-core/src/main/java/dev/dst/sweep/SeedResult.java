package dev.dst.sweep;

import dev.dst.entropy.Seeds;
import dev.dst.sim.Violation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sweep keeps of one seed's run, from a run or from a line of a result file: enough
 * for the summary (faults, probes, events), the list of failures (violation, replay line) and
 * comparisons between sweeps (trace hash). {@code index} is the seed's place in the sweep's
 * seed list, {@code -1} for a seed run before the list (one that failed before).
 */
public record SeedResult(long index, long seed, String result, String violationKind, String violationName, String headline,
                         String detail, String replay, long events, long steps, String traceHash, long wallMillis, Map<String, Long> faults,
                         Map<String, Long> probes, Map<String, Object> stats) {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String BAD_INPUT = "bad-input";

    public SeedResult {
        faults = Collections.unmodifiableMap(new TreeMap<>(faults));
        probes = Collections.unmodifiableMap(new LinkedHashMap<>(probes));
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }

    public boolean passed() {
        return PASS.equals(result);
    }

    public static SeedResult of(long index, RunOutcome o) {
        Violation v = o.violation();
        String result = o.badInput() != null ? BAD_INPUT : o.passed() ? PASS : FAIL;
        return new SeedResult(index, o.seed(), result, v == null ? null : v.kind().label(), v == null ? null : v.name(),
                o.badInput() != null ? o.badInput() : v == null ? null : v.headline(), v == null ? null : v.detail(), o.report().replayLine(), o.report().traceEvents(),
                o.report().steps(), o.report().traceHashHex(), o.wallMillis(), o.report().faults(), o.report().probes(), o.report().stats());
    }

    /** A result line of a sweep file (see {@link RunOutcome#toJson()}); a missing or mistyped field is an {@link IllegalArgumentException} naming it. */
    @SuppressWarnings("unchecked")
    static SeedResult fromJson(Map<String, Object> j) {
        long seed;
        try {
            seed = Seeds.parse(string(j, "seed", true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'seed': " + e.getMessage());
        }
        String result = string(j, "result", true);
        if (!List.of(PASS, FAIL, BAD_INPUT).contains(result)) {
            throw new IllegalArgumentException("field 'result' is '" + result + "'; expected pass, fail or bad-input");
        }
        Object v = j.get("violation");
        String kind = null;
        String name = null;
        String headline = null;
        String detail = null;
        if (v instanceof Map<?, ?> vm) {
            kind = string((Map<String, Object>) vm, "kind", true);
            name = string((Map<String, Object>) vm, "name", true);
            headline = string((Map<String, Object>) vm, "headline", true);
            detail = string((Map<String, Object>) vm, "detail", false);
        } else if (v != null) {
            throw new IllegalArgumentException("field 'violation' is not an object or null");
        } else if (FAIL.equals(result)) {
            throw new IllegalArgumentException("a failing result without a 'violation'");
        }
        if (BAD_INPUT.equals(result)) {
            headline = string(j, "badInput", false);
        }
        Object index = j.get("index");
        return new SeedResult(index instanceof Long l ? l : -1, seed, result, kind, name, headline, detail, string(j, "replay", false),
                number(j, "events"), number(j, "steps"), string(j, "traceHash", true), number(j, "wallMillis"), counts(j, "faults"),
                counts(j, "probes"), j.get("stats") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of());
    }

    private static String string(Map<String, Object> j, String field, boolean required) {
        Object v = j.get(field);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(v == null ? "no field '" + field + "'" : "field '" + field + "' is not a string");
        }
        return s;
    }

    private static long number(Map<String, Object> j, String field) {
        Object v = j.get(field);
        if (!(v instanceof Long l)) {
            throw new IllegalArgumentException(v == null ? "no field '" + field + "'" : "field '" + field + "' is not a whole number");
        }
        return l;
    }

    private static Map<String, Long> counts(Map<String, Object> j, String field) {
        Object v = j.get(field);
        Map<String, Long> m = new LinkedHashMap<>();
        if (v == null) {
            return m;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("field '" + field + "' is not an object");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Long n)) {
                throw new IllegalArgumentException("field '" + field + "." + e.getKey() + "' is not a whole number");
            }
            m.put((String) e.getKey(), n);
        }
        return m;
    }

    /** Whether two results of one seed say the same thing (the same outcome and trace). */
    public boolean sameAs(SeedResult o) {
        return seed == o.seed && result.equals(o.result) && traceHash.equals(o.traceHash)
                && java.util.Objects.equals(violationName, o.violationName);
    }
}
