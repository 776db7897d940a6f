package dev.dst.sweep;

import dev.dst.entropy.ChoiceLog;
import dev.dst.entropy.ChoiceTape;
import dev.dst.entropy.Entropy;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.BadInputException;
import dev.dst.sim.Simulation;
import dev.dst.sim.StepObserver;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntLinkedOpenHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Exhaustive exploration of a tiny configuration: every run the target can make within bounds,
 * depth first, instead of runs drawn at random.
 *
 * <p>A run's choices are its draws from entropy, in the order it makes them (the scheduler's
 * pick among events due at one instant, a chance that drops a message or fires a fault, which
 * node a {@linkplain CrashPoints crash point} powers off). The first run takes every choice's
 * simplest value (0). Each later run replays a prefix of an earlier one and takes another value
 * at the prefix's last choice, then the simplest values again; so every combination of values
 * is reached. A choice among more than {@link Bounds#maxBranch} values (a delay in nanoseconds, a
 * timeout drawn from a range) is not enumerated: it keeps its simplest value, or with
 * {@link Bounds#seedWide} a value fixed by the seed and its place in its stream (so that
 * randomized timeouts still differ, and each seed explores another such assignment).
 *
 * <p>After every step past its prefix, a run's {@linkplain Simulation#stateHash() state} is
 * hashed; a run that reaches a state an earlier run reached at the same step or sooner stops
 * there (its future was explored from that state already), and so does a run that reaches the
 * step bound. Such a cut run is judged by the invariants checked up to then; only runs that end
 * on their own are also judged by their end checks. The first violation stops the search; its
 * tape (recorded, zeros past its end) replays it exactly, so it is shrunk and saved as any
 * failure is.
 *
 * <p>Deterministic: one thread, runs in a fixed order. The search is complete when no choice is
 * left to try; otherwise it stopped at its budget of runs.
 */
public final class Exhaustive {
    /**
     * The bounds of a search: steps per run, the widest choice enumerated, crash points per run
     * and the nodes they may hit (empty: every node), the budget of runs, and whether equal
     * states are explored once; {@code seedWide}: the choices not enumerated take values fixed by
     * the seed and their place in their stream instead of the simplest ones (see
     * {@link dev.dst.entropy.EntropySource#seedWideDraws}).
     */
    public record Bounds(long maxSteps, int maxBranch, int crashes, List<String> crashNodes, long maxRuns, boolean stateHashing,
                         boolean seedWide) {
        public Bounds {
            if (maxSteps < 1 || maxBranch < 2 || crashes < 0 || maxRuns < 1) {
                throw new IllegalArgumentException("exhaustive bounds: steps >= 1, branch >= 2, crashes >= 0 and runs >= 1, got "
                        + maxSteps + ", " + maxBranch + ", " + crashes + ", " + maxRuns);
            }
            crashNodes = List.copyOf(crashNodes);
        }

        /** Wide choices at their simplest values. */
        public Bounds(long maxSteps, int maxBranch, int crashes, List<String> crashNodes, long maxRuns, boolean stateHashing) {
            this(maxSteps, maxBranch, crashes, crashNodes, maxRuns, stateHashing, false);
        }
    }

    /** A failing run: its place in the search, and its candidate (seed, recorded tape, attachments) and outcome. */
    public record Failure(long run, Shrinker.Candidate candidate, RunOutcome outcome) {}

    /**
     * What the search did: runs made, and of them those that ended on their own, at the step
     * bound, and at a state seen before; distinct states; choices with other values tried;
     * whether every choice within bounds was tried; the first failure (null: none); wall time.
     */
    public record Result(long runs, long ended, long atBound, long pruned, long states, long branches, boolean complete,
                         Failure failure, long wallMillis) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** The draws one run made, in order: which stream, the value, how many values it had. */
    private static final class RunLog implements ChoiceLog {
        final IntArrayList streams = new IntArrayList();
        final LongArrayList values = new LongArrayList();
        final LongArrayList bounds = new LongArrayList();
        private final Object2IntLinkedOpenHashMap<String> streamIds;

        RunLog(Object2IntLinkedOpenHashMap<String> streamIds) {
            this.streamIds = streamIds;
        }

        @Override
        public void drew(Entropy stream, long value, long bound) {
            int id = streamIds.computeIfAbsent(stream.name(), k -> streamIds.size());
            streams.add(id);
            values.add(value);
            bounds.add(bound);
        }

        int size() {
            return values.size();
        }
    }

    /** A run to make: {@code parent}'s first {@code position} draws, then {@code value} at {@code position}; the root has no parent. */
    private record Branch(RunLog parent, int position, long value) {
        int prefixLength() {
            return parent == null ? 0 : position + 1;
        }
    }

    /**
     * Hashes the state after each step past the prefix; ends the run at a state seen before or at
     * the step bound. Its fields are transient: they are the search's, not the run's state.
     */
    private static final class Pruner implements StepObserver {
        private final transient RunLog log;
        private final transient int prefixLength;
        private final transient Bounds bounds;
        private final transient Long2LongOpenHashMap visited;

        Pruner(RunLog log, int prefixLength, Bounds bounds, Long2LongOpenHashMap visited) {
            this.log = log;
            this.prefixLength = prefixLength;
            this.bounds = bounds;
            this.visited = visited;
        }

