package dev.dst.elle;

import java.util.List;

/**
 * One step of a transaction: an append of {@code value} to the list at {@code key}, or a read
 * of it ({@code value} is then the list observed, or null when not observed or empty).
 */
record MicroOp(boolean append, Object key, Object value) {
    MicroOp {
        assert key != null : "a micro-op names a key";
        assert !append || value != null : "an append carries an element";
        assert append || value == null || value instanceof List : "a read carries a list or nil: " + value;
    }

    /** The list a read observed; nil reads as empty. */
    @SuppressWarnings("unchecked")
    List<Object> readValues() {
        assert !append;
        return value == null ? List.of() : (List<Object>) value;
    }

    @Override
    public String toString() {
        return "[" + (append ? "append " : "r ") + Render.value(key) + " " + Render.value(value) + "]";
    }
}
