package dev.dst.time;

/**
 * A node's local clock over the simulation's true time: an offset, a drift rate in parts per
 * million, and jumps. Reading it is {@code local = anchorLocal + elapsed * (1 + ppm / 1e6)}
 * in exact integer arithmetic.
 *
 * <p>Two readings matter to a node. {@link #read(long)} is the wall clock a node stamps and
 * compares (skewed, drifting, jumping). Timer durations run at the drifting <em>rate</em> but
 * ignore jumps, as a monotonic clock does: see {@link #trueDelay(long)}.
 */
public final class NodeClock {
    /** Drift is limited to ±50% so that a clock always runs forward. */
    public static final long DRIFT_PPM_MAX = 500_000;

    private long anchorTrue;
    private long anchorLocal;
    private long driftPpm;
    // the monotonic reading: same rate, no offset, no jumps
    private long monoAnchorTrue;
    private long monoAnchorLocal;

    /** A clock that reads true time: offset 0, no drift. */
    public NodeClock() {}

    /** Local time at true time {@code trueNanos}. */
    public long read(long trueNanos) {
        return anchorLocal + scale(trueNanos - anchorTrue, driftPpm);
    }

    /**
     * The node's monotonic clock at true time {@code trueNanos}: it starts at 0, runs at the
     * clock's drifting rate, and never jumps (offsets and jumps move only {@link #read}), as
     * {@code CLOCK_MONOTONIC} or {@code System.nanoTime()} on a real machine.
     */
    public long monotonic(long trueNanos) {
        return monoAnchorLocal + scale(trueNanos - monoAnchorTrue, driftPpm);
    }

    /** Local minus true time, now. */
    public long offset(long trueNanos) {
        return read(trueNanos) - trueNanos;
    }

    public long driftPpm() {
        return driftPpm;
    }

    /** Sets the clock so that it reads {@code trueNanos + offsetNanos} now. */
    public void setOffset(long trueNanos, long offsetNanos) {
        reanchor(trueNanos);
        anchorLocal = trueNanos + offsetNanos;
    }

    /** From now on the clock gains {@code ppm} microseconds per second (negative: loses). */
    public void setDriftPpm(long trueNanos, long ppm) {
        if (ppm > DRIFT_PPM_MAX || ppm < -DRIFT_PPM_MAX) {
            throw new IllegalArgumentException("drift " + ppm + " ppm is outside ±" + DRIFT_PPM_MAX);
        }
        reanchor(trueNanos);
        monoAnchorLocal = monotonic(trueNanos);
        monoAnchorTrue = trueNanos;
        driftPpm = ppm;
    }

    /** Steps the clock by {@code deltaNanos} now (negative: backwards), as NTP stepping does. */
    public void jump(long trueNanos, long deltaNanos) {
        reanchor(trueNanos);
        anchorLocal += deltaNanos;
    }

    /**
     * The true-time delay after which a timer of {@code localNanos} set now fires: the
     * node's clock rate applies (a fast clock fires early), jumps do not. Rounded up, so that
     * when the timer fires the node's clock has advanced by at least {@code localNanos}, as a
     * monotonic clock guarantees. At least 0.
     */
    public long trueDelay(long localNanos) {
        if (localNanos <= 0) {
            return 0;
        }
        if (driftPpm == 0) {
            return localNanos;
        }
        long rate = 1_000_000 + driftPpm;
        long whole = localNanos / rate * 1_000_000;
        long rest = ((localNanos % rate) * 1_000_000 + rate - 1) / rate;
        return whole + rest;
    }

    private void reanchor(long trueNanos) {
        anchorLocal = read(trueNanos);
        anchorTrue = trueNanos;
    }

    /** elapsed * (1e6 + ppm) / 1e6 without overflow for any simulated duration. */
    static long scale(long elapsed, long ppm) {
        if (ppm == 0) {
            return elapsed;
        }
        return elapsed + (elapsed / 1_000_000) * ppm + (elapsed % 1_000_000) * ppm / 1_000_000;
    }

    @Override
    public String toString() {
        return "NodeClock[anchorTrue=" + anchorTrue + ", anchorLocal=" + anchorLocal + ", driftPpm=" + driftPpm + "]";
    }
}
