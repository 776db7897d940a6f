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
 */
public record LinearizabilityResult(Verdict verdict, String model, int operations, int processes, int partitions,
                                    long statesExplored, long checkNanos, String reason, Explanation explanation,
                                    List<Operation> checked) {

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