        @Override
        public void stepped(Simulation sim) {
            long steps = sim.steps();
            if (bounds.stateHashing() && log.size() >= prefixLength) {
                long h = sim.stateHash();
                if (visited.get(h) <= steps) {
                    throw new RunCut(RunCut.Why.PRUNED);
                }
                visited.put(h, steps);
            }
            if (steps >= bounds.maxSteps()) {
                throw new RunCut(RunCut.Why.BOUND);
            }
        }
    }

    private final Target target;
    private final long seed;
    private final Bounds bounds;
    private final Map<String, String> given;
    private final long wallBudgetMillis;
    private final Object2IntLinkedOpenHashMap<String> streamIds = new Object2IntLinkedOpenHashMap<>();
    private final Long2LongOpenHashMap visited = new Long2LongOpenHashMap(); // state hash -> fewest steps it was reached in
    private final ArrayDeque<Branch> todo = new ArrayDeque<>();
    private long runs;
    private long ended;
    private long atBound;
    private long pruned;
    private long branches;

    private Exhaustive(Target target, long seed, Bounds bounds, Map<String, String> given, long wallBudgetMillis) {
        this.target = target;
        this.seed = seed;
        this.bounds = bounds;
        Map<String, String> g = new TreeMap<>(given);
        if (bounds.crashes() > 0) {
            g.put(CrashPoints.ATTACHMENT, CrashPoints.text(bounds.crashes(), bounds.crashNodes()));
        }
        this.given = Map.copyOf(g);
        this.wallBudgetMillis = wallBudgetMillis;
        visited.defaultReturnValue(Long.MAX_VALUE);
    }

    /**
     * Explores every run of {@code target} within {@code bounds}, each run named by {@code seed}
     * and given {@code given} attachments (a plan) and {@code wallBudgetMillis} of real time;
     * {@code progress} hears a line every {@value #PROGRESS_EVERY} runs.
     */
    public static Result explore(Target target, long seed, Bounds bounds, Map<String, String> given, long wallBudgetMillis,
                                 Consumer<String> progress) {
        Runner.checkBudget(wallBudgetMillis);
        return new Exhaustive(target, seed, bounds, given, wallBudgetMillis).search(progress);
    }

    static final int PROGRESS_EVERY = 1000;

    private Result search(Consumer<String> progress) {
        long startNanos = System.nanoTime(); // for the report only
        todo.push(new Branch(null, -1, 0));
        while (!todo.isEmpty() && runs < bounds.maxRuns()) {
            Branch b = todo.pop();
            RunLog log = new RunLog(streamIds);
            int prefix = b.prefixLength();
            Simulation sim = Runner.simulation(target, new Shrinker.Candidate(seed, tapeOf(b), given), Runner.Mode.TRIAL, 0, null, null,
                    builder -> {
                        builder.choiceLog(log).afterEachStep(new Pruner(log, prefix, bounds, visited));
                        if (bounds.seedWide()) {
                            builder.seedWideDraws(bounds.maxBranch());
                        }
                    });
            RunOutcome o = Runner.guarded(target, sim, wallBudgetMillis);
            runs++;
            if (o.badInput() != null) {
                throw new BadInputException(o.badInput());
            }
            if (!o.passed()) {
                Failure f = new Failure(runs, new Shrinker.Candidate(seed, o.tape(), given), o);
                return result(f, startNanos);
            }
            count(o);
            pushAlternatives(log, prefix);
            if (runs % PROGRESS_EVERY == 0) {
                progress.accept(runs + " runs, " + visited.size() + " states, " + todo.size() + " choices left to try");
            }
        }
        return result(null, startNanos);
    }

    private void count(RunOutcome o) {
        if (o.thrown() instanceof RunCut c) {
            if (c.why == RunCut.Why.PRUNED) {
                pruned++;
            } else {
                atBound++;
            }
        } else {
            ended++;
        }
    }

    /** Every other value of every enumerable choice the run made past its prefix; the deepest on top. */
    private void pushAlternatives(RunLog log, int prefix) {
        for (int i = prefix; i < log.size(); i++) {
            long bound = log.bounds.getLong(i);
            if (bound < 2 || bound > bounds.maxBranch()) {
                continue;
            }
            assert log.values.getLong(i) == 0 : "past its prefix a run takes the simplest value, not " + log.values.getLong(i);
            for (long v = bound - 1; v >= 1; v--) {
                todo.push(new Branch(log, i, v));
                branches++;
            }
        }
    }

    /** The tape that makes {@code b}'s run: its parent's draws up to the branch point, per stream, then the new value. */
    private ChoiceTape tapeOf(Branch b) {
        if (b.parent() == null) {
            return new ChoiceTape(seed, Map.of());
        }
        RunLog p = b.parent();
        List<String> names = new ArrayList<>(streamIds.keySet());
        Map<String, LongArrayList> perStream = new LinkedHashMap<>();
        for (int i = 0; i <= b.position(); i++) {
            long v = i == b.position() ? b.value() : p.values.getLong(i);
            perStream.computeIfAbsent(names.get(p.streams.getInt(i)), k -> new LongArrayList()).add(v);
        }
        Map<String, long[]> streams = new LinkedHashMap<>();
        perStream.forEach((name, draws) -> streams.put(name, draws.toLongArray()));
        return new ChoiceTape(seed, streams);
    }

    private Result result(Failure failure, long startNanos) {
        return new Result(runs, ended, atBound, pruned, visited.size(), branches, failure == null && todo.isEmpty(), failure,
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
