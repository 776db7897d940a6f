package dev.dst.examples;

/** How to run a scenario: which planted bug is on ({@code null}: none) and whether faults are injected. */
public record ScenarioOptions(String bug, Faults faults) {
    public enum Faults {
        /** No faults at all: the happy path. */
        NONE,
        /** The scenario's own fault schedule, drawn from the seed. */
        DEFAULT
    }

    public static ScenarioOptions defaults() {
        return new ScenarioOptions(null, Faults.DEFAULT);
    }

    public ScenarioOptions withBug(String b) {
        return new ScenarioOptions(b, faults);
    }

    public boolean bugOn(String name) {
        return name.equals(bug);
    }
}
