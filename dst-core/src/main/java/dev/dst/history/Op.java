package dev.dst.history;

/**
 * One history event: a process invoking or completing an operation, or a nemesis event.
 *
 * <p>{@code value} holds plain Java values only: {@code null}, {@link Long}, {@link Boolean},
 * {@link String}, {@code List<Object>}, {@code Map<Object, Object>} (and, for EDN sets,
 * {@code Set<Object>} in insertion order); keys and elements likewise. Keywords are strings
 * without the leading {@code ':'}.
 *
 * @param index     position in the history, from 0
 * @param process   the process (client) id; {@link History#NEMESIS} for nemesis events
 * @param type      invoke, ok, fail or info
 * @param f         the function, such as {@code read}, {@code write}, {@code cas}
 * @param value     the argument (on invoke) or the observed result (on ok)
 * @param timeNanos when it happened; for display only (order is given by {@code index})
 */
public record Op(int index, int process, OpType type, String f, Object value, long timeNanos) {
    public Op {
        if (type == null || f == null) {
            throw new IllegalArgumentException("an op needs a type and a function");
        }
    }

    /** True for a nemesis event. */
    public boolean isNemesis() {
        return process == History.NEMESIS;
    }

    @Override
    public String toString() {
        return index + " " + (isNemesis() ? "nemesis" : Integer.toString(process)) + " " + type.jepsenName()
                + " " + f + " " + Edn.write(value);
    }
}
