package dev.dst.shrink;

import dev.dst.entropy.ChoiceTape;
import dev.dst.sim.Violation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Minimizes a failing run: searches for a smaller fault plan and a smaller choice tape that
 * still fail the same way (same {@link ShrinkFailure}: kind of violation and name).
 *
 * <p>Phases, each greedy (the first smaller variant that still fails is kept, and the search
 * goes on from it):
 * <ol>
 *   <li>attachments, with fresh draws from the seed: every {@link Reducer} (a nemesis plan: drop
 *       all faults, then halves, quarters ... single faults with their reverts, then shorten
 *       each fault);</li>
 *   <li>the attachments again with the draws the run made replayed (the choice tape pinned): a
 *       fault whose removal only moved the schedule under fresh draws often goes now;</li>
 *   <li>the choice tape, replayed: per stream, empty it, cut it in half; then, from
 *       large spans to single draws, delete spans and set spans to zero (0 is the simplest
 *       choice: no fault, the shortest delay, the first candidate); then halve what values
 *       remain. A tape is smaller when it has fewer draws, then fewer non-zero draws, then fewer
 *       bits in its values; an edit is kept only if the run takes no more steps than before;</li>
 *   <li>attachments again, with the smaller tape.</li>
 * </ol>
 *
 * <p>Deterministic: the same failing run and the same attempt budget give the same result. A
 * wall-clock limit is a safety net; when it ends a search the result depends on the machine's
 * speed, and {@link Result#stopReason()} says so.
 */
public final class Shrinker {
    /** One run of the system under test from a candidate, recording its tape. */
    @FunctionalInterface
    public interface Trial {
        /**
         * Runs {@code candidate}. {@code maxSteps}, when positive, is a step budget for this run
         * (give it to {@link dev.dst.sim.Simulation.Builder#maxSteps}): a candidate that would run
         * much longer than the failure it should reproduce is cut short instead of costing a
         * whole run.
         */
        Outcome run(Candidate candidate, long maxSteps);
    }

    /**
     * What to run: the seed, a tape to replay ({@code null}: fresh draws from the seed) and the
     * attachments to give the simulation.
     */
    public record Candidate(long seed, ChoiceTape tape, Map<String, String> attachments) {
        public Candidate {
            attachments = java.util.Collections.unmodifiableMap(new TreeMap<>(attachments));
        }
    }

    /**
     * What a run did: its violation ({@code null}: it passed), the tape it drew, its attachments
     * at the end (the plan it used), its trace hash and steps.
     */
    public record Outcome(Violation violation, ChoiceTape tape, Map<String, String> attachments, long traceHash, long steps) {}

    /** Sizes before and after, for reports: per reducer its size ("fault events"), and the tape's draws. */
    public record Sizes(Map<String, Long> attachmentSizes, long tapeDraws) {}

    /**
     * The result: the original run, the smallest failing candidate and its outcome, and what
     * the search cost. {@code shrunk} is null when the original run passed.
     */
    public record Result(Candidate original, Outcome originalOutcome, Candidate shrunk, Outcome shrunkOutcome,
                         Sizes before, Sizes after, int attempts, int accepted, long wallMillis, String stopReason,
                         String nondeterminism) {
        public boolean failed() {
            return shrunk != null;
        }

        /**
         * Whether the shrunk run, run once more, failed the same way with the same trace: a
         * reproduction is written only then. Otherwise {@link #nondeterminism()} says what differed.
         */
        public boolean reproducible() {
            return nondeterminism == null;
        }
    }

    private static final String PHASE_BUDGET = "the tape's share of the budget";

    private final List<Reducer> reducers;
    private final int maxAttempts;
    private final long maxMillis;
    private final Consumer<String> progress;

    private Shrinker(Builder b) {
        this.reducers = List.copyOf(b.reducers);
        this.maxAttempts = b.maxAttempts;
        this.maxMillis = b.maxMillis;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings; every one has a default. */
    public static final class Builder {
        private final List<Reducer> reducers = new ArrayList<>();
        private int maxAttempts = 500;
        private long maxMillis = 120_000;
        private Consumer<String> progress = line -> { };

        private Builder() {}

        public Builder reducer(Reducer r) {
            reducers.add(r);
            return this;
        }

        public Builder reducers(Iterable<Reducer> rs) {
            rs.forEach(reducers::add);
            return this;
        }

        /** At most this many runs, the original included (default 500): the deterministic bound. */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /** Stop after this much real time (default 120 s): a safety net, not deterministic. */
        public Builder maxMillis(long ms) {
            if (ms < 1) {
                throw new IllegalArgumentException("maxMillis must be at least 1: " + ms);
            }
            this.maxMillis = ms;
            return this;
        }

        /** Told one line each time a smaller failing run is found. */
        public Builder progress(Consumer<String> p) {
            this.progress = p;
            return this;
        }

        public Shrinker build() {
            return new Shrinker(this);
        }
    }

    /**
     * The reducers registered through {@link java.util.ServiceLoader} on {@code loader}
     * ({@code META-INF/services/dev.dst.shrink.Reducer}; dst-net registers the nemesis plan's), in
     * order of their keys whatever the class path order.
     */
    public static List<Reducer> reducersOn(ClassLoader loader) {
        List<Reducer> list = new ArrayList<>();
        java.util.ServiceLoader.load(Reducer.class, loader).forEach(list::add);
        list.sort((a, b) -> a.key().compareTo(b.key()));
        return list;
    }

    /** Shrinks the run of {@code seed} given {@code attachments} (none: an empty map). */
    public Result shrink(long seed, Map<String, String> attachments, Trial trial) {
        return new Search(trial).run(new Candidate(seed, null, attachments));
    }

    /** Shrinks the run of {@code original}, whose tape (when it has one) holds every draw it made: a guided search's failure. */
    public Result shrink(Candidate original, Trial trial) {
        return new Search(trial).run(original);
    }

    private final class Search {
        private final Trial trial;
        private final long startNanos = System.nanoTime(); // the safety net only; never decides a simulated thing
        private int attempts;
        private int accepted;
        private String stopReason;
        private ShrinkFailure target;
        private Candidate best;
        private Outcome bestOutcome;
        private long attachmentStepLimit;
        private long originalDraws = -1; // a kept candidate never draws more than the original run
        private int phaseBudget = maxAttempts;

        Search(Trial trial) {
            this.trial = trial;
        }

        Result run(Candidate original) {
            Outcome first = run1(original, 0);
            if (first.violation() == null) {
                return new Result(original, first, null, null, null, null, attempts, 0, millis(), "the run passed", null);
            }
            target = ShrinkFailure.of(first.violation());
            // candidates may run longer than the original (a fault removed, the failure comes
            // later), but not without bound; a livelock being shrunk keeps its own budget
            boolean livelock = first.violation().kind() == Violation.Kind.NO_PROGRESS;
            attachmentStepLimit = livelock ? 0 : 4 * first.steps() + 10_000;
            Sizes before = sizes(first.attachments(), first.tape());
            originalDraws = first.tape() == null ? -1 : before.tapeDraws();
            // the attachments the run used (a generated plan), given explicitly from now on
            Map<String, String> given = new TreeMap<>(original.attachments());
            for (Reducer r : reducers) {
                String used = first.attachments().get(r.key());
                if (used != null) {
                    given.put(r.key(), used);
                }
            }
            best = original;
            bestOutcome = first;
            Candidate pinned = new Candidate(original.seed(), null, given);
            if (!given.equals(original.attachments()) && !exhausted()) {
                if (!tryCandidate(pinned, false)) {
                    progress.accept("the run with its attachments given does not fail the same way; shrinking the tape only");
                }
            }
            reduceAttachments();
            if (pinTape()) {
                // the plan again, now with every draw fixed: a fault whose removal only moved the
                // schedule under fresh draws may go now, and this is cheap next to the tape
                reduceAttachments();
                // the tape could use any budget; leave a fifth of it for the plan at the end,
                // which often drops faults the shorter run no longer reaches
                phaseBudget = maxAttempts - maxAttempts / 5;
                shrinkTape();
                phaseBudget = maxAttempts;
                if (stopReason != null && stopReason.startsWith(PHASE_BUDGET)) {
                    stopReason = null;
                }
                reduceAttachments();
            }
            if (stopReason == null) {
                stopReason = "done: no smaller candidate fails the same way";
            }
            Sizes after = sizes(bestOutcome.attachments(), best.tape() != null ? best.tape() : bestOutcome.tape());
            return new Result(original, first, best, bestOutcome, before, after, attempts, accepted, millis(), stopReason, recheck());
        }

        /** Runs the smallest candidate once more: a run that does something else now is nondeterministic, and not kept. */
        private String recheck() {
            Outcome again = trial.run(best, 0); // not counted: the budget is the search's
            if (target.matches(again.violation()) && again.traceHash() == bestOutcome.traceHash()) {
                return null;
            }
            return "the shrunk run, run again, " + (again.violation() == null ? "passed"
                    : target.matches(again.violation()) ? "failed the same way with another trace (hash "
                    + String.format("%016x", again.traceHash()) + ", before " + String.format("%016x", bestOutcome.traceHash()) + ")"
                    : "failed otherwise: " + again.violation().headline())
                    + ": something outside the seed decides what the run does (the wall clock, a thread, java.util.Random, hash order)";
        }

        // ------------------------------------------------------------ attachments

        private void reduceAttachments() {
            for (Reducer r : reducers) {
                boolean progressMade = true;
                while (progressMade && !exhausted()) {
                    progressMade = false;
                    String current = best.attachments().get(r.key());
                    if (current == null) {
                        break;
                    }
                    for (String smaller : r.candidates(current)) {
                        if (exhausted()) {
                            return;
                        }
                        Map<String, String> att = new TreeMap<>(best.attachments());
                        att.put(r.key(), smaller);
                        if (tryCandidate(new Candidate(best.seed(), best.tape(), att), false)) {
                            progress.accept(r.key() + ": " + r.describe(smaller) + " (run " + attempts + ")");
                            progressMade = true;
                            break;
                        }
                    }
                }
            }
        }

        // ------------------------------------------------------------ the tape

        /** From fresh draws to the recorded tape: the same run, now editable. False when that cannot be done. */
        private boolean pinTape() {
            if (exhausted()) {
                return false;
            }
            ChoiceTape recorded = normalize(bestOutcome.tape());
            if (recorded == null) {
                return false;
            }
            if (best.tape() == null && !tryCandidate(new Candidate(best.seed(), recorded, best.attachments()), true)) {
                progress.accept("replaying the recorded tape does not fail the same way; the tape is left as it is");
                return false;
            }
            return true;
        }

        private void shrinkTape() {
            if (exhausted()) {
                return;
            }
            for (String s : streamsBySize()) { // whole streams: all zeros, then halves
                if (!tryStream(s, new long[0])) {
                    long[] d = draws(s);
                    while (d.length > 1 && tryStream(s, Arrays.copyOf(d, d.length / 2))) {
                        d = draws(s);
                    }
                }
            }
            int longest = 0;
            for (String s : best.tape().streamNames()) {
                longest = Math.max(longest, draws(s).length);
            }
            for (int span = Integer.highestOneBit(Math.max(1, longest / 2)); span >= 1 && !exhausted(); span /= 2) {
                for (String s : streamsBySize()) {
                    editSpans(s, span, true);
                    editSpans(s, span, false);
                }
            }
            for (String s : streamsBySize()) { // halve what is left, one draw at a time
                long[] d = draws(s);
                for (int i = 0; i < d.length && !exhausted(); i++) {
                    while (d[i] > 1) {
                        long[] e = d.clone();
                        e[i] = d[i] >>> 1;
                        if (!tryStream(s, e)) {
                            break;
                        }
                        d = draws(s);
                        if (i >= d.length) {
                            break;
                        }
                    }
                    d = draws(s);
                }
            }
        }

        /** Deletes (or zeroes) spans of {@code span} draws, from the end of the stream back. */
        private void editSpans(String stream, int span, boolean delete) {
            long[] d = draws(stream);
            for (int end = d.length; end - span >= 0 && !exhausted(); end -= span) {
                d = draws(stream);
                if (end > d.length) {
                    end = d.length;
                    if (end - span < 0) {
                        return;
                    }
                }
                int from = end - span;
                long[] edited;
                if (delete) {
                    edited = new long[d.length - span];
                    System.arraycopy(d, 0, edited, 0, from);
                    System.arraycopy(d, end, edited, from, d.length - end);
                } else {
                    boolean anyNonZero = false;
                    for (int i = from; i < end; i++) {
                        anyNonZero |= d[i] != 0;
                    }
                    if (!anyNonZero) {
                        continue;
                    }
                    edited = d.clone();
                    Arrays.fill(edited, from, end, 0);
                }
                tryStream(stream, edited);
            }
        }

        private boolean tryStream(String stream, long[] draws) {
            return tryCandidate(new Candidate(best.seed(), best.tape().with(stream, draws), best.attachments()), true);
        }

        private long[] draws(String stream) {
            return best.tape().draws(stream);
        }

        /** Stream names, longest first (ties by name), so that the big streams are cut first. */
        private List<String> streamsBySize() {
            List<String> names = new ArrayList<>(best.tape().streamNames());
            names.sort((a, b) -> {
                int c = Integer.compare(draws(b).length, draws(a).length);
                return c != 0 ? c : a.compareTo(b);
            });
            return names;
        }

        // ------------------------------------------------------------ runs

        /**
         * Runs a candidate; keeps it when it fails the same way and is smaller. With a tape, the
         * kept tape is the one the run actually drew (normalized), and it must be smaller than
         * the current one.
         */
        private boolean tryCandidate(Candidate c, boolean tapeMustShrink) {
            // a tape edit is kept only if the run is no longer, so it may stop at the current length
            long limit = tapeMustShrink && attachmentStepLimit > 0 ? bestOutcome.steps() : attachmentStepLimit;
            Outcome o = run1(c, limit);
            if (!target.matches(o.violation())) {
                return false;
            }
            if (originalDraws >= 0 && o.tape() != null && normalizedSize(o.tape()) > originalDraws) {
                return false; // fewer faults bought with a longer run (more draws) is not a smaller reproduction
            }
            Candidate kept = c;
            if (c.tape() != null) {
                ChoiceTape drawn = normalize(o.tape());
                if (drawn == null) {
                    drawn = c.tape();
                }
                // a tape edit must make the tape smaller without making the run longer: fewer draws
                // that buy many more steps (zero delays, clients with no think time) read worse
                if (tapeMustShrink && best.tape() != null
                        && (compareTapes(drawn, best.tape()) >= 0 || o.steps() > bestOutcome.steps())) {
                    return false;
                }
                kept = new Candidate(c.seed(), drawn, c.attachments());
            }
            best = kept;
            bestOutcome = o;
            accepted++;
            return true;
        }

        private Outcome run1(Candidate c, long maxSteps) {
            attempts++;
            return trial.run(c, maxSteps);
        }

        private boolean exhausted() {
            if (stopReason != null) {
                return true;
            }
            if (attempts >= phaseBudget && phaseBudget < maxAttempts) {
                stopReason = PHASE_BUDGET;
            } else if (attempts >= maxAttempts) {
                stopReason = "the attempt budget (" + maxAttempts + " runs) ran out";
            } else if (millis() >= maxMillis) {
                stopReason = "the time limit (" + maxMillis + " ms) ran out after " + attempts
                        + " runs; this result depends on the machine's speed";
            }
            return stopReason != null;
        }

        private long millis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        private Sizes sizes(Map<String, String> attachments, ChoiceTape tape) {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Reducer r : reducers) {
                String text = attachments.get(r.key());
                if (text != null) {
                    m.put(r.key(), r.size(text));
                }
            }
            return new Sizes(m, tape == null ? 0 : normalizedSize(tape));
        }
    }

    // ---------------------------------------------------------------- tape order

    /** The tape without trailing zeros in any stream (past a stream's end, every draw is 0 anyway). */
    static ChoiceTape normalize(ChoiceTape tape) {
        if (tape == null) {
            return null;
        }
        Map<String, long[]> streams = new LinkedHashMap<>();
        for (String s : tape.streamNames()) {
            long[] d = tape.draws(s);
            int n = d.length;
            while (n > 0 && d[n - 1] == 0) {
                n--;
            }
            streams.put(s, n == d.length ? d : Arrays.copyOf(d, n));
        }
        return new ChoiceTape(tape.seed(), streams);
    }

    private static long normalizedSize(ChoiceTape tape) {
        return normalize(tape).size();
    }

    /** Fewer draws, then fewer non-zero draws, then fewer bits in all values: smaller. */
    static int compareTapes(ChoiceTape a, ChoiceTape b) {
        long[] ka = key(a);
        long[] kb = key(b);
        for (int i = 0; i < ka.length; i++) {
            int c = Long.compare(ka[i], kb[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long[] key(ChoiceTape t) {
        long draws = 0;
        long nonZero = 0;
        long bits = 0;
        for (String s : t.streamNames()) {
            for (long v : t.draws(s)) {
                draws++;
                if (v != 0) {
                    nonZero++;
                    bits += 64 - Long.numberOfLeadingZeros(v);
                }
            }
        }
        return new long[] {draws, nonZero, bits};
    }
}
