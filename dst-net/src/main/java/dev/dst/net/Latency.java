package dev.dst.net;

import dev.dst.entropy.Entropy;
import dev.dst.trace.Durations;

/**
 * How long a message takes on a link, drawn from the network's entropy stream. Smaller draws
 * give shorter delays, so shrinking a run makes its messages faster.
 */
public sealed interface Latency {
    long draw(Entropy e);

    /** Always the same delay: no reordering on the link. */
    record Fixed(long nanos) implements Latency {
        public Fixed {
            check(nanos >= 0, "fixed latency must not be negative: " + nanos);
        }

        @Override
        public long draw(Entropy e) {
            return nanos;
        }

        @Override
        public String toString() {
            return "fixed " + Durations.format(nanos);
        }
    }

    /** Uniform in [min, max]. */
    record Uniform(long minNanos, long maxNanos) implements Latency {
        public Uniform {
            check(minNanos >= 0 && maxNanos >= minNanos, "uniform latency needs 0 <= min <= max: " + minNanos + ", " + maxNanos);
        }

        @Override
        public long draw(Entropy e) {
            return e.between(minNanos, maxNanos);
        }

        @Override
        public String toString() {
            return "uniform " + Durations.format(minNanos) + ".." + Durations.format(maxNanos);
        }
    }

    /** {@code min} plus an exponential with mean {@code mean - min}. */
    record Exponential(long minNanos, long meanNanos) implements Latency {
        public Exponential {
            check(minNanos >= 0 && meanNanos >= minNanos, "exponential latency needs 0 <= min <= mean: " + minNanos + ", " + meanNanos);
        }

        @Override
        public long draw(Entropy e) {
            return minNanos + e.exponential(meanNanos - minNanos);
        }

        @Override
        public String toString() {
            return "exponential min " + Durations.format(minNanos) + " mean " + Durations.format(meanNanos);
        }
    }

    /**
     * Long-tailed: Pareto with scale {@code min} and shape {@code alpha} (smaller alpha: heavier
     * tail), capped at {@code max}. Most messages take about {@code min}, a few take far longer.
     */
    record Pareto(long minNanos, double alpha, long maxNanos) implements Latency {
        public Pareto {
            check(minNanos > 0 && alpha > 0 && maxNanos >= minNanos, "pareto latency needs min > 0, alpha > 0, max >= min");
        }

        @Override
        public long draw(Entropy e) {
            double u = 1.0 - e.unit(); // in (0, 1]; draw 0 gives u = 1, the shortest delay
            double v = minNanos / Math.pow(u, 1.0 / alpha);
            return (long) Math.min(v, (double) maxNanos);
        }

        @Override
        public String toString() {
            return "pareto min " + Durations.format(minNanos) + " alpha " + alpha + " max " + Durations.format(maxNanos);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
