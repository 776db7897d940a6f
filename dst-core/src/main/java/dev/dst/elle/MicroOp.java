package dev.dst.elle;

import java.util.List;

/**
 * One step of a transaction: an append of {@code value} to the list at {@code key} or a read of
 * it ({@code value} is then the list observed, or null when not observed or empty), or a write
 * of {@code value} to the register at {@code key} or a read of it ({@code value} is the value
 * observed, null for the initial state or when not observed).
 */
record MicroOp(Kind kind, Object key, Object value) {
    /** What a micro-op does, by the name Jepsen writes it with. */
    enum Kind {
        APPEND("append"), WRITE("w"), READ("r");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    MicroOp {
        assert key != null : "a micro-op names a key";
        assert kind == Kind.READ || value != null : "a write carries a value";
    }

    /** True for an append or a register write. */
    boolean write() {
        return kind != Kind.READ;
    }

    /** The list a list read observed; nil reads as empty. */
    @SuppressWarnings("unchecked")
    List<Object> readValues() {
        assert kind == Kind.READ && (value == null || value instanceof List) : this;
        return value == null ? List.of() : (List<Object>) value;
    }

    @Override
    public String toString() {
        return "[" + kind.label + " " + Render.value(key) + " " + Render.value(value) + "]";
    }
}
