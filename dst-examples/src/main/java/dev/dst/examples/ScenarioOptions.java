package dev.dst.examples;

import dev.dst.cluster.Cluster;
import dev.dst.nemesis.Nemesis;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How to run a scenario: which planted bug is on ({@code null}: none), the fault package
 * ({@code none}, {@code swarm} or one of dst-net's {@code Nemesis.PACKAGES}), a nemesis plan
 * in text form to run instead of a generated one and the file it came from, for the replay
 * line ({@code null}: generate), and who wants the text of the plan the run used
 * ({@code null}: nobody).
 */
public record ScenarioOptions(String bug, String faults, String planText, String planFile, Consumer<String> planListener) {
    public static ScenarioOptions defaults() {
        return new ScenarioOptions(null, "swarm", null, null, null);
    }

    public ScenarioOptions withBug(String b) {
        return new ScenarioOptions(b, faults, planText, planFile, planListener);
    }

    public ScenarioOptions withFaults(String f) {
        return new ScenarioOptions(bug, f, planText, planFile, planListener);
    }

    /** Runs the plan {@code text}, read from {@code file} (named in replay lines). */
    public ScenarioOptions withPlan(String text, String file) {
        return new ScenarioOptions(bug, faults, text, file, planListener);
    }

    public ScenarioOptions withPlanListener(Consumer<String> listener) {
        return new ScenarioOptions(bug, faults, planText, planFile, listener);
    }

    public boolean bugOn(String name) {
        return name.equals(bug);
    }

    /**
     * Finishes a scenario's cluster the same way for every scenario: the nemesis named by
     * {@link #faults()} or the given plan, over {@code faultPhase}; then tells the listener the
     * plan the run uses.
     */
    public Cluster build(Cluster.Builder builder, Duration faultPhase) {
        Cluster cluster = builder.nemesis(Nemesis.named(faults)).plan(planText).faultPhase(faultPhase).build();
        if (planListener != null) { // the text formats every fault: only when someone wants it
            planListener.accept(cluster.plan().toText(cluster.world()));
        }
        return cluster;
    }
}
