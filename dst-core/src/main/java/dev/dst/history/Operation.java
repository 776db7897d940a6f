package dev.dst.history;

/**
 * An invocation paired with its completion: the unit checkers reason about.
 *
 * <p>{@code type} is {@link OpType#OK}, {@link OpType#FAIL} or {@link OpType#INFO}; an
 * invocation never completed is {@code INFO} with {@code completeIndex == -1}.
 *
 * @param id            position among the history's operations, in invocation order
 * @param process       the process that ran it
 * @param f             the function
 * @param input         the invocation's value (the argument)
 * @param output        the completion's value (what an ok operation observed), or null
 * @param type          ok, fail or info
 * @param invokeIndex   the invocation's position in the history
 * @param completeIndex the completion's position, or -1 when it never completed
 * @param invokeNanos   the invocation's time
 * @param completeNanos the completion's time, or {@link Long#MAX_VALUE} when it never completed
 */
public record Operation(int id, int process, String f, Object input, Object output, OpType type,
                        int invokeIndex, int completeIndex, long invokeNanos, long completeNanos) {

    /**
     * The value a model judges, by Knossos's rule: for an ok operation the completion's value
     * (what it observed), or the invocation's when the completion carries none; for info and
     * fail the invocation's value.
     */
    public Object value() {
        return type == OpType.OK && output != null ? output : input;
    }

    /** True when the operation completed ok: its effect happened and its value was observed. */
    public boolean isOk() {
        return type == OpType.OK;
    }

    /** True when the outcome is unknown: it may take effect at any time after its invocation, or never. */
    public boolean isInfo() {
        return type == OpType.INFO;
    }

    /** The history position before which this operation certainly took effect (if it did): its completion, or "never" for info. */
    public int returnIndex() {
        return completeIndex < 0 || type == OpType.INFO ? Integer.MAX_VALUE : completeIndex;
    }

    @Override
    public String toString() {
        return "p" + process + " " + f + " " + Edn.write(value()) + " (" + type.jepsenName() + ")";
    }
}
