package dev.dst.linearizability;

import dev.dst.history.Operation;

import java.util.List;

/**
 * Why a history is not linearizable: in the first failing partition, the longest linearizable
 * prefix the search found (operations in linearization order, with the state after each), and
 * the operations that could not be placed after it.
 *
 * @param partition   the failing partition's name (such as {@code key "x"}, or {@code all})
 * @param partitionOperations the failing partition's operations (those the search considered)
 * @param prefix      the longest linearization found, in order
 * @param statesAfter the model state after each operation of {@code prefix}
 * @param state       the state after the whole prefix
 * @param unplaceable the operations that could not come next, the one whose completion forced the search back first
 * @param refutation  when the model proved the part impossible without a search (see {@link Model#refute}): the
 *                    proof, and {@code prefix} is empty and {@code unplaceable} holds the impossible operation; else null
 */
public record Explanation(String partition, List<Operation> partitionOperations, List<Operation> prefix, List<String> statesAfter, String state,
                          List<Unplaceable> unplaceable, Model.Refutation refutation) {

    /** An explanation found by the search. */
    public Explanation(String partition, List<Operation> partitionOperations, List<Operation> prefix, List<String> statesAfter,
                       String state, List<Unplaceable> unplaceable) {
        this(partition, partitionOperations, prefix, statesAfter, state, unplaceable, null);
    }

    /** An operation that cannot be placed after the prefix, and why. */
    public record Unplaceable(Operation operation, String reason) {}

    /** A few lines of text: the end of the prefix and the operations that cannot be placed, by their places in the history. */
    public String toText() {
        return toText(Explanation::describe);
    }

    /**
     * As {@link #toText()}, citing operations by the simulated times of their invocation and
     * completion (for a history a simulation recorded, where times are the run's clock).
     */
    public String toTextWithTimes() {
        return toText(op -> op + " [t=" + dev.dst.trace.Durations.format(op.invokeNanos()) + ".."
                + (op.completeNanos() == Long.MAX_VALUE ? "never" : dev.dst.trace.Durations.format(op.completeNanos())) + "]");
    }

    /** The time after which the history cannot be linearized: when the first unplaceable operation completed (or was invoked). */
    public long anomalyNanos() {
        if (unplaceable.isEmpty()) {
            return -1;
        }
        Operation op = unplaceable.get(0).operation();
        return op.completeNanos() != Long.MAX_VALUE ? op.completeNanos() : op.invokeNanos();
    }

    private String toText(java.util.function.Function<Operation, String> describe) {
        StringBuilder sb = new StringBuilder();
        if (refutation != null) {
            sb.append("not linearizable (").append(partition).append("): no linearization exists, shown without a search:\n")
                    .append("  ").append(describe.apply(refutation.operation())).append(": ").append(refutation.reason()).append('\n');
            for (Operation w : refutation.witnesses()) {
                sb.append("    ").append(describe.apply(w)).append('\n');
            }
            return sb.toString();
        }
        sb.append("not linearizable (").append(partition).append("): the longest linearizable prefix has ")
                .append(prefix.size()).append(" operations\n");
        int from = Math.max(0, prefix.size() - 8);
        if (from > 0) {
            sb.append("  ... ").append(from).append(" earlier operations\n");
        }
        for (int i = from; i < prefix.size(); i++) {
            Operation op = prefix.get(i);
            sb.append(String.format("  %4d. %-40s -> %s%n", i + 1, describe.apply(op), statesAfter.get(i)));
        }
        sb.append("  state after the prefix: ").append(state).append('\n');
        sb.append("  cannot be placed next:\n");
        for (Unplaceable u : unplaceable) {
            sb.append("    ").append(describe.apply(u.operation())).append(": ").append(u.reason()).append('\n');
        }
        return sb.toString();
    }

    static String describe(Operation op) {
        return op + " [history " + op.invokeIndex() + ".." + (op.completeIndex() < 0 ? "never" : Integer.toString(op.completeIndex())) + "]";
    }
}
