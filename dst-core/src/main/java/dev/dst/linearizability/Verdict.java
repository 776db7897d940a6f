package dev.dst.linearizability;

/** A checker's verdict: valid, invalid, or unknown when a budget ran out first. */
public enum Verdict {
    VALID, INVALID, UNKNOWN;

    /** {@code true}, {@code false} or {@code unknown}, as Knossos and Porcupine print it. */
    public String linearizable() {
        switch (this) {
            case VALID: return "true";
            case INVALID: return "false";
            default: return "unknown";
        }
    }
}
