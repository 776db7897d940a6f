package dev.dst.sim;

/**
 * Why a run failed: which invariant, check or node, where (step and simulated time) and the
 * detail. {@code node} is the node concerned, or {@code null}.
 */
public record Violation(Kind kind, String name, String detail, long step, long simTimeNanos, String node) {
    public enum Kind {
        /** An invariant checked after steps returned false. */
        INVARIANT("invariant"),
        /** A check run at the end of the run returned false. */
        END_CHECK("end check"),
        /** A node's handler or factory threw. */
        NODE_THREW("node threw"),
        /** A budget of steps or simulated time ran out: a livelock or a run that never settles. */
        NO_PROGRESS("no progress"),
        /** A liveness property did not hold by its deadline. */
        LIVENESS("liveness"),
        /** The run did not finish within its wall-clock budget (a node looping for ever). */
        HUNG("hung"),
        /** Two runs of the same seed did different things. */
        NONDETERMINISM("nondeterminism"),
        /** Simulated code read the wall clock, started a thread or drew unseeded randomness (the leak guard). */
        LEAK("leak");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One line: {@code invariant 'one leader' violated at step 1234, t=1.234567s}. */
    public String headline() {
        String what = switch (kind) {
            case INVARIANT -> "invariant '" + name + "' violated";
            case END_CHECK -> "end check '" + name + "' failed";
            case LIVENESS -> "liveness '" + name + "' not reached";
            default -> kind.label() + ": " + name;
        };
        return what + " at step " + step + ", t=" + dev.dst.trace.Durations.format(simTimeNanos);
    }
}
