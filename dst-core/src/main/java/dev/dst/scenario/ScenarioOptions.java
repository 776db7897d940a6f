package dev.dst.scenario;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to run a scenario: which planted bug is on ({@code null}: none), the fault package by
 * name ({@code none}, {@code swarm}, or one of dst-net's packages; the scenario interprets it),
 * a nemesis plan in text form to run instead of a generated one, with the file it came from
 * for replay lines ({@code null}: generate), and the search strategy by name ({@code random},
 * the default, or {@code pct}: dst-net's priority scheduling). dst-net's
 * {@code Cluster.Builder.options} applies the faults, the plan and the strategy.
 */
public record ScenarioOptions(String bug, String faults, String planText, String planFile, String strategy) {
    /** The fault package used when none is named. */
    public static final String DEFAULT_FAULTS = "swarm";
    /** The strategy used when none is named: message delays and tie-breaks drawn at random. */
    public static final String DEFAULT_STRATEGY = "random";

    public ScenarioOptions {
        faults = faults == null ? DEFAULT_FAULTS : faults;
        strategy = strategy == null ? DEFAULT_STRATEGY : strategy;
    }

    public ScenarioOptions(String bug, String faults, String planText, String planFile) {
        this(bug, faults, planText, planFile, DEFAULT_STRATEGY);
    }

    public static ScenarioOptions defaults() {
        return new ScenarioOptions(null, DEFAULT_FAULTS, null, null, DEFAULT_STRATEGY);
    }

    public ScenarioOptions withBug(String b) {
        return new ScenarioOptions(b, faults, planText, planFile, strategy);
    }

    public ScenarioOptions withFaults(String f) {
        return new ScenarioOptions(bug, f, planText, planFile, strategy);
    }

    public ScenarioOptions withStrategy(String s) {
        return new ScenarioOptions(bug, faults, planText, planFile, s);
    }

    /** Runs the plan {@code text}, read from {@code file} (named in replay lines). */
    public ScenarioOptions withPlan(String text, String file) {
        return new ScenarioOptions(bug, faults, text, file, strategy);
    }

    public boolean bugOn(String name) {
        return name.equals(bug);
    }

    /**
     * What changes the runs: the bug, the faults, the plan file and the strategy (when it is not
     * the default), as a sweep's result file and a reproduction record them (a sweep resumed under
     * other options is refused).
     */
    public Map<String, String> recorded() {
        Map<String, String> m = new TreeMap<>();
        if (bug != null) {
            m.put("bug", bug);
        }
        m.put("faults", faults);
        if (!strategy.equals(DEFAULT_STRATEGY)) {
            m.put("strategy", strategy);
        }
        if (planFile != null || planText != null) { // the plan's text decides the runs, not its file's name
            m.put("plan", (planFile == null ? "" : planFile + " ") + "#" + Long.toHexString(dev.dst.entropy.SplitMix64.hashName(
                    planText == null ? "" : planText)));
        }
        return Collections.unmodifiableMap(m);
    }
}
