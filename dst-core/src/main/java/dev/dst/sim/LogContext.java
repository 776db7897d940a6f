package dev.dst.sim;

import dev.dst.entropy.Seeds;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * Puts the simulated time, the node and the seed into slf4j's {@link MDC} while a node runs
 * (its factory, and each start, message, request, reply and timer), so that lines a node logs
 * through its own {@code LoggerFactory.getLogger(...)} can carry them. The keys are removed
 * again when the node returns, so harness code logs without them.
 *
 * <p>Off by default: see {@link Simulation.Builder#mdc(boolean)} and the system property
 * {@value #PROPERTY}, and docs/logging.md for what it costs. Also off when the slf4j provider
 * has no MDC (slf4j-simple and slf4j-nop): nothing could read the keys.
 */
final class LogContext {
    /** The node's name, as in traces and reports. */
    static final String NODE = "dst.node";
    /** True simulated time when the input is handled, as {@code 12.345678s} (microseconds, like traces). */
    static final String TIME = "dst.time";
    /** The run's seed, as {@code 0x…} (the form {@code -Ddst.seed} and {@code dst run --seed} take). */
    static final String SEED = "dst.seed";
    /** System property that turns the MDC on for every simulation built without {@code Builder.mdc}. */
    static final String PROPERTY = "dst.mdc";

    /** A context that does nothing: the default. */
    static final LogContext OFF = new LogContext(0, false);

    /** For tests: the adapter to use instead of the provider's. */
    static volatile MDCAdapter adapterOverride;

    private final boolean on;
    private final String seed;
    private final MDCAdapter mdc;

    private LogContext(long seed, boolean on) {
        this.on = on;
        this.seed = on ? Seeds.format(seed) : null;
        this.mdc = on ? adapter() : null;
    }

    static LogContext of(long seed, boolean on) {
        return on && !(adapter() instanceof NOPMDCAdapter) ? new LogContext(seed, true) : OFF;
    }

    private static MDCAdapter adapter() {
        MDCAdapter a = adapterOverride;
        return a != null ? a : MDC.getMDCAdapter();
    }

    /** Whether the system property {@value #PROPERTY} asks for the MDC. */
    static boolean requestedByProperty() {
        return Boolean.getBoolean(PROPERTY);
    }

    boolean on() {
        return on;
    }

    /** Before calling into a node. */
    void enter(String node, long nowNanos) {
        if (on) {
            mdc.put(NODE, node);
            mdc.put(TIME, time(nowNanos));
            mdc.put(SEED, seed);
        }
    }

    /** After the node returned or threw. */
    void exit() {
        if (on) {
            mdc.remove(NODE);
            mdc.remove(TIME);
            mdc.remove(SEED);
        }
    }

    /** {@code 12.345678s}, as {@link dev.dst.trace.Durations#format} but without {@code String.format}. */
    static String time(long nanos) {
        StringBuilder sb = new StringBuilder(20);
        if (nanos < 0) {
            sb.append('-');
            nanos = -nanos;
        }
        sb.append(nanos / 1_000_000_000L).append('.');
        long micros = nanos % 1_000_000_000L / 1_000;
        for (long p = 100_000; p > micros && p > 1; p /= 10) {
            sb.append('0');
        }
        return sb.append(micros).append('s').toString();
    }
}
