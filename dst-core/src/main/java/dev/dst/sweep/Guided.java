package dev.dst.sweep;

import dev.dst.entropy.ChoiceTape;
import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.shrink.Shrinker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Guided exploration: runs that reach something new are kept and varied, instead of every
 * run starting from a fresh seed. A run's <em>features</em> are its "sometimes" probes and its
 * fault kinds, each with its count in a power-of-two bucket (a probe hit once differs from one
 * hit a hundred times), as AFL buckets branch counts. A run with a feature no earlier run had
 * joins the corpus with its choice tape. Each next run is either a fresh seed (one in four,
 * and the first {@value #INITIAL_FRESH}) or a mutation of a corpus tape: its streams cut, all
 * at one fraction of their length or each at its own, the rest drawn fresh from a new seed
 * ("prefix kept, suffix redrawn"). Parents are picked by a tournament of three: the one whose
 * rarest feature fewest runs have reached.
 *
 * <p>Deterministic for a given seed and budget: every choice comes from the stream
 * {@code guide} of {@link EntropySource#seeded}{@code (seed)}, and runs go in batches of
 * {@value #BATCH} made before the batch runs and merged in order, whatever the thread count.
 * A failing run stops the search; its tape replays it exactly (recorded, zeros past the end),
 * so it can be shrunk and saved as any failure is.
 */
public final class Guided {
    /** Runs per batch: decided before the batch, merged in order, so the thread count changes nothing. */
    static final int BATCH = 8;
    /** The first runs are fresh seeds: a corpus to start from. */
    static final int INITIAL_FRESH = 16;

    /** A failing run: its place in the search, its candidate (seed and recorded tape) and outcome, and where it came from. */
    public record Failure(int run, Shrinker.Candidate candidate, RunOutcome outcome, String origin) {}

    /** What the search did: runs made, the corpus and features at the end, the first failure (null: none), wall time. */
    public record Result(int runs, int corpusSize, int features, int mutated, Failure failure, Map<String, Integer> featureRuns,
                         long wallMillis) {
        public boolean failed() {
            return failure != null;
        }
    }

    private record Entry(ChoiceTape tape, List<String> features) {}

    private record Planned(Shrinker.Candidate candidate, String origin) {}

    private final Target target;
    private final Entropy guide;
    private final Map<String, String> given;
    private final long wallBudgetMillis;
    private final List<Entry> corpus = new ArrayList<>();
    private final Map<String, Integer> featureRuns = new TreeMap<>(); // feature -> runs that had it
    private int runs;
    private int mutated;

    private Guided(Target target, long seed, Map<String, String> given, long wallBudgetMillis) {
        this.target = target;
        this.guide = EntropySource.seeded(seed).stream("guide");
        this.given = Map.copyOf(given);
        this.wallBudgetMillis = wallBudgetMillis;
    }

    /**
     * Explores {@code target} for at most {@code budget} runs from guide seed {@code seed},
     * {@code threads} at a time, each run with {@code given} attachments (a plan given by hand)
     * and {@code wallBudgetMillis} of real time; {@code progress} hears of each corpus addition.
     */
    public static Result explore(Target target, long seed, int budget, int threads, Map<String, String> given, long wallBudgetMillis,
                                 Consumer<String> progress) {
        if (budget < 1 || threads < 1) {
            throw new IllegalArgumentException("explore needs a budget of at least one run and one thread: " + budget + ", " + threads);
        }
        Runner.checkBudget(wallBudgetMillis);
        return new Guided(target, seed, given, wallBudgetMillis).search(budget, threads, progress);
    }

    private Result search(int budget, int threads, Consumer<String> progress) {
        long startNanos = System.nanoTime(); // for the report only
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dst-explore");
            t.setDaemon(true);
            return t;
        });
        try {
            while (runs < budget) {
                List<Planned> batch = new ArrayList<>();
                for (int i = 0; i < Math.min(BATCH, budget - runs); i++) {
                    batch.add(next(runs + i));
                }
                List<Future<RunOutcome>> done = new ArrayList<>();
                for (Planned p : batch) {
                    done.add(pool.submit(() -> Runner.guarded(target,
                            Runner.simulation(target, p.candidate(), Runner.Mode.REPLAY, 0, null, null), wallBudgetMillis)));
                }
                for (int i = 0; i < batch.size(); i++) {
                    RunOutcome o = get(done.get(i));
                    runs++;
                    if (o.badInput() != null) {
                        throw new dev.dst.sim.BadInputException(o.badInput());
                    }
                    if (!o.passed()) {
                        Planned p = batch.get(i);
                        Shrinker.Candidate exact = new Shrinker.Candidate(p.candidate().seed(), o.tape(), given);
                        return result(new Failure(runs, exact, o, p.origin()), startNanos);
                    }
                    learn(o, progress);
                }
            }
            return result(null, startNanos);
        } finally {
            pool.shutdownNow();
        }
    }

    private Result result(Failure failure, long startNanos) {
        return new Result(runs, corpus.size(), featureRuns.size(), mutated, failure, new LinkedHashMap<>(featureRuns),
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static RunOutcome get(Future<RunOutcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exploring", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The run at index {@code index}: a fresh seed, or a mutation of a corpus tape. */
    private Planned next(int index) {
        long seed = guide.nextLong() & 0x7fff_ffff_ffffL;
        if (corpus.isEmpty() || index < INITIAL_FRESH || guide.below(4) == 0) {
            return new Planned(new Shrinker.Candidate(seed, null, given), "a fresh seed");
        }
        int parent = tournament();
        ChoiceTape tape = corpus.get(parent).tape();
        mutated++;
        return new Planned(new Shrinker.Candidate(seed, mutate(tape, seed), given), "a mutation of corpus tape " + (parent + 1));
    }

    /** Of three corpus entries drawn, the one whose rarest feature the fewest runs reached (ties: the earliest drawn). */
    private int tournament() {
        int best = -1;
        int bestScore = Integer.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            int c = guide.below(corpus.size());
            int score = Integer.MAX_VALUE;
            for (String f : corpus.get(c).features()) {
                score = Math.min(score, featureRuns.getOrDefault(f, 0));
            }
            if (score < bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /** {@code tape}'s streams cut (at one fraction, or each at its own), under {@code seed}: what is cut off is drawn fresh from it. */
    private ChoiceTape mutate(ChoiceTape tape, long seed) {
        boolean together = guide.below(2) == 0;
        double fraction = guide.unit();
        Map<String, long[]> streams = new LinkedHashMap<>();
        for (String name : tape.streamNames()) {
            long[] draws = tape.draws(name);
            double f = together ? fraction : guide.unit();
            streams.put(name, java.util.Arrays.copyOf(draws, (int) (draws.length * f)));
        }
        return new ChoiceTape(seed, streams);
    }

    /** Counts the run's features; keeps its tape when one is new. */
    private void learn(RunOutcome o, Consumer<String> progress) {
        List<String> features = features(o);
        List<String> fresh = new ArrayList<>();
        for (String f : features) {
            if (featureRuns.merge(f, 1, Integer::sum) == 1) {
                fresh.add(f);
            }
        }
        if (!fresh.isEmpty() && o.tape() != null) {
            corpus.add(new Entry(o.tape(), features));
            progress.accept("run " + runs + ": corpus tape " + corpus.size() + ", new: " + String.join(", ", fresh));
        }
    }

    /** {@code probe NAME xB} and {@code fault KIND xB}, B the count's power-of-two bucket (1, 2, 4 ...); a probe never hit is {@code x0}. */
    static List<String> features(RunOutcome o) {
        TreeSet<String> out = new TreeSet<>();
        o.report().probes().forEach((name, count) -> out.add("probe " + name + " x" + bucket(count)));
        o.report().faults().forEach((kind, count) -> out.add("fault " + kind + " x" + bucket(count)));
        return List.copyOf(out);
    }

    static long bucket(long count) {
        return count <= 0 ? 0 : Long.highestOneBit(count);
    }
}
