package dev.dst.hosted;

import dev.dst.node.NodeContext;
import dev.dst.trace.StableHash;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} for code written against executors, run by the
 * simulation on its one thread. Tasks given to {@link #execute} or {@code submit} run in FIFO
 * order after the input that queued them, in the same step and at the same simulated instant;
 * {@code schedule} becomes a node timer (so delays follow the node's clock rate, and pauses and
 * crashes apply); fixed-rate and fixed-delay tasks re-arm their timer after each run. Nothing
 * runs on another thread, and nothing waits: a simulation cannot block.
 *
 * <p>What differs from a thread pool, by necessity:
 * <ul>
 *   <li>{@code invokeAll} and {@code invokeAny} run the tasks at once, in order, on the calling
 *       thread (one of the interleavings a pool could produce).</li>
 *   <li>{@code Future.get()} of a task that has not run cannot wait for it: it throws
 *       {@link IllegalStateException} instead of hanging the run. Chain on the result instead
 *       ({@link #newFuture()} gives a {@link CompletableFuture} whose async stages run here).</li>
 *   <li>{@code awaitTermination} returns at once whether the executor has terminated.</li>
 *   <li>A task that throws fails the run, like a node handler that throws, unless
 *       {@link #captureFailures()} asks for the JDK's behaviour (the exception is kept in the
 *       task's future, and a periodic task stops).</li>
 * </ul>
 * After {@code shutdown()} new tasks are refused and periodic ones are cancelled; delayed
 * one-shot tasks still run (as {@code ScheduledThreadPoolExecutor} does by default). The
 * executor belongs to one incarnation of its node: after a crash its timers are gone and it
 * refuses new tasks.
 */
public final class SimExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    /** Tasks one input may run before the run is failed: a task that resubmits itself for ever. */
    public static final int MAX_TASKS_PER_INPUT = 1_000_000;

    private final NodeContext ctx;
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final Long2ObjectOpenHashMap<Scheduled<?>> scheduled = new Long2ObjectOpenHashMap<>();
    private long nextSerial = 1;
    private boolean shutdown;
    private boolean captureFailures;
    private boolean draining;
    private boolean inInput;
    private boolean wakeSet;
    private long tasksRun;

    SimExecutor(NodeContext ctx) {
        this.ctx = Objects.requireNonNull(ctx);
    }

    /**
     * A task that throws no longer fails the run: as in the JDK, the exception completes the
     * task's future (and stops a periodic task), and an {@link #execute}d task's exception is
     * lost. Use it for code that relies on failed futures; the default finds more bugs.
     */
    public SimExecutor captureFailures() {
        this.captureFailures = true;
        return this;
    }

    /** Tasks run so far. */
    public long tasksRun() {
        return tasksRun;
    }

    /** Tasks queued to run after the current input. */
    public int queued() {
        return ready.size();
    }

    /** Delayed and periodic tasks waiting for their timers. */
    public int pendingScheduled() {
        return scheduled.size();
    }

    // ---------------------------------------------------------------- Executor

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        admit();
        ready.addLast(task);
        wakeIfIdle();
    }

    @Override
    protected <T> java.util.concurrent.RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new Task<>(runnable, value);
    }

    @Override
    protected <T> java.util.concurrent.RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new Task<>(callable);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        admit();
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> c : tasks) {
            Task<T> t = new Task<>(c);
            futures.add(t);
            runOne(t);
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        return invokeAll(tasks); // the tasks take no simulated time: the timeout cannot expire
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws ExecutionException {
        admit();
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny of no tasks");
        }
        ExecutionException last = null;
        for (Callable<T> c : tasks) {
            Task<T> t = new Task<>(c);
            t.captured = true; // invokeAny is defined by tasks that fail: their exceptions are its to handle
            runOne(t);
            try {
                return t.get();
            } catch (ExecutionException e) {
                last = e;
            } catch (InterruptedException | CancellationException e) {
                last = new ExecutionException(e);
            }
        }
        throw last;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        return invokeAny(tasks);
    }

    // ---------------------------------------------------------------- scheduling

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return arm(new Scheduled<>(command, null, 0, unit.toNanos(Math.max(0, delay))));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return arm(new Scheduled<>(callable, 0, unit.toNanos(Math.max(0, delay))));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return arm(new Scheduled<>(command, null, unit.toNanos(period), unit.toNanos(Math.max(0, initialDelay))));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        if (delay <= 0) {
            throw new IllegalArgumentException("delay must be positive: " + delay);
        }
        return arm(new Scheduled<>(command, null, -unit.toNanos(delay), unit.toNanos(Math.max(0, initialDelay))));
    }

    private <V> Scheduled<V> arm(Scheduled<V> s) {
        admit();
        s.deadlineNanos = ctx.monotonicNanos() + s.firstDelayNanos;
        s.timerId = ctx.setTimer(s.firstDelayNanos, new ExecutorTimer(s.serial));
        scheduled.put(s.serial, s);
        return s;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void shutdown() {
        shutdown = true;
        for (Scheduled<?> s : new ArrayList<>(scheduled.values())) {
            if (s.isPeriodic()) {
                s.cancel(false);
            }
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        for (Scheduled<?> s : new ArrayList<>(scheduled.values())) {
            s.cancel(false);
        }
        List<Runnable> never = new ArrayList<>(ready);
        ready.clear();
        return never;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && ready.isEmpty() && scheduled.isEmpty();
    }

    /** Returns at once: a simulation cannot wait for time to pass on another thread. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /**
     * A {@link CompletableFuture} whose async stages ({@code thenApplyAsync(fn)} without an
     * executor, and the like) run on this executor rather than on the JDK's common pool.
     */
    public <T> CompletableFuture<T> newFuture() {
        return new SimFuture<>(this);
    }

    // ---------------------------------------------------------------- driving (the host's side)

    /** The host is delivering an input to the node: tasks queued now run when it calls {@link #drain}. */
    void beginInput() {
        inInput = true;
    }

    /** Runs every queued task, FIFO, including those they queue; ends the input. */
    void drain() {
        if (draining) {
            return; // a task that calls into the host: the outer drain runs what it queued
        }
        draining = true;
        try {
            int ran = 0;
            Runnable r;
            while ((r = ready.pollFirst()) != null) {
                if (++ran > MAX_TASKS_PER_INPUT) {
                    throw new IllegalStateException(ctx.name() + "'s executor ran " + MAX_TASKS_PER_INPUT
                            + " tasks for one input without running dry: a task that resubmits itself for ever?");
                }
                runOne(r);
            }
        } finally {
            draining = false;
            inInput = false;
        }
    }

    /** A timer the executor set has fired: its task runs (and re-arms, if periodic), then the queue. */
    boolean fire(Object tag) {
        if (tag == WAKE) {
            wakeSet = false;
            return true;
        }
        if (!(tag instanceof ExecutorTimer t)) {
            return false;
        }
        Scheduled<?> s = scheduled.remove(t.serial());
        if (s != null) {
            runOne(s);
        }
        return true;
    }

    private void runOne(Runnable r) {
        tasksRun++;
        try {
            r.run(); // a Task keeps its own failure (below); a plain Runnable's escapes here
        } catch (dev.dst.sim.SimulationFailure f) {
            throw f; // the run has failed already (an invariant, a budget): not the task's doing
        } catch (RuntimeException | AssertionError e) {
            if (captureFailures) {
                ctx.log("a task threw {} (lost, as with an executor's worker thread)", e.toString());
                return;
            }
            throw new TaskFailedException(ctx.name(), e);
        }
        if (r instanceof Task<?> t && t.failure != null && !t.captured && !captureFailures) {
            Throwable f = t.failure;
            t.failure = null;
            throw new TaskFailedException(ctx.name(), f);
        }
    }

    private void admit() {
        if (!ctx.isAlive()) {
            throw new RejectedExecutionException(ctx.name() + " has crashed: its executor died with it");
        }
        if (shutdown) {
            throw new RejectedExecutionException(ctx.name() + "'s executor is shut down");
        }
    }

    /** A task queued from outside the node's own inputs (a test, another node's call) gets an input of its own. */
    private void wakeIfIdle() {
        if (!inInput && !draining && !wakeSet) {
            wakeSet = true;
            ctx.setTimer(0, WAKE);
        }
    }

    // ---------------------------------------------------------------- tasks

    /** The tag of the zero-delay timer that runs tasks queued while the node had no input. */
    private static final Object WAKE = new StableTag("executor-wake", 0x77616b65L);

    /** The tag of a scheduled task's timer: its serial (a stable value for the trace hash). */
    record ExecutorTimer(long serial) implements StableHash {
        @Override
        public long stableHash() {
            return 0x7363686564L * 31 + serial;
        }

        @Override
        public String toString() {
            return "executor task #" + serial;
        }
    }

    private record StableTag(String name, long hash) implements StableHash {
        @Override
        public long stableHash() {
            return hash;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A task whose failure is kept so that the executor can fail the run with it. */
    private class Task<V> extends FutureTask<V> {
        Throwable failure;
        boolean captured;

        Task(Callable<V> c) {
            super(c);
        }

        Task(Runnable r, V value) {
            super(r, value);
        }

        @Override
        protected void setException(Throwable t) {
            super.setException(t);
            failure = t;
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            if (!isDone()) {
                throw new IllegalStateException(ctx.name() + ": get() on a task that has not run: the simulation runs on one"
                        + " thread, so waiting would wait for ever; chain on the result instead (SimExecutor.newFuture())");
            }
            return super.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException {
            return get();
        }
    }

    /** A delayed or periodic task; period > 0: fixed rate, < 0: fixed delay, 0: once. */
    private final class Scheduled<V> extends Task<V> implements RunnableScheduledFuture<V> {
        final long serial = nextSerial++;
        final long periodNanos;
        final long firstDelayNanos;
        long deadlineNanos;
        long timerId;

        Scheduled(Runnable r, V value, long periodNanos, long firstDelayNanos) {
            super(r, value);
            this.periodNanos = periodNanos;
            this.firstDelayNanos = firstDelayNanos;
        }

        Scheduled(Callable<V> c, long periodNanos, long firstDelayNanos) {
            super(c);
            this.periodNanos = periodNanos;
            this.firstDelayNanos = firstDelayNanos;
        }

        @Override
        public boolean isPeriodic() {
            return periodNanos != 0;
        }

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
                return;
            }
            if (!runAndReset()) {
                return; // cancelled, or it threw (the failure is kept; the executor reports it)
            }
            if (shutdown) {
                cancel(false);
                return;
            }
            long now = ctx.monotonicNanos();
            deadlineNanos = periodNanos > 0 ? deadlineNanos + periodNanos : now - periodNanos;
            long delayNanos = Math.max(0, deadlineNanos - now);
            timerId = ctx.setTimer(delayNanos, new ExecutorTimer(serial));
            scheduled.put(serial, this);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(false);
            if (scheduled.remove(serial) != null && ctx.isAlive()) {
                ctx.cancelTimer(timerId);
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadlineNanos - ctx.monotonicNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Scheduled<?> s) {
                int c = Long.compare(deadlineNanos, s.deadlineNanos);
                return c != 0 ? c : Long.compare(serial, s.serial);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    /** A CompletableFuture whose default executor is the simulation's. */
    private static final class SimFuture<T> extends CompletableFuture<T> {
        private final Executor executor;

        SimFuture(Executor executor) {
            this.executor = executor;
        }

        @Override
        public Executor defaultExecutor() {
            return executor;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new SimFuture<>(executor);
        }
    }
}
