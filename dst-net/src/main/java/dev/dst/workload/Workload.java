package dev.dst.workload;

import dev.dst.node.ClientOp;
import dev.dst.entropy.Entropy;

import java.util.List;

/**
 * What clients ask for: the next operation, drawn from the client's entropy stream. A
 * workload also says how often operations come ({@link #interval}: exponential gaps at a
 * rate, or {@link #staggered} uniform ones) and how long a client waits before recording an
 * operation as indeterminate.
 */
public interface Workload {
    ClientOp next(Entropy e);

    default long meanIntervalNanos() {
        return 10_000_000L;
    }

    /** The wait before a client's next operation: by default exponential with {@link #meanIntervalNanos()} (a rate). */
    default long interval(Entropy e) {
        return e.exponential(meanIntervalNanos());
    }

    /**
     * This workload with Jepsen's stagger: waits uniform in [0, 2 × {@code meanNanos}]
     * instead of exponential ones.
     */
    default Workload staggered(long meanNanos) {
        Workload inner = this;
        return new Workload() {
            @Override
            public ClientOp next(Entropy e) {
                return inner.next(e);
            }

            @Override
            public long meanIntervalNanos() {
                return meanNanos;
            }

            @Override
            public long interval(Entropy e) {
                return e.below(2 * meanNanos + 1);
            }

            @Override
            public long timeoutNanos() {
                return inner.timeoutNanos();
            }
        };
    }

    default long timeoutNanos() {
        return 200_000_000L;
    }

    /**
     * Single-register operations, as Jepsen's cas-register test: {@code read nil},
     * {@code write v}, {@code cas [old new]}, values in 0..4.
     */
    static Workload register() {
        return e -> switch (e.below(3)) {
            case 0 -> new ClientOp("read", null);
            case 1 -> new ClientOp("write", (long) e.below(5));
            default -> new ClientOp("cas", List.of((long) e.below(5), (long) e.below(5)));
        };
    }

    /** Grow-only counter operations: {@code add 1..5} and {@code read}. */
    static Workload counter() {
        return e -> e.chance(0.5) ? new ClientOp("read", null) : new ClientOp("add", 1L + e.below(5));
    }
}
