package dev.dst.sweep;

import dev.dst.entropy.Seeds;
import dev.dst.shrink.ShrinkFailure;
import dev.dst.sim.DeterminismCheck;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sweep engine: runs a {@link Target} for every seed of a {@link SeedList} on worker
 * threads, with a wall-clock budget per seed, writes one result line per seed as it finishes,
 * resumes from a result file, and sums it all up. {@code dst sweep} and {@code @SimulationTest}
 * both run here.
 *
 * <ul>
 *   <li>Each seed's run is a pure function of the seed: threads change only the order seeds
 *       finish in, never their results, and {@link SweepSummary#failures()} is in seed-list
 *       order whatever the timing.</li>
 *   <li>A seed still running after its budget is reported as {@link Violation.Kind#HUNG} and
 *       the sweep goes on with a new worker thread; the stuck thread is left to the JVM (Java
 *       cannot stop it).</li>
 *   <li>A failing seed is run again before it is reported; a rerun that differs is reported as
 *       {@link Violation.Kind#NONDETERMINISM}, with the first event where two runs part.</li>
 *   <li>Seeds are taken by index and never held in memory, so a range of any size costs
 *       nothing until it runs; only failures are kept, in seed order.</li>
 * </ul>
 */
public final class Sweep {
    /**
     * Told of every finished seed, on the sweep's own (the calling) thread, in the order seeds
     * finish; {@code done} of {@code total} seeds are accounted for (skipped ones included).
     */
    @FunctionalInterface
    public interface Listener {
        void finished(SeedResult result, RunOutcome outcome, long done, long total);
    }

    /** A finished sweep: its summary, the outcomes of its first failing seeds (seed-list order), and bad input if that stopped it. */
    public record Result(SweepSummary summary, List<RunOutcome> firstFailures, String badInput) {
        public boolean passed() {
            return summary.failureCount() == 0 && badInput == null;
        }
    }

    private final Target target;
    private final SeedList seeds;
    private final List<Long> first;
    private final int threads;
    private final long wallBudgetMillis;
    private final Path out;
    private final boolean resume;
    private final boolean recheck;
    private final int keep;
    private final Listener listener;

    private Sweep(Builder b) {
        this.target = b.target;
        this.seeds = b.seeds;
        this.first = List.copyOf(b.first);
        this.threads = b.threads;
        this.wallBudgetMillis = b.wallBudgetMillis;
        this.out = b.out;
        this.resume = b.resume;
        this.recheck = b.recheck;
        this.keep = b.keep;
        this.listener = b.listener;
    }

    public static Builder of(Target target, SeedList seeds) {
        return new Builder(target, seeds);
    }

    /** Settings of a sweep; every one but the target and the seeds has a default. */
    public static final class Builder {
        private final Target target;
        private final SeedList seeds;
        private List<Long> first = List.of();
        private int threads = 1;
        private long wallBudgetMillis = Runner.DEFAULT_WALL_BUDGET_MILLIS;
        private Path out;
        private boolean resume;
        private boolean recheck = true;
        private int keep = 10;
        private Listener listener = (r, o, done, total) -> { };

        private Builder(Target target, SeedList seeds) {
            this.target = target;
            this.seeds = seeds;
        }

        /** Seeds to run before the list (those that failed last time); one also in the list runs once, first. */
        public Builder first(List<Long> seedsFirst) {
            this.first = List.copyOf(seedsFirst);
            return this;
        }

        /** Worker threads (default 1). */
        public Builder threads(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("threads must be between 1 and 1024, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Real time each seed gets before it is reported as hung (default 120 s). */
        public Builder wallBudgetMillis(long ms) {
            Runner.checkBudget(ms);
            this.wallBudgetMillis = ms;
            return this;
        }

        /**
         * Writes a result line per seed to {@code file} (see {@link SweepFile}). With
         * {@code resume}, a file that has results is continued: its seeds are not run again and
         * count in the summary; without, such a file is refused.
         */
        public Builder out(Path file, boolean resumeIt) {
            this.out = file;
            this.resume = resumeIt;
            return this;
        }

        /** Whether a failing seed is run again to check that it fails the same way (default true). */
        public Builder recheckFailures(boolean on) {
            this.recheck = on;
            return this;
        }

        /** How many failing outcomes to keep in full, lowest seed-list index first (default 10). */
        public Builder keepFailures(int n) {
            this.keep = Math.max(0, n);
            return this;
        }

        public Builder listener(Listener l) {
            this.listener = l;
            return this;
        }

        public Sweep build() {
            return new Sweep(this);
        }

        public Result run() {
            return build().run();
        }
    }

    // ---------------------------------------------------------------- running

    private sealed interface Message permits Finished, Skipped {}

    private record Finished(long index, RunOutcome outcome) implements Message {}

    private record Skipped() implements Message {}

    private static final Skipped SKIPPED = new Skipped();

    /** One seed being run by one worker; whoever claims it (the worker, or the watchdog on a hang) reports it. */
    private static final class Attempt {
        final long index;
        final long seed;
        final long startNanos = System.nanoTime();
        volatile Simulation sim;
        volatile int runs = 1; // rechecks run the seed again: the budget grows with them
        volatile boolean rechecking;
        private final AtomicBoolean claimed = new AtomicBoolean();

        Attempt(long index, long seed) {
            this.index = index;
            this.seed = seed;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    private final class Worker extends Thread {
        volatile Attempt current;
        volatile boolean abandoned;
        private final Shared shared;

        Worker(Shared shared, int n) {
            super("dst-sweep-" + n);
            setDaemon(true); // a seed stuck in a loop must not keep the JVM alive
            this.shared = shared;
        }

        @Override
        public void run() {
            while (!abandoned && !shared.stop.get()) {
                long i = shared.next.getAndIncrement();
                if (i >= shared.total) {
                    return;
                }
                long local = i - first.size();
                long seed = i < first.size() ? first.get((int) i) : seeds.seed(local);
                long index = i < first.size() ? -1 : reportedIndex(local);
                if (shared.done.contains(seed) || (index >= 0 && shared.firstSet.contains(seed))) {
                    shared.queue.add(SKIPPED);
                    continue;
                }
                Thread.interrupted(); // an interrupt meant for an earlier seed is not this one's
                Attempt a = new Attempt(index, seed);
                current = a;
                RunOutcome o;
                try {
                    o = runSeed(a);
                } catch (Throwable t) { // the runner turns every ending into an outcome; this is a bug of dst's own, or memory ran out
                    o = Runner.broken(target, a.sim, seed, t);
                }
                if (!a.claim()) {
                    return; // the watchdog reported this seed hung and took this worker's place
                }
                current = null;
                shared.queue.add(new Finished(index, o));
            }
        }

        private RunOutcome runSeed(Attempt a) {
            Simulation sim;
            try {
                sim = Runner.simulation(target, a.seed, null);
            } catch (IllegalArgumentException e) { // the target's settings (a bad step budget ...): every seed would fail so
                return Runner.notRun(target, a.seed, e.getMessage(), e);
            }
            a.sim = sim;
            RunOutcome o = Runner.execute(target, sim);
            if (!recheck || o.passed() || o.badInput() != null || abandoned) {
                return o;
            }
            a.runs = 5; // one rerun, and up to three runs of the determinism check
            a.rechecking = true;
            return recheck(o);
        }
    }

    /** State the workers and the collector share. */
    private final class Shared {
        final long total;
        final AtomicLong next = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        final LongOpenHashSet done = new LongOpenHashSet();
        final LongOpenHashSet firstSet = new LongOpenHashSet();

        Shared(long total) {
            this.total = total;
        }
    }

    /** Runs every seed; returns when all have finished (or bad input stopped the sweep). */
    public Result run() {
        if (seeds.size() > Long.MAX_VALUE - first.size()) {
            throw new IllegalArgumentException("too many seeds: " + seeds.size() + " and " + first.size() + " more");
        }
        long total = seeds.size() + first.size();
        Shared shared = new Shared(total);
        first.forEach(shared.firstSet::add);
        Collector c = new Collector(total, new SweepSummary(target.name(), target.options()));
        c.writer = openOutput(shared, c.summary);
        long start = System.nanoTime();
        List<Worker> workers = new ArrayList<>();
        try {
            int n = (int) Math.max(1, Math.min(threads, total));
            for (int i = 0; i < n; i++) {
                workers.add(start(new Worker(shared, i + 1)));
            }
            long watchedNanos = System.nanoTime();
            // every index yields one message (a result or a skip), unless bad input stops the sweep first;
            // then the workers finish the seeds they took, and their results are taken too
            while (c.processed < total && !(shared.stop.get() && allDone(workers) && shared.queue.isEmpty())) {
                Message m = poll(shared);
                if (System.nanoTime() - watchedNanos > WATCH_NANOS) { // also while other seeds keep finishing
                    replaceHungWorkers(shared, workers);
                    watchedNanos = System.nanoTime();
                }
                if (m != null) {
                    c.take(m, shared);
                }
            }
        } finally {
            shared.stop.set(true);
            if (c.writer != null) {
                c.writer.close();
            }
        }
        String how = threads + (threads == 1 ? " thread" : " threads")
                + (seeds instanceof SeedList.Slice s ? ", shard " + s.shard() : "");
        c.summary.finish(System.nanoTime() - start, "on " + how);
        return new Result(c.summary, new ArrayList<>(c.kept.values()), c.badInput);
    }

    /** What the sweep's own thread does with each message: count it, write it, keep it, tell the listener. */
    private final class Collector {
        final long total;
        final SweepSummary summary;
        final TreeMap<Long, RunOutcome> kept = new TreeMap<>();
        SweepFile.Writer writer;
        String badInput;
        long processed;

        Collector(long total, SweepSummary summary) {
            this.total = total;
            this.summary = summary;
        }

        void take(Message m, Shared shared) {
            processed++;
            if (!(m instanceof Finished f)) {
                return;
            }
            SeedResult r = SeedResult.of(f.index(), f.outcome());
            if (f.outcome().badInput() != null) {
                if (badInput == null) {
                    badInput = f.outcome().badInput();
                    shared.stop.set(true); // every seed would be given the same input
                }
                return; // not a result of the system: not counted, not written (a resume runs the seed again)
            }
            summary.add(r, false);
            if (writer != null) {
                writer.append(f.outcome(), f.index());
            }
            if (!r.passed()) {
                keep(kept, f);
            }
            listener.finished(r, f.outcome(), processed, total);
        }
    }

    /** How often the watchdog looks for seeds past their budget. */
    private static final long WATCH_NANOS = 50_000_000L;

    private static Worker start(Worker w) {
        w.start();
        return w;
    }

    private Message poll(Shared shared) {
        try {
            return shared.queue.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shared.stop.set(true);
            throw new IllegalStateException("the sweep was interrupted", e);
        }
    }

    /** Whether every worker not abandoned as hung has ended (it posts its last result before it ends). */
    private static boolean allDone(List<Worker> workers) {
        for (Worker w : workers) {
            if (!w.abandoned && w.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** The watchdog: a worker whose seed has run past its budget is abandoned, its seed reported hung, and a new worker started. */
    private void replaceHungWorkers(Shared shared, List<Worker> workers) {
        long now = System.nanoTime();
        for (int i = 0; i < workers.size(); i++) {
            Worker w = workers.get(i);
            Attempt a = w.current;
            if (w.abandoned || a == null) {
                continue;
            }
            long budgetNanos = wallBudgetMillis * 1_000_000L * a.runs;
            if (now - a.startNanos > budgetNanos && a.claim()) {
                w.abandoned = true;
                w.interrupt();
                RunOutcome hung = a.sim == null ? Runner.broken(target, null, a.seed, new IllegalStateException(
                        "the seed's simulation was not even built after " + wallBudgetMillis + " ms"))
                        : Runner.hung(target, a.sim, wallBudgetMillis * a.runs, a.rechecking);
                shared.queue.add(new Finished(a.index, hung));
                if (!shared.stop.get()) {
                    workers.set(i, start(new Worker(shared, workers.size() + i + 1)));
                }
            }
        }
    }

    private void keep(TreeMap<Long, RunOutcome> kept, Finished f) {
        if (keep == 0) {
            return;
        }
        long key = f.index(); // seeds run first (index -1) sort before the list; among them, by order given
        if (f.index() < 0) {
            key = Long.MIN_VALUE + first.indexOf(f.outcome().seed());
        }
        kept.put(key, f.outcome());
        if (kept.size() > keep) {
            kept.pollLastEntry();
        }
    }

    private SweepFile.Writer openOutput(Shared shared, SweepSummary summary) {
        if (out == null) {
            return null;
        }
        SweepFile.Header header = SweepFile.Header.of(target, seeds);
        LongOpenHashSet inList = first.isEmpty() ? null : new LongOpenHashSet(first.stream().mapToLong(Long::longValue).toArray());
        return SweepFile.open(out, header, resume, new SweepFile.Visitor() {
            @Override
            public void header(SweepFile.Header h, int line) {
                // the same runs (checked by open): its results count whatever seeds it was given
            }

            @Override
            public void result(SeedResult r, SweepFile.Header h, int line) {
                if (SeedResult.BAD_INPUT.equals(r.result())) {
                    return; // not a result of the system: such a seed runs again
                }
                if (!belongs(r, inList) || !shared.done.add(r.seed())) {
                    return; // another range's seed, or a seed written twice (a resumed shard): counted once
                }
                summary.add(r, true);
            }
        });
    }

    /**
     * A seed's index as reports and result files give it: its place in the whole list, so that
     * the failures of a shard sort with those of the others.
     */
    private long reportedIndex(long local) {
        return seeds instanceof SeedList.Slice s ? s.wholeIndex(local) : local;
    }

    /** Whether a result read back is one of this sweep's seeds: in the list (its index says where), or one of those run first. */
    private boolean belongs(SeedResult r, LongOpenHashSet firstSeeds) {
        if (firstSeeds != null && firstSeeds.contains(r.seed())) {
            return true;
        }
        long i = r.index() - (seeds instanceof SeedList.Slice s ? s.offset() : 0);
        return i >= 0 && i < seeds.size() && seeds.seed(i) == r.seed() || (r.index() < 0 && contains(r.seed()));
    }

    /** Whether the list holds {@code seed}, for results without a usable index: only ranges can say cheaply. */
    private boolean contains(long seed) {
        if (seeds instanceof SeedList.Range range) {
            return Long.compareUnsigned(seed - range.first(), range.size()) < 0;
        }
        return false;
    }

    // ---------------------------------------------------------------- rechecks

    /** Runs a failing seed again; a rerun that differs turns the outcome into a nondeterminism report with the first diverging event. */
    private RunOutcome recheck(RunOutcome o) {
        long seed = o.seed();
        RunOutcome again = Runner.execute(target, Runner.simulation(target, seed, null));
        if (again.report().traceHash() == o.report().traceHash() && again.report().steps() == o.report().steps()
                && ShrinkFailure.of(o.violation()) != null && ShrinkFailure.of(o.violation()).matches(again.violation())) {
            return o;
        }
        Violation first = o.violation();
        if (first.kind() == Violation.Kind.LEAK || !again.passed() && again.violation().kind() == Violation.Kind.LEAK) {
            // A leak is itself why runs differ, and it names its call site: report it, not the difference it
            // makes. One in a static initializer leaks only in the JVM's first run of that class.
            RunOutcome leak = first.kind() == Violation.Kind.LEAK ? o : again;
            Violation v = leak.violation();
            String note = "\n(a rerun of the seed " + (again.passed() ? "passed" : "failed with " + again.violation().headline())
                    + "; a leak makes runs differ, and one in a static initializer happens only in the first run of a class)";
            return o.withViolation(new Violation(v.kind(), v.name(), v.detail() + note, v.step(), v.simTimeNanos(), v.node()),
                    o.thrown());
        }
        DeterminismCheck.Result d = DeterminismCheck.check(seed, s -> Runner.simulation(target, s, null), target::run);
        String detail = "seed " + Seeds.format(seed) + " failed (" + first.headline() + "), and a rerun "
                + (again.passed() ? "passed" : "failed with " + again.violation().headline())
                + ": something outside the seed decides what the run does (the wall clock, a thread, java.util.Random,"
                + " hash order, state kept between runs).\n" + (d.deterministic()
                ? "A determinism check then saw two identical runs: the difference comes and goes."
                : d.describe());
        Violation v = new Violation(Violation.Kind.NONDETERMINISM, "rerun differs", detail, first.step(), first.simTimeNanos(), null);
        return o.withViolation(v, o.thrown());
    }
}
