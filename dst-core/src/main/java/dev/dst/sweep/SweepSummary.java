package dev.dst.sweep;

import dev.dst.entropy.Seeds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals of a sweep, or of merged result files: seeds, failures (kept in seed-list order),
 * events, faults applied and "sometimes" probes hit over all seeds, and the probes that no seed
 * hit. Rates count only the seeds run in this session, never the ones read back from a file.
 */
public final class SweepSummary {
    /** Failures kept in full; more are counted. */
    static final int FAILURES_KEPT = 10_000;

    private final String target;
    private final Map<String, String> options;
    private long seeds;
    private long resumed;
    private long events;
    private long eventsRun;
    private long hung;
    private long nondeterministic;
    private long failureCount;
    /** The lowest failures in seed-list order, whatever order they arrive in: the kept ones never depend on timing. */
    private final java.util.TreeSet<SeedResult> failures = new java.util.TreeSet<>(SEED_ORDER);
    private final Map<String, Long> faults = new TreeMap<>();
    private final Map<String, Long> probes = new LinkedHashMap<>();
    private long wallNanos;
    private String how = "";

    /** Seed-list order: by index (seeds run before the list, index -1, first), then by seed. */
    static final Comparator<SeedResult> SEED_ORDER =
            Comparator.comparingLong(SeedResult::index).thenComparing(SeedResult::seed, Long::compareUnsigned);

    public SweepSummary(String target, Map<String, String> options) {
        this.target = target;
        this.options = java.util.Collections.unmodifiableMap(new TreeMap<>(options)); // a stable order for titles
    }

    /** Counts one seed's result; {@code fromFile}: read back from a result file rather than run now. */
    public synchronized void add(SeedResult r, boolean fromFile) {
        seeds++;
        events += r.events();
        if (fromFile) {
            resumed++;
        } else {
            eventsRun += r.events();
        }
        r.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
        r.probes().forEach((k, v) -> probes.merge(k, v, Long::sum));
        if (!r.passed()) {
            failureCount++;
            if ("hung".equals(r.violationKind())) {
                hung++;
            }
            if ("nondeterminism".equals(r.violationKind())) {
                nondeterministic++;
            }
            failures.add(r);
            if (failures.size() > FAILURES_KEPT) {
                failures.pollLast();
            }
        }
    }

    void finish(long wallNanos, String how) {
        this.wallNanos = wallNanos;
        this.how = how;
    }

    public String target() {
        return target;
    }

    public Map<String, String> options() {
        return options;
    }

    /** Seeds counted, run now or read back. */
    public long seeds() {
        return seeds;
    }

    /** Of those, the seeds read back from a result file (a resumed sweep). */
    public long resumed() {
        return resumed;
    }

    public long seedsRunNow() {
        return seeds - resumed;
    }

    public long failureCount() {
        return failureCount;
    }

    /** The failing seeds in seed-list order (at most {@value #FAILURES_KEPT}). */
    public List<SeedResult> failures() {
        return List.copyOf(failures);
    }

    public long hung() {
        return hung;
    }

    public long nondeterministic() {
        return nondeterministic;
    }

    public long events() {
        return events;
    }

    public Map<String, Long> faults() {
        return new TreeMap<>(faults);
    }

    public Map<String, Long> probes() {
        return new LinkedHashMap<>(probes);
    }

    /** "Sometimes" probes that no seed hit: what the sweep never explored. */
    public List<String> probesNeverHit() {
        return probes.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
    }

    public double seconds() {
        return wallNanos / 1e9;
    }

    /** Seeds run now per second of real time (resumed seeds do not count). */
    public double seedsPerSecond() {
        return wallNanos > 0 ? seedsRunNow() / seconds() : 0;
    }

    public double eventsPerSecond() {
        return wallNanos > 0 ? eventsRun / seconds() : 0;
    }

    /** {@code raft-kv --bug x} or {@code Class#method}: who, with the options that matter. */
    public String title() {
        StringBuilder sb = new StringBuilder(target);
        options.forEach((k, v) -> {
            if (!(k.equals("faults") && v.equals("swarm"))) {
                sb.append(' ').append(k.startsWith("-D") ? k + "=" + v : "--" + k + " " + v);
            }
        });
        return sb.toString();
    }

    /** The summary people read; at most {@code shown} failures with their replay lines. */
    public String toText(int shown) {
        StringBuilder sb = new StringBuilder();
        if (wallNanos == 0 && resumed == seeds) {
            sb.append(title()).append(": ").append(seeds).append(" seeds ").append(how);
        } else {
            sb.append(String.format(java.util.Locale.ROOT, "%s: %d seeds in %.1f s (%.0f seeds/s, %.0f events/s)%s", title(), seeds,
                    seconds(), seedsPerSecond(), eventsPerSecond(), how.isEmpty() ? "" : " " + how));
        }
        if (resumed > 0 && resumed < seeds) {
            sb.append(", ").append(resumed).append(" read back from the result file");
        }
        sb.append('\n');
        sb.append("faults    ").append(faults.isEmpty() ? "none" : faults).append('\n');
        if (!probes.isEmpty()) {
            List<String> never = probesNeverHit();
            sb.append("sometimes ").append(probes).append(never.isEmpty() ? "" : "; never hit: " + never).append('\n');
        }
        sb.append("failures  ").append(failureCount);
        if (hung > 0 || nondeterministic > 0) {
            sb.append(" (").append(hung).append(" hung, ").append(nondeterministic).append(" nondeterministic)");
        }
        sb.append('\n');
        for (SeedResult r : failures().subList(0, Math.min(shown, failures.size()))) {
            sb.append("  ").append(Seeds.format(r.seed())).append("  ").append(r.headline()).append('\n');
            if (r.replay() != null) {
                sb.append("      ").append(r.replay()).append('\n');
            }
            Object knobs = r.stats().get("nemesis");
            if (knobs != null) {
                sb.append("      nemesis: ").append(knobs).append('\n');
            }
        }
        if (failureCount > shown) {
            sb.append("  ... and ").append(failureCount - shown).append(" more (the result file or --json has them all)\n");
        }
        return sb.toString();
    }

    /** The summary as one JSON object: {@code seedsRun, failures, failingSeeds, seedsPerSecond, eventsPerSecond} and the rest. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", target);
        m.put("bug", options.containsKey("bug") ? options.get("bug") : options.get("-Dbug"));
        m.put("options", new TreeMap<>(options));
        m.put("seedsRun", seeds);
        m.put("seedsResumed", resumed);
        m.put("failures", failureCount);
        m.put("failingSeeds", failures.stream().map(r -> Seeds.format(r.seed())).toList());
        m.put("hung", hung);
        m.put("nondeterministic", nondeterministic);
        m.put("seedsPerSecond", seedsPerSecond());
        m.put("eventsPerSecond", eventsPerSecond());
        m.put("wallMillis", wallNanos / 1_000_000);
        m.put("faults", faults());
        m.put("probes", probes());
        m.put("probesNeverHit", probesNeverHit());
        m.put("replay", failures.stream().map(SeedResult::replay).toList());
        List<Object> knobs = new ArrayList<>();
        for (SeedResult r : failures) {
            knobs.add(r.stats().get("nemesis"));
        }
        m.put("nemesis", knobs);
        return m;
    }
}
