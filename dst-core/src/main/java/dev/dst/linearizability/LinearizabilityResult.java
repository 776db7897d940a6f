package dev.dst.linearizability;

import dev.dst.history.Operation;

import java.util.List;

/**
 * The outcome of {@link Linearizability#check}.
 *
 * @param verdict        valid, invalid, or unknown when a budget ran out
 * @param model          the model's name
 * @param operations     operations in the history (invocations)
 * @param processes      distinct client processes
 * @param partitions     independent parts checked
 * @param statesExplored memoized (linearized set, state) pairs, summed over parts: the search's work and memory
 * @param checkNanos     wall time of the check (not of parsing)
 * @param reason         for unknown, which budget ran out; otherwise null
 * @param explanation    for invalid, why; otherwise null
 * @param checked        the operations the search considered (fail and skippable operations left out)
 * @param parts          what was decided for each part, in the model's partition order
 */
public record LinearizabilityResult(Verdict verdict, String model, int operations, int processes, int partitions,
                                    long statesExplored, long checkNanos, String reason, Explanation explanation,
                                    List<Operation> checked, List<Part> parts) {

    /**
     * One part's outcome: {@code unknown} with the budget that ended it, or, when another part
     * was found invalid first, with {@code reason} saying so (its search stopped there).
     */
    public record Part(String name, int operations, Verdict verdict, long states, String reason) {
        @Override
        public String toString() {
            return name + ": " + verdict.name().toLowerCase(java.util.Locale.ROOT) + " (" + operations
                    + (operations == 1 ? " operation, " : " operations, ")
                    + states + " states)" + (reason == null ? "" : " — " + reason);
        }
    }

    /**
     * The parts that were not found valid, one a line, and how many were: for a check of many
     * parts, where each stands. Empty when there is one part.
     */
    public String partsText() {
        if (parts.size() < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        long valid = parts.stream().filter(p -> p.verdict() == Verdict.VALID).count();
        sb.append("parts: ").append(valid).append(" of ").append(parts.size()).append(" valid\n");
        for (Part p : parts) {
            if (p.verdict() != Verdict.VALID) {
                sb.append("  ").append(p).append('\n');
            }
        }
        return sb.toString();
    }

    public boolean isValid() {
        return verdict == Verdict.VALID;
    }

    /** Throws an {@link AssertionError} with the explanation unless the verdict is valid. */
    public void assertValid() {
        if (verdict != Verdict.VALID) {
            throw new AssertionError(summary() + (explanation != null ? "\n" + explanation.toText() : ""));
        }
    }

    /** One line: verdict, model, counts and time. */
    public String summary() {
        return String.format("linearizable: %s (model %s, %d operations, %d processes, %d partitions, %d states, %.1f ms)%s",
                verdict.linearizable(), model, operations, processes, partitions, statesExplored, checkNanos / 1e6,
                reason == null ? "" : " — " + reason);
    }

    /**
     * The summary without the check's wall time, and the explanation citing simulated times:
     * the same text for every run of a seed (what an end check's report shows).
     */
    public String describe() {
        String line = String.format("linearizable: %s (model %s, %d operations, %d processes, %d partitions, %d states)%s",
                verdict.linearizable(), model, operations, processes, partitions, statesExplored, reason == null ? "" : " — " + reason);
        return explanation == null ? line : line + "\n" + explanation.toTextWithTimes();
    }

    @Override
    public String toString() {
        return summary();
    }
}
