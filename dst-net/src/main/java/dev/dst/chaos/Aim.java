package dev.dst.chaos;

import dev.dst.fault.Fault;

/**
 * Faults aimed at what the nodes report, done by a {@link ChaosRun} beside its plan: the
 * real-process counterpart of a simulation's aimed nemesis. A node process reports a moment
 * with {@link ChaosNode#event} ({@code leader 7}); the run asks the aim, on one thread and in
 * the order the reports arrive, whether to strike, and applies the fault it answers a moment
 * later, for a while. raft-kv's isolates a server just after it is elected, as its simulation's
 * election nemesis does: the leader whose new term is on a minority, which a random plan
 * reaches by luck only.
 *
 * <p>One aimed fault is active at a time (reports that come meanwhile are passed over), only in
 * the fault phase, and it is reverted before the heal. Cuts stack, so an aimed isolation and a
 * plan's partition over one link each take back their own. What an aim draws comes from the stream
 * {@code aimed} of the run's seed, in the order the reports come, which timing decides: like
 * the rest of a real run, not reproducible.
 */
public interface Aim {
    /** {@code fault}, applied {@code delayNanos} after the report and reverted {@code durationNanos} later. */
    record Shot(Fault fault, long delayNanos, long durationNanos) {
        public Shot {
            if (fault == null || delayNanos < 0 || durationNanos <= 0) {
                throw new IllegalArgumentException("a shot needs a fault, a delay of at least 0 and a positive duration: "
                        + fault + ", " + delayNanos + ", " + durationNanos);
            }
        }
    }

    /** What to do now that server {@code node} reported {@code event}: a shot, or null for nothing. */
    Shot onEvent(int node, String event);

    /** What it aims at, for the report: {@code isolate a new leader from the other servers (1 in 2 elections)}. */
    String description();
}
