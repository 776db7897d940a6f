package dev.dst.linearizability;

import dev.dst.history.History;
import dev.dst.sim.Simulation;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A simulation's history checked for linearizability at the end of the run, in one call:
 * {@code LinearizabilityCheck.register(sim, cluster::history, Models.casRegister())} (dst-net's
 * {@code Cluster.checkLinearizable} does it for the cluster's history).
 *
 * <ul>
 *   <li>The check runs once, as an end check named {@code the client history is linearizable
 *       (MODEL)}; its result is kept for the report ({@link #result()}) and the run's
 *       {@code linearizable} stat.</li>
 *   <li>Its budget is bounded by default ({@link #DEFAULT_OPTIONS}: a million memoized states
 *       per partition, 10 s of real time, one thread), so that one seed cannot stall a sweep.
 *       A search the budget ends is {@code unknown}: the run passes, the stat says
 *       {@code UNKNOWN} and why, and the sweep's summary counts it; {@link #failOnUnknown()}
 *       makes it a failure instead (not proven linearizable).</li>
 *   <li>A violation's explanation cites operations by simulated time, never wall time, so a
 *       replay reports the same text; and the report shows the trace around the moment the
 *       history stopped being linearizable ({@link Simulation#focus}), not the run's end.</li>
 * </ul>
 */
public final class LinearizabilityCheck {
    /** The default budget inside a simulation: a million states per partition, 10 s, one thread. */
    public static final Linearizability.Options DEFAULT_OPTIONS = new Linearizability.Options(Duration.ofSeconds(10), 1_000_000L, 1);

    private final Simulation sim;
    private final Supplier<History> history;
    private final Model<?> model;
    private Linearizability.Options options = DEFAULT_OPTIONS;
    private boolean failOnUnknown;
    private LinearizabilityResult result;

    private LinearizabilityCheck(Simulation sim, Supplier<History> history, Model<?> model) {
        this.sim = sim;
        this.history = history;
        this.model = model;
    }

    /** Registers the end check on {@code sim}: {@code history} (read at the end) against {@code model}. */
    public static LinearizabilityCheck register(Simulation sim, Supplier<History> history, Model<?> model) {
        LinearizabilityCheck c = new LinearizabilityCheck(sim, history, model);
        sim.endCheck(c.name(), c::holds, c::explain);
        return c;
    }

    /** Another budget (states per partition, wall time, threads). */
    public LinearizabilityCheck options(Linearizability.Options o) {
        this.options = o;
        return this;
    }

    /** An unknown verdict (a budget ran out) fails the run. */
    public LinearizabilityCheck failOnUnknown() {
        this.failOnUnknown = true;
        return this;
    }

    /** {@code the client history is linearizable (MODEL)}: the end check's name. */
    public String name() {
        return "the client history is linearizable (" + model.name() + ")";
    }

    /** The result, computed on first use (normally by the end check). */
    public LinearizabilityResult result() {
        if (result == null) {
            result = Linearizability.check(history.get(), model, options);
            String stat = result.verdict().name() + (result.reason() == null ? "" : " (" + result.reason() + ")");
            sim.stat("linearizable", stat);
        }
        return result;
    }

    private boolean holds() {
        LinearizabilityResult r = result();
        if (r.explanation() != null && r.explanation().anomalyNanos() >= 0) {
            sim.focus(r.explanation().anomalyNanos()); // this check's failure is explained by the events then
        }
        return r.verdict() == Verdict.VALID || (r.verdict() == Verdict.UNKNOWN && !failOnUnknown);
    }

    private String explain() {
        return result().describe();
    }
}
