package dev.dst.shrink;

import dev.dst.entropy.Seeds;
import dev.dst.sim.RunReport;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A {@link Shrinker.Trial} for code that takes a {@link Simulation} and runs it: a JUnit test
 * body, or a harness of your own. Each candidate gets a fresh simulation (its seed, its tape
 * replayed, its attachments, the draws recorded); the body runs, then the end checks.
 *
 * <p>A body that throws something other than a {@link SimulationFailure} (a plain assertion
 * after the run, say) fails as an end check named after the exception's class, so that
 * shrinking keeps looking for the same kind of failure. Each trial runs on a worker thread
 * with a wall-clock budget: a candidate whose node loops for ever is reported as
 * {@link Violation.Kind#HUNG} instead of hanging the search (the watchdog reads the wall clock;
 * the simulation never does).
 */
public final class SimulationTrial implements Shrinker.Trial {
    /** The code under test: builds its world on the simulation and runs it. */
    @FunctionalInterface
    public interface Body {
        void run(Simulation sim) throws Throwable;
    }

    private final UnaryOperator<Simulation.Builder> configure;
    private final Body body;
    private final long wallBudgetMillis;

    /**
     * @param configure settings every candidate's simulation gets (invariant cadence, step
     *     budget ...), applied before the candidate's tape and attachments
     * @param body the code that runs a simulation
     * @param wallBudgetMillis real time allowed per trial
     */
    public SimulationTrial(UnaryOperator<Simulation.Builder> configure, Body body, long wallBudgetMillis) {
        if (wallBudgetMillis < 1) {
            throw new IllegalArgumentException("wallBudgetMillis must be at least 1: " + wallBudgetMillis);
        }
        this.configure = configure;
        this.body = body;
        this.wallBudgetMillis = wallBudgetMillis;
    }

    /** A simulation for a candidate: {@code configure} applied, then its tape (replayed) and attachments. */
    public static Simulation simulation(Shrinker.Candidate c, UnaryOperator<Simulation.Builder> configure, boolean record) {
        Simulation.Builder b = configure.apply(Simulation.builder(c.seed()));
        if (c.tape() != null) {
            b.replay(c.tape());
        }
        if (record) {
            b.recordTape();
        }
        c.attachments().forEach(b::attach);
        return b.build();
    }

    /**
     * Runs {@code body} on {@code sim} and then its end checks; returns the violation, or null
     * when it passed. Used by the trial and by {@code @Replay}.
     */
    public static Violation runBody(Simulation sim, Body body) {
        try {
            body.run(sim);
            sim.finish();
            return null;
        } catch (SimulationFailure f) {
            return f.violation();
        } catch (Error | RuntimeException e) {
            if (sim.failure() != null) {
                return sim.failure().violation();
            }
            return thrown(sim, e);
        } catch (Throwable t) {
            return thrown(sim, t);
        }
    }

    /** An exception from the body itself (not the simulation) as an end-check violation named after its class. */
    public static Violation thrown(Simulation sim, Throwable t) {
        return new Violation(Violation.Kind.END_CHECK, "the test threw " + t.getClass().getName(),
                String.valueOf(t.getMessage()), sim.steps(), sim.now(), null);
    }

    @Override
    public Shrinker.Outcome run(Shrinker.Candidate candidate, long maxSteps) {
        Simulation sim = simulation(candidate, maxSteps > 0 ? b -> configure.apply(b).maxSteps(maxSteps) : configure, true);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dst-shrink-" + Seeds.format(candidate.seed()));
            t.setDaemon(true);
            return t;
        });
        Future<Violation> done = worker.submit(() -> runBody(sim, body));
        try {
            Violation v = done.get(wallBudgetMillis, TimeUnit.MILLISECONDS);
            RunReport r = sim.report();
            return new Shrinker.Outcome(v, sim.tape(), sim.attachments(), r.traceHash(), r.steps());
        } catch (TimeoutException e) {
            done.cancel(true);
            Violation hung = new Violation(Violation.Kind.HUNG, "wall-clock budget",
                    "no result after " + wallBudgetMillis + " ms of real time", sim.steps(), sim.now(), null);
            return new Shrinker.Outcome(hung, null, Map.of(), 0, sim.steps());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shrinking", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a trial failed outside the simulation: " + e.getCause(), e.getCause());
        } finally {
            worker.shutdownNow();
        }
    }
}
