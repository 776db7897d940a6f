package dev.dst.sim;

import dev.dst.trace.TraceEvent;

import java.util.List;
import java.util.function.LongFunction;

/**
 * The determinism self-check: runs a scenario twice with the same seed and compares the trace
 * hash after every step. On a mismatch it runs the scenario a third time, up to the diverging
 * step, to show what the first run did there beside what the second did.
 *
 * <p>Costs two runs when deterministic, three otherwise. Catches wall-clock reads, threads,
 * {@code java.util.Random}, identity hash codes and hash-order iteration wherever they change
 * what nodes send, when timers fire, what they log or what messages print as.
 */
public final class DeterminismCheck {
    private DeterminismCheck() {}

    /** The code under test: builds its world on the simulation and runs it. */
    @FunctionalInterface
    public interface Body {
        void run(Simulation sim) throws Throwable;
    }

    /**
     * Outcome; when not deterministic, the first diverging step and each run's last events up
     * to it. The first run keeps its per-step hashes and its first {@value #KEPT_EVENTS} events;
     * when it diverged later than that, its events are shown as a third run replayed them,
     * checked against the first run's hash at every step: {@code firstRunVerified} says whether
     * the events shown are the first run's (kept, or replayed by a third run that matched it),
     * or a third run's that strayed too.
     */
    public record Result(boolean deterministic, long seed, long steps, long traceHash, long divergedAtStep,
                         List<TraceEvent> firstRun, List<TraceEvent> secondRun, boolean firstRunVerified) {
        public String describe() {
            if (deterministic) {
                return "deterministic: two runs of seed " + dev.dst.entropy.Seeds.format(seed) + " took the same " + steps
                        + " steps, trace hash " + String.format("%016x", traceHash);
            }
            StringBuilder sb = new StringBuilder();
            sb.append("NOT deterministic: seed ").append(dev.dst.entropy.Seeds.format(seed))
                    .append(" diverged at step ").append(divergedAtStep).append('\n');
            sb.append(firstRunVerified ? "  first run, up to that step:\n"
                    : "  a third run, up to that step (the first run's own events were not kept so far; the third strayed from it too):\n");
            tail(sb, firstRun);
            sb.append("  second run, up to that step:\n");
            tail(sb, secondRun);
            Object[] d = firstDifference(firstRun, secondRun, divergedAtStep);
            sb.append("  first diverging event:\n    run 1: ").append(d[0]).append("\n    run 2: ").append(d[1]).append('\n');
            return sb.toString();
        }

        /**
         * The first pair of events of the diverging step that differ; the step's last events when
         * the hashes differ but the rendered events do not (a payload whose hash is not its text).
         */
        private static Object[] firstDifference(List<TraceEvent> a, List<TraceEvent> b, long step) {
            for (int i = firstOfStep(a, step), j = firstOfStep(b, step); i < a.size() || j < b.size(); i++, j++) {
                Object x = i < a.size() ? a.get(i) : "(no more events)";
                Object y = j < b.size() ? b.get(j) : "(no more events)";
                if (!x.equals(y)) {
                    return new Object[] {x, y};
                }
            }
            return new Object[] {lastOf(a), lastOf(b)};
        }

        private static int firstOfStep(List<TraceEvent> events, long step) {
            int i = events.size();
            while (i > 0 && events.get(i - 1).step() >= step) {
                i--;
            }
            return i;
        }

        private static TraceEvent lastOf(List<TraceEvent> events) {
            return events.isEmpty() ? null : events.get(events.size() - 1);
        }

        private static void tail(StringBuilder sb, List<TraceEvent> events) {
            for (TraceEvent e : events.subList(Math.max(0, events.size() - 8), events.size())) {
                sb.append("    ").append(e).append('\n');
            }
        }
    }

    // Errors, not exceptions: a scenario that catches RuntimeException must not swallow them.
    static final class Diverged extends Error {
        final long step;
        final List<TraceEvent> events;

        Diverged(long step, List<TraceEvent> events) {
            super("diverged at step " + step, null, false, false);
            this.step = step;
            this.events = events;
        }
    }

    static final class Stop extends Error {
        final long step;
        final List<TraceEvent> events;

        Stop(long step, List<TraceEvent> events) {
            super("stopped at step " + step, null, false, false);
            this.step = step;
            this.events = events;
        }
    }

    /**
     * Runs {@code scenario} on simulations made by {@code simulations} (called with the seed,
     * three times at most) and compares them. Whatever the scenario throws (a
     * {@link SimulationFailure}, an assertion) is part of the behaviour compared, not an error
     * of the check.
     */
    /** The first run keeps this many events for the report (64 bytes and a reference each). */
    static final int KEPT_EVENTS = 1 << 20;

    public static Result check(long seed, LongFunction<Simulation> simulations, Body scenario) {
        Simulation first = simulations.apply(seed);
        first.traceForCheck().keepStepHashes();
        first.traceForCheck().keepEvents(KEPT_EVENTS);
        runQuietly(first, scenario);
        long[] hashes = first.traceForCheck().stepHashes().toLongArray();

        Simulation second = simulations.apply(seed);
        second.expectStepHashes(hashes);
        Diverged diverged = null;
        try {
            runQuietly(second, scenario);
        } catch (Diverged d) {
            diverged = d;
        }
        if (diverged == null && second.steps() == first.steps() && second.traceHash() == first.traceHash()) {
            return new Result(true, seed, first.steps(), first.traceHash(), -1, List.of(), List.of(), true);
        }
        long at = diverged != null ? diverged.step : Math.min(first.steps(), second.steps()) + 1;
        List<TraceEvent> secondEvents = diverged != null ? diverged.events : second.lastEvents(40);

        List<TraceEvent> kept = first.traceForCheck().keptUpTo(at, 40);
        if (kept != null) {
            return new Result(false, seed, first.steps(), first.traceHash(), at, kept, upTo(secondEvents, at), true);
        }
        Simulation third = simulations.apply(seed);
        third.expectStepHashes(hashes);
        third.stopAtStep(at + 1);
        List<TraceEvent> firstEvents;
        boolean verified;
        try {
            runQuietly(third, scenario);
            firstEvents = third.lastEvents(40);
            verified = third.steps() <= hashes.length && third.traceHash() == first.traceHash();
        } catch (Stop s) {
            firstEvents = s.events;
            verified = true;
        } catch (Diverged d) {
            firstEvents = d.events;
            verified = false;
        }
        firstEvents = upTo(firstEvents, at);
        return new Result(false, seed, first.steps(), first.traceHash(), at, firstEvents, upTo(secondEvents, at), verified);
    }

    private static List<TraceEvent> upTo(List<TraceEvent> events, long step) {
        int end = events.size();
        while (end > 0 && events.get(end - 1).step() > step) {
            end--;
        }
        return events.subList(0, end);
    }

    private static void runQuietly(Simulation sim, Body scenario) {
        try {
            scenario.run(sim);
            sim.finish();
        } catch (Diverged | Stop control) {
            throw control;
        } catch (Throwable expected) {
            // a failing run is compared like a passing one
        }
    }
}
