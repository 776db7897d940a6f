package dev.dst.sweep;

import dev.dst.entropy.EntropySource;
import dev.dst.entropy.Seeds;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.BadInputException;
import dev.dst.sim.RunReport;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import dev.dst.trace.Durations;
import dev.dst.trace.TraceSink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link Target} once and turns every ending into a {@link RunOutcome}: a pass, a
 * violated check, an exception from the target (an end-check failure named after its class),
 * malformed input, or a hang. The one place where a run is built and judged: the sweep, the
 * {@code dst} commands, the shrinker's trials, {@code @SimulationTest} and {@code @Replay} all
 * come here.
 *
 * <p>{@link #guarded} runs on a worker thread so that a node looping for ever inside a handler
 * cannot hang the caller: after the wall budget the run is reported as
 * {@link Violation.Kind#HUNG}. The watchdog reads the wall clock; the simulation never does.
 */
public final class Runner {
    /** How a run draws: fresh from its seed, or from a candidate's tape. */
    public enum Mode {
        /** Fresh draws from the seed, nothing recorded: a sweep's or a run's seed (the fastest). */
        SEED,
        /** The candidate's tape replayed, zeros past its end, every draw recorded: a shrinker's trial. */
        TRIAL,
        /** The candidate's tape replayed, fresh draws past its end, every draw recorded: a reproduction. */
        REPLAY
    }

    /** The real time a run gets unless told otherwise. */
    public static final long DEFAULT_WALL_BUDGET_MILLIS = 120_000;

    private Runner() {}

    /**
     * A simulation for {@code candidate}: the target's settings, then the replay line (the
     * target's unless {@code replayLine} is given), the step budget ({@code maxSteps > 0}), the
     * trace sink, the tape as {@code mode} says and the candidate's attachments.
     */
    public static Simulation simulation(Target target, Shrinker.Candidate candidate, Mode mode, long maxSteps, TraceSink sink,
                                        String replayLine) {
        return simulation(target, candidate, mode, maxSteps, sink, replayLine, b -> { });
    }

    /**
     * As {@link #simulation(Target, Shrinker.Candidate, Mode, long, TraceSink, String)}, with
     * {@code more} settings last. A candidate with {@link CrashPoints#ATTACHMENT crash points}
     * gets them installed.
     */
    static Simulation simulation(Target target, Shrinker.Candidate candidate, Mode mode, long maxSteps, TraceSink sink,
                                 String replayLine, java.util.function.Consumer<Simulation.Builder> more) {
        Simulation.Builder b = target.configure(Simulation.builder(candidate.seed()));
        b.replayLine(replayLine != null ? replayLine : target.replayLine(candidate.seed()));
        if (maxSteps > 0) {
            b.maxSteps(maxSteps);
        }
        if (sink != null) {
            b.traceSink(sink);
        }
        if (mode != Mode.SEED) {
            if (candidate.tape() != null) {
                b.replay(candidate.tape(), mode == Mode.TRIAL ? EntropySource.PastTheEnd.ZEROS : EntropySource.PastTheEnd.FRESH);
            }
            b.recordTape();
        }
        candidate.attachments().forEach(b::attach);
        String crashPoints = candidate.attachments().get(CrashPoints.ATTACHMENT);
        if (crashPoints != null) {
            b.afterEachStep(CrashPoints.parse(crashPoints));
        }
        more.accept(b);
        return b.build();
    }

    /** A fresh run of {@code seed}. */
    public static Simulation simulation(Target target, long seed, TraceSink sink) {
        return simulation(target, new Shrinker.Candidate(seed, null, Map.of()), Mode.SEED, 0, sink, null);
    }

    /** Runs the target on {@code sim}, then the end checks, on the calling thread. */
    public static RunOutcome execute(Target target, Simulation sim) {
        long startNanos = System.nanoTime(); // wall time for reports only
        Throwable thrown = null;
        String badInput = null;
        Violation violation = null;
        boolean cut = false;
        try {
            target.run(sim);
            sim.finish();
        } catch (RunCut c) { // exhaustive exploration ended the run: no verdict beyond the invariants checked so far
            thrown = c;
            cut = true;
        } catch (SimulationFailure f) {
            thrown = f;
        } catch (BadInputException e) {
            thrown = e;
            badInput = e.getMessage();
        } catch (Throwable t) { // out of memory too: the seed is named, and the sweep can go on once the run is dropped
            thrown = t;
            if (sim.failure() == null) {
                violation = thrown(target, sim, t);
            }
        } finally {
            sim.closeTrace(); // a trace file of a run that ended by an exception is complete too
        }
        long wallMillis = (System.nanoTime() - startNanos) / 1_000_000;
        RunReport report = sim.report(thrown != null && !cut); // a pass shows no events: not rendering them saves most of a report
        if (violation != null) {
            report = report.withViolation(violation);
        }
        return new RunOutcome(target.name(), target.options(), report, wallMillis, sim.isRecording() ? sim.tape() : null,
                sim.attachments(), thrown, badInput, sim.focusNanos());
    }

    /**
     * As {@link #execute}, on a worker thread with {@code wallBudgetMillis} of real time; a run
     * still going then is reported as hung, with the state it had reached.
     */
    public static RunOutcome guarded(Target target, Simulation sim, long wallBudgetMillis) {
        checkBudget(wallBudgetMillis);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dst-run-" + Seeds.format(sim.seed()));
            t.setDaemon(true);
            return t;
        });
        Future<RunOutcome> done = worker.submit(() -> execute(target, sim));
        try {
            return done.get(wallBudgetMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            return hung(target, sim, wallBudgetMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.cancel(true);
            throw new IllegalStateException("interrupted while running seed " + Seeds.format(sim.seed()), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err; // out of memory and the like: nothing a report can say more clearly
            }
            throw new IllegalStateException("seed " + Seeds.format(sim.seed()) + " failed outside the run: " + cause, cause);
        } finally {
            worker.shutdownNow();
        }
    }

    /** A guarded fresh run of {@code seed}; see {@link #run(Target, Shrinker.Candidate, Mode, TraceSink, String, long)}. */
    public static RunOutcome run(Target target, long seed, TraceSink sink, long wallBudgetMillis) {
        return run(target, new Shrinker.Candidate(seed, null, Map.of()), Mode.SEED, sink, null, wallBudgetMillis);
    }

    /** Events shown before an anomaly an end check pointed at. */
    static final int FOCUS_EVENTS_BEFORE = 40;
    static final int FOCUS_EVENTS_AFTER = 4;

    /**
     * A guarded run of {@code candidate} for a person to read (a command's run, a JUnit seed, a
     * replay). When it fails and an end check {@linkplain Simulation#focus pointed} at an earlier
     * moment, the seed runs a second time to collect the events around that moment, which the
     * report then shows instead of the run's last events.
     */
    public static RunOutcome run(Target target, Shrinker.Candidate candidate, Mode mode, TraceSink sink, String replayLine,
                                 long wallBudgetMillis) {
        RunOutcome o = guarded(target, simulation(target, candidate, mode, 0, sink, replayLine), wallBudgetMillis);
        if (o.passed() || o.focusNanos() < 0 || o.violation() == null || o.focusNanos() >= o.violation().simTimeNanos()) {
            return o;
        }
        dev.dst.trace.FocusWindow window = new dev.dst.trace.FocusWindow(o.focusNanos(), FOCUS_EVENTS_BEFORE, FOCUS_EVENTS_AFTER);
        RunOutcome again = guarded(target, simulation(target, candidate, mode, 0, window, replayLine), wallBudgetMillis);
        if (again.report().traceHash() != o.report().traceHash()) {
            return o; // the second run went elsewhere (nondeterminism): its events would not explain this run
        }
        return o.withLastEvents(window.events(), "(the events shown are those up to t=" + Durations.format(o.focusNanos())
                + ", where the check found the anomaly, from a second run of the seed)");
    }

    /**
     * A shrinker's trial of {@code target}: each candidate runs guarded, its tape replayed with
     * zeros past the end and its draws recorded. A hung candidate gives a HUNG violation and no
     * tape.
     */
    public static Shrinker.Trial trial(Target target, long wallBudgetMillis) {
        checkBudget(wallBudgetMillis);
        return (candidate, maxSteps) -> {
            Simulation sim = simulation(target, candidate, Mode.TRIAL, maxSteps, null, null);
            RunOutcome o = guarded(target, sim, wallBudgetMillis);
            if (o.badInput() != null) {
                throw new BadInputException(o.badInput());
            }
            boolean hung = o.violation() != null && o.violation().kind() == Violation.Kind.HUNG;
            return new Shrinker.Outcome(o.violation(), hung ? null : o.tape(), hung ? Map.of() : o.attachments(),
                    o.report().traceHash(), o.report().steps());
        };
    }

    /** The report of a run that did not finish in time; its state is read racily, for diagnosis only. */
    static RunOutcome hung(Target target, Simulation sim, long budgetMillis) {
        return hung(target, sim, budgetMillis, false);
    }

    /** As {@link #hung(Target, Simulation, long)}; {@code rerunning}: it was a failing seed's rerun that did not finish. */
    static RunOutcome hung(Target target, Simulation sim, long budgetMillis, boolean rerunning) {
        long steps = sim.steps();
        long now = sim.now();
        RunReport partial;
        try {
            partial = sim.report();
        } catch (RuntimeException racing) { // the run's thread is still changing what the report reads
            partial = new RunReport(sim.seed(), List.of(), steps, now, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                    List.of(), null, List.of(), sim.replayLine());
        }
        Violation v = new Violation(Violation.Kind.HUNG, "wall-clock budget",
                "no result after " + budgetMillis + " ms of real time; the simulation was at step " + partial.steps()
                        + ", t=" + Durations.format(partial.simTimeNanos())
                        + ": a node handler looping for ever? The last events show where it stopped."
                        + (rerunning ? " (The seed failed, and it was its rerun, to check that it fails the same way, that did not"
                        + " finish; the state shown is the first run's.)" : ""),
                partial.steps(), partial.simTimeNanos(), null);
        return new RunOutcome(target.name(), target.options(), partial.withViolation(v), budgetMillis, null, Map.of(), null, null, -1);
    }

    /**
     * A seed whose run ended by an error of dst's own or of the JVM (memory ran out): a failure
     * of that seed, named after the error, not bad input, so that the sweep goes on.
     */
    static RunOutcome broken(Target target, Simulation sim, long seed, Throwable t) {
        long steps = sim == null ? 0 : sim.steps();
        long now = sim == null ? 0 : sim.now();
        Violation v = new Violation(Violation.Kind.END_CHECK, "dst could not run the seed: " + t.getClass().getName(),
                String.valueOf(t.getMessage()), steps, now, null);
        RunReport empty = new RunReport(seed, List.of(), steps, now, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(),
                v, List.of(), target.replayLine(seed));
        return new RunOutcome(target.name(), target.options(), empty, 0, null, Map.of(), t, null, -1);
    }

    /** An outcome for a seed that could not be run at all: {@code why} is reported as bad input. */
    static RunOutcome notRun(Target target, long seed, String why, Throwable cause) {
        RunReport empty = new RunReport(seed, List.of(), 0, 0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null,
                List.of(), target.replayLine(seed));
        return new RunOutcome(target.name(), target.options(), empty, 0, null, Map.of(), cause, why, -1);
    }

    /** An exception from the target itself (not a check) as an end-check violation named after its class. */
    public static Violation thrown(Target target, Simulation sim, Throwable t) {
        String who = dev.dst.shrink.Reproduction.TEST.equals(target.kind()) ? "the test" : "the " + target.kind();
        return thrown(who, sim, t);
    }

    /** As {@link #thrown(Target, Simulation, Throwable)}, for {@code who} ("the test"). */
    public static Violation thrown(String who, Simulation sim, Throwable t) {
        StringBuilder detail = new StringBuilder(String.valueOf(t.getMessage()));
        StackTraceElement[] frames = t.getStackTrace();
        int shown = 0;
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            if (c.startsWith("dev.dst.sweep.") || c.startsWith("jdk.internal.") || c.startsWith("java.lang.reflect.")) {
                break; // the target's own frames end where the runner's begin
            }
            detail.append("\n    at ").append(f);
            if (++shown == 8) {
                break;
            }
        }
        return new Violation(Violation.Kind.END_CHECK, who + " threw " + t.getClass().getName(), detail.toString(), sim.steps(),
                sim.now(), null);
    }

    /** The longest wall-clock budget: a week. */
    static final long MAX_WALL_BUDGET_MILLIS = 7L * 86_400_000L;

    static void checkBudget(long wallBudgetMillis) {
        if (wallBudgetMillis < 1 || wallBudgetMillis > MAX_WALL_BUDGET_MILLIS) {
            throw new IllegalArgumentException("a wall-clock budget must be from 1 ms to " + MAX_WALL_BUDGET_MILLIS
                    + " ms (a week), got " + wallBudgetMillis);
        }
    }
}
