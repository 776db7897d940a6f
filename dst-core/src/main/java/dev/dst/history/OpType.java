package dev.dst.history;

/**
 * The type of a history event, as in Jepsen and Knossos.
 *
 * <ul>
 *   <li>{@link #INVOKE}: a process starts an operation;
 *   <li>{@link #OK}: it completed, and its value is what it observed;
 *   <li>{@link #FAIL}: it certainly did not take effect;
 *   <li>{@link #INFO}: unknown — it may take effect at any time after its invocation, or never.
 * </ul>
 */
public enum OpType {
    INVOKE, OK, FAIL, INFO;

    /** The lower-case name used by Jepsen ({@code invoke}, {@code ok}, ...). */
    public String jepsenName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type for a Jepsen name, or {@code null} when the name is none of the four. */
    public static OpType fromJepsenName(String name) {
        switch (name) {
            case "invoke": return INVOKE;
            case "ok": return OK;
            case "fail": return FAIL;
            case "info": return INFO;
            default: return null;
        }
    }
}
