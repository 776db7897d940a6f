package dev.dst.scenario;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to run a scenario: which planted bug is on ({@code null}: none), the fault package by
 * name ({@code none}, {@code swarm}, or one of dst-net's packages; the scenario interprets it),
 * and a nemesis plan in text form to run instead of a generated one, with the file it came from
 * for replay lines ({@code null}: generate). dst-net's {@code Cluster.Builder.options} applies
 * the faults and the plan.
 */
public record ScenarioOptions(String bug, String faults, String planText, String planFile) {
    /** The fault package used when none is named. */
    public static final String DEFAULT_FAULTS = "swarm";

    public ScenarioOptions {
        faults = faults == null ? DEFAULT_FAULTS : faults;
    }

    public static ScenarioOptions defaults() {
        return new ScenarioOptions(null, DEFAULT_FAULTS, null, null);
    }

    public ScenarioOptions withBug(String b) {
        return new ScenarioOptions(b, faults, planText, planFile);
    }

    public ScenarioOptions withFaults(String f) {
        return new ScenarioOptions(bug, f, planText, planFile);
    }

    /** Runs the plan {@code text}, read from {@code file} (named in replay lines). */
    public ScenarioOptions withPlan(String text, String file) {
        return new ScenarioOptions(bug, faults, text, file);
    }

    public boolean bugOn(String name) {
        return name.equals(bug);
    }

    /**
     * What changes the runs: the bug, the faults and the plan file, as a sweep's result file and a
     * reproduction record them (a sweep resumed under other options is refused).
     */
    public Map<String, String> recorded() {
        Map<String, String> m = new TreeMap<>();
        if (bug != null) {
            m.put("bug", bug);
        }
        m.put("faults", faults);
        if (planFile != null || planText != null) { // the plan's text decides the runs, not its file's name
            m.put("plan", (planFile == null ? "" : planFile + " ") + "#" + Long.toHexString(dev.dst.entropy.SplitMix64.hashName(
                    planText == null ? "" : planText)));
        }
        return Collections.unmodifiableMap(m);
    }
}
