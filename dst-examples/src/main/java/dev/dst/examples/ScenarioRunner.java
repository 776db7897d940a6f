package dev.dst.examples;

import dev.dst.entropy.Seeds;
import dev.dst.sim.RunReport;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.shrink.Shrinker;
import dev.dst.shrink.SimulationTrial;
import dev.dst.sim.Violation;
import dev.dst.trace.TraceSink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a scenario for one seed and turns every ending into a {@link RunOutcome}: a pass, a
 * violation, or a hang. The simulation runs on a worker thread so that a node looping for ever
 * inside a handler cannot hang the caller: after {@code wallBudgetMillis} of real time the run
 * is reported as {@link Violation.Kind#HUNG}. The watchdog reads the wall clock; the
 * simulation never does.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    public static String replayLine(Scenario scenario, long seed, ScenarioOptions options) {
        return "java -jar dst-examples/target/dst.jar run " + scenario.name() + " --seed " + Seeds.format(seed)
                + (options.bug() == null ? "" : " --bug " + options.bug())
                + ("swarm".equals(options.faults()) || options.planFile() != null ? "" : " --faults " + options.faults())
                + (options.planFile() == null ? "" : " --plan " + options.planFile());
    }

    public static RunOutcome run(Scenario scenario, long seed, ScenarioOptions options, TraceSink sink, long wallBudgetMillis) {
        Simulation.Builder builder = Simulation.builder(seed).replayLine(replayLine(scenario, seed, options));
        if (sink != null) {
            builder.traceSink(sink);
        }
        return run(scenario, builder.build(), options, wallBudgetMillis);
    }

    /**
     * A shrinking trial: runs a candidate (its tape, if any, replayed; its attachments given),
     * recording the draws, within the wall budget. A hung candidate gives a HUNG violation and
     * no tape.
     */
    public static Shrinker.Trial trial(Scenario scenario, ScenarioOptions options, long wallBudgetMillis) {
        return (candidate, maxSteps) -> {
            Simulation sim = simulation(candidate, replayLine(scenario, candidate.seed(), options), true, null, maxSteps);
            RunOutcome o = run(scenario, sim, options, wallBudgetMillis);
            boolean hung = o.violation() != null && o.violation().kind() == Violation.Kind.HUNG;
            return new Shrinker.Outcome(o.violation(), hung ? null : sim.tape(), hung ? Map.of() : sim.attachments(),
                    o.report().traceHash(), o.report().steps());
        };
    }

    /** A simulation for a candidate or a reproduction: the seed, its tape replayed if any, its attachments. */
    public static Simulation simulation(Shrinker.Candidate candidate, String replayLine, boolean record, TraceSink sink) {
        return simulation(candidate, replayLine, record, sink, 0);
    }

    private static Simulation simulation(Shrinker.Candidate candidate, String replayLine, boolean record, TraceSink sink, long maxSteps) {
        return SimulationTrial.simulation(candidate, b -> {
            b.replayLine(replayLine);
            if (maxSteps > 0) {
                b.maxSteps(maxSteps);
            }
            if (sink != null) {
                b.traceSink(sink);
            }
            return b;
        }, record);
    }

    /** Runs the scenario on a simulation built by the caller. */
    public static RunOutcome run(Scenario scenario, Simulation sim, ScenarioOptions options, long wallBudgetMillis) {
        long seed = sim.seed();
        AtomicReference<RunReport> report = new AtomicReference<>();
        long start = System.nanoTime();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dst-run-" + Seeds.format(seed));
            t.setDaemon(true);
            return t;
        });
        Future<?> done = worker.submit(() -> {
            try {
                scenario.run(sim, options);
                report.set(sim.finish());
            } catch (SimulationFailure f) {
                report.set(sim.report());
            }
        });
        try {
            done.get(wallBudgetMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            return new RunOutcome(scenario.name(), options.bug(), hung(sim, wallBudgetMillis), wallBudgetMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running seed " + Seeds.format(seed), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw bad; // bad input (a plan naming an unknown node ...): the caller's usage error
            }
            throw new IllegalStateException("scenario " + scenario.name() + " failed outside the simulation: " + e.getCause(), e.getCause());
        } finally {
            worker.shutdownNow();
        }
        return new RunOutcome(scenario.name(), options.bug(), report.get(), (System.nanoTime() - start) / 1_000_000);
    }

    /** A report for a run that did not finish in time; the simulation's state is read racily, for diagnosis only. */
    private static RunReport hung(Simulation sim, long budgetMillis) {
        RunReport partial = sim.report();
        Violation v = new Violation(Violation.Kind.HUNG, "wall-clock budget",
                "no result after " + budgetMillis + " ms of real time; the simulation was at step " + partial.steps()
                        + ", t=" + dev.dst.trace.Durations.format(partial.simTimeNanos())
                        + ": a node handler looping for ever? The last events show where it stopped.",
                partial.steps(), partial.simTimeNanos(), null);
        return new RunReport(partial.seed(), partial.nodes(), partial.steps(), partial.simTimeNanos(), partial.traceEvents(),
                partial.traceHash(), partial.counters(), partial.faults(), partial.faultNanos(), partial.probes(), partial.stats(), partial.invariants(), v, partial.lastEvents(),
                partial.replayLine());
    }

    /** For JSON: the report's fields in DESIGN.md's order. */
    public static Map<String, Object> toJson(RunOutcome o) {
        RunReport r = o.report();
        Violation v = r.violation();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("scenario", o.scenario());
        m.put("seed", Seeds.format(r.seed()));
        m.put("bug", o.bug());
        m.put("result", r.passed() ? "pass" : "fail");
        m.put("violation", v == null ? null : ordered("kind", v.kind().label(), "name", v.name(),
                "headline", v.headline(), "detail", v.detail() == null ? "" : v.detail()));
        m.put("step", v == null ? r.steps() : v.step());
        m.put("simTimeNanos", v == null ? r.simTimeNanos() : v.simTimeNanos());
        m.put("events", r.traceEvents());
        m.put("steps", r.steps());
        m.put("wallMillis", o.wallMillis());
        m.put("traceHash", r.traceHashHex());
        m.put("replay", r.replayLine());
        m.put("faults", r.faults());
        m.put("faultNanos", r.faultNanos());
        m.put("probes", r.probes());
        m.put("stats", r.stats());
        m.put("counters", r.counters());
        m.put("invariants", r.invariants().stream().map(i -> ordered("name", i.name(), "type", i.type(),
                "status", i.status(), "checks", i.checks())).toList());
        m.put("nodes", List.copyOf(r.nodes()));
        return m;
    }

    /** A map that keeps the order its keys are given in ({@code Map.of} order changes from one JVM run to the next). */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
