package dev.dst.sweep;

/**
 * Thrown by exhaustive exploration's step observer to end a run early: it reached its step
 * bound, or a state explored already. An {@link Error} so that a target's own
 * {@code catch (Exception e)} lets it through; {@link Runner#execute} turns it into a run with no
 * verdict beyond the invariants checked up to then.
 */
final class RunCut extends Error {
    enum Why { BOUND, PRUNED }

    final Why why;

    RunCut(Why why) {
        super(why == Why.BOUND ? "the step bound" : "a state explored already", null, false, false);
        this.why = why;
    }
}
