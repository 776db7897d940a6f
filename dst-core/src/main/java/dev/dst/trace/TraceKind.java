package dev.dst.trace;

/** What a trace event records. Inputs are dispatched events (one per step); the rest are effects and faults. */
public enum TraceKind {
    START("start"),
    DELIVER("deliver"),
    TIMER("timer"),
    ACTION("action"),
    SEND("send"),
    DROP("drop"),
    TIMER_SET("timer-set"),
    TIMER_CANCEL("timer-cancel"),
    REPLY("reply"),
    WRITE("write"),
    FSYNC("fsync"),
    LOG("log"),
    CRASH("crash"),
    RESTART("restart"),
    PAUSE("pause"),
    RESUME("resume"),
    CLOCK("clock"),
    DISK("disk"),
    FAULT("fault"),
    VIOLATION("violation");

    private static final TraceKind[] VALUES = values();
    private final String label;

    TraceKind(String label) {
        this.label = label;
    }

    /** The lower-case name used in JSONL traces and reports. */
    public String label() {
        return label;
    }

    static TraceKind of(int ordinal) {
        return VALUES[ordinal];
    }

    /** True for faults and lifecycle changes, which reports interleave with events. */
    public boolean isFault() {
        return this == CRASH || this == RESTART || this == PAUSE || this == RESUME || this == CLOCK
                || this == DISK || this == FAULT || this == DROP;
    }
}
