package dev.dst.leak;

import static dev.dst.leak.Traps.POOL;
import static dev.dst.leak.Traps.THREAD;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Collection;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.BaseStream;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Traps for code that hands work to JDK threads: executors, the common pool, asynchronous
 * {@code CompletableFuture} stages without an executor, parallel streams, timers. Each
 * records a {@link Leak} inside a simulation and returns what the call returns. Public only
 * because rewritten classes in any package call it; not an API.
 */
public final class AsyncTraps {
    private AsyncTraps() {}

    // ---- executors and timers

    public static ExecutorService executorsNewFixedThreadPool(int threads) {
        LeakGuard.record(POOL, "Executors.newFixedThreadPool(int)");
        return Executors.newFixedThreadPool(threads);
    }

    public static ExecutorService executorsNewFixedThreadPool(int threads, ThreadFactory factory) {
        LeakGuard.record(POOL, "Executors.newFixedThreadPool(int, ThreadFactory)");
        return Executors.newFixedThreadPool(threads, factory);
    }

    public static ExecutorService executorsNewWorkStealingPool() {
        LeakGuard.record(POOL, "Executors.newWorkStealingPool()");
        return Executors.newWorkStealingPool();
    }

    public static ExecutorService executorsNewWorkStealingPool(int parallelism) {
        LeakGuard.record(POOL, "Executors.newWorkStealingPool(int)");
        return Executors.newWorkStealingPool(parallelism);
    }

    public static ExecutorService executorsNewSingleThreadExecutor() {
        LeakGuard.record(POOL, "Executors.newSingleThreadExecutor()");
        return Executors.newSingleThreadExecutor();
    }

    public static ExecutorService executorsNewSingleThreadExecutor(ThreadFactory factory) {
        LeakGuard.record(POOL, "Executors.newSingleThreadExecutor(ThreadFactory)");
        return Executors.newSingleThreadExecutor(factory);
    }

    public static ExecutorService executorsNewCachedThreadPool() {
        LeakGuard.record(POOL, "Executors.newCachedThreadPool()");
        return Executors.newCachedThreadPool();
    }

    public static ExecutorService executorsNewCachedThreadPool(ThreadFactory factory) {
        LeakGuard.record(POOL, "Executors.newCachedThreadPool(ThreadFactory)");
        return Executors.newCachedThreadPool(factory);
    }

    public static ScheduledExecutorService executorsNewSingleThreadScheduledExecutor() {
        LeakGuard.record(POOL, "Executors.newSingleThreadScheduledExecutor()");
        return Executors.newSingleThreadScheduledExecutor();
    }

    public static ScheduledExecutorService executorsNewSingleThreadScheduledExecutor(ThreadFactory factory) {
        LeakGuard.record(POOL, "Executors.newSingleThreadScheduledExecutor(ThreadFactory)");
        return Executors.newSingleThreadScheduledExecutor(factory);
    }

    public static ScheduledExecutorService executorsNewScheduledThreadPool(int threads) {
        LeakGuard.record(POOL, "Executors.newScheduledThreadPool(int)");
        return Executors.newScheduledThreadPool(threads);
    }

    public static ScheduledExecutorService executorsNewScheduledThreadPool(int threads, ThreadFactory factory) {
        LeakGuard.record(POOL, "Executors.newScheduledThreadPool(int, ThreadFactory)");
        return Executors.newScheduledThreadPool(threads, factory);
    }

    /** Java 21 and later. */
    public static ExecutorService executorsNewVirtualThreadPerTaskExecutor() {
        LeakGuard.record(POOL, "Executors.newVirtualThreadPerTaskExecutor()");
        return (ExecutorService) Traps.Jdk.invoke(Jdk21.VIRTUAL_PER_TASK);
    }

    /** Java 21 and later. */
    public static ExecutorService executorsNewThreadPerTaskExecutor(ThreadFactory factory) {
        LeakGuard.record(POOL, "Executors.newThreadPerTaskExecutor(ThreadFactory)");
        return (ExecutorService) Traps.Jdk.invoke(Jdk21.PER_TASK, factory);
    }

    public static ForkJoinPool forkJoinPoolCommonPool() {
        LeakGuard.record(POOL, "ForkJoinPool.commonPool()");
        return ForkJoinPool.commonPool();
    }

    public static ForkJoinPool newForkJoinPool() {
        LeakGuard.record(POOL, "new ForkJoinPool()");
        return new ForkJoinPool();
    }

    public static Timer newTimer() {
        LeakGuard.record(THREAD, "new Timer()");
        return new Timer();
    }

    // ---- CompletableFuture and CompletionStage without an executor: the common pool

    public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier) {
        LeakGuard.record(POOL, "CompletableFuture.supplyAsync(Supplier)");
        return CompletableFuture.supplyAsync(supplier);
    }

    public static CompletableFuture<Void> runAsync(Runnable task) {
        LeakGuard.record(POOL, "CompletableFuture.runAsync(Runnable)");
        return CompletableFuture.runAsync(task);
    }

    public static Executor delayedExecutor(long delay, TimeUnit unit) {
        LeakGuard.record(POOL, "CompletableFuture.delayedExecutor(long, TimeUnit)");
        return CompletableFuture.delayedExecutor(delay, unit);
    }

    public static Executor delayedExecutor(long delay, TimeUnit unit, Executor executor) {
        LeakGuard.record(POOL, "CompletableFuture.delayedExecutor(long, TimeUnit, Executor)");
        return CompletableFuture.delayedExecutor(delay, unit, executor);
    }

    public static <T> CompletableFuture<T> completeAsync(CompletableFuture<T> f, Supplier<? extends T> supplier) {
        LeakGuard.record(POOL, "CompletableFuture.completeAsync(Supplier)");
        return f.completeAsync(supplier);
    }

    public static <T> CompletableFuture<T> orTimeout(CompletableFuture<T> f, long timeout, TimeUnit unit) {
        LeakGuard.record(POOL, "CompletableFuture.orTimeout(long, TimeUnit)");
        return f.orTimeout(timeout, unit);
    }

    public static <T> CompletableFuture<T> completeOnTimeout(CompletableFuture<T> f, T value, long timeout, TimeUnit unit) {
        LeakGuard.record(POOL, "CompletableFuture.completeOnTimeout(Object, long, TimeUnit)");
        return f.completeOnTimeout(value, timeout, unit);
    }

    public static <T, U> CompletableFuture<U> thenApplyAsync(CompletableFuture<T> f, Function<? super T, ? extends U> fn) {
        async(f, "thenApplyAsync(Function)");
        return f.thenApplyAsync(fn);
    }

    public static <T, U> CompletionStage<U> thenApplyAsync(CompletionStage<T> f, Function<? super T, ? extends U> fn) {
        async(f, "thenApplyAsync(Function)");
        return f.thenApplyAsync(fn);
    }

    public static <T> CompletableFuture<Void> thenAcceptAsync(CompletableFuture<T> f, Consumer<? super T> action) {
        async(f, "thenAcceptAsync(Consumer)");
        return f.thenAcceptAsync(action);
    }

    public static <T> CompletionStage<Void> thenAcceptAsync(CompletionStage<T> f, Consumer<? super T> action) {
        async(f, "thenAcceptAsync(Consumer)");
        return f.thenAcceptAsync(action);
    }

    public static <T> CompletableFuture<Void> thenRunAsync(CompletableFuture<T> f, Runnable action) {
        async(f, "thenRunAsync(Runnable)");
        return f.thenRunAsync(action);
    }

    public static <T> CompletionStage<Void> thenRunAsync(CompletionStage<T> f, Runnable action) {
        async(f, "thenRunAsync(Runnable)");
        return f.thenRunAsync(action);
    }

    public static <T, U, V> CompletableFuture<V> thenCombineAsync(CompletableFuture<T> f, CompletionStage<? extends U> other,
            BiFunction<? super T, ? super U, ? extends V> fn) {
        async(f, "thenCombineAsync(CompletionStage, BiFunction)");
        return f.thenCombineAsync(other, fn);
    }

    public static <T, U, V> CompletionStage<V> thenCombineAsync(CompletionStage<T> f, CompletionStage<? extends U> other,
            BiFunction<? super T, ? super U, ? extends V> fn) {
        async(f, "thenCombineAsync(CompletionStage, BiFunction)");
        return f.thenCombineAsync(other, fn);
    }

    public static <T, U> CompletableFuture<Void> thenAcceptBothAsync(CompletableFuture<T> f, CompletionStage<? extends U> other,
            BiConsumer<? super T, ? super U> action) {
        async(f, "thenAcceptBothAsync(CompletionStage, BiConsumer)");
        return f.thenAcceptBothAsync(other, action);
    }

    public static <T, U> CompletionStage<Void> thenAcceptBothAsync(CompletionStage<T> f, CompletionStage<? extends U> other,
            BiConsumer<? super T, ? super U> action) {
        async(f, "thenAcceptBothAsync(CompletionStage, BiConsumer)");
        return f.thenAcceptBothAsync(other, action);
    }

    public static <T> CompletableFuture<Void> runAfterBothAsync(CompletableFuture<T> f, CompletionStage<?> other, Runnable action) {
        async(f, "runAfterBothAsync(CompletionStage, Runnable)");
        return f.runAfterBothAsync(other, action);
    }

    public static <T> CompletionStage<Void> runAfterBothAsync(CompletionStage<T> f, CompletionStage<?> other, Runnable action) {
        async(f, "runAfterBothAsync(CompletionStage, Runnable)");
        return f.runAfterBothAsync(other, action);
    }

    public static <T, U> CompletableFuture<U> applyToEitherAsync(CompletableFuture<T> f, CompletionStage<? extends T> other,
            Function<? super T, U> fn) {
        async(f, "applyToEitherAsync(CompletionStage, Function)");
        return f.applyToEitherAsync(other, fn);
    }

    public static <T, U> CompletionStage<U> applyToEitherAsync(CompletionStage<T> f, CompletionStage<? extends T> other,
            Function<? super T, U> fn) {
        async(f, "applyToEitherAsync(CompletionStage, Function)");
        return f.applyToEitherAsync(other, fn);
    }

    public static <T> CompletableFuture<Void> acceptEitherAsync(CompletableFuture<T> f, CompletionStage<? extends T> other,
            Consumer<? super T> action) {
        async(f, "acceptEitherAsync(CompletionStage, Consumer)");
        return f.acceptEitherAsync(other, action);
    }

    public static <T> CompletionStage<Void> acceptEitherAsync(CompletionStage<T> f, CompletionStage<? extends T> other,
            Consumer<? super T> action) {
        async(f, "acceptEitherAsync(CompletionStage, Consumer)");
        return f.acceptEitherAsync(other, action);
    }

    public static <T> CompletableFuture<Void> runAfterEitherAsync(CompletableFuture<T> f, CompletionStage<?> other, Runnable action) {
        async(f, "runAfterEitherAsync(CompletionStage, Runnable)");
        return f.runAfterEitherAsync(other, action);
    }

    public static <T> CompletionStage<Void> runAfterEitherAsync(CompletionStage<T> f, CompletionStage<?> other, Runnable action) {
        async(f, "runAfterEitherAsync(CompletionStage, Runnable)");
        return f.runAfterEitherAsync(other, action);
    }

    public static <T, U> CompletableFuture<U> thenComposeAsync(CompletableFuture<T> f,
            Function<? super T, ? extends CompletionStage<U>> fn) {
        async(f, "thenComposeAsync(Function)");
        return f.thenComposeAsync(fn);
    }

    public static <T, U> CompletionStage<U> thenComposeAsync(CompletionStage<T> f,
            Function<? super T, ? extends CompletionStage<U>> fn) {
        async(f, "thenComposeAsync(Function)");
        return f.thenComposeAsync(fn);
    }

    public static <T, U> CompletableFuture<U> handleAsync(CompletableFuture<T> f, BiFunction<? super T, Throwable, ? extends U> fn) {
        async(f, "handleAsync(BiFunction)");
        return f.handleAsync(fn);
    }

    public static <T, U> CompletionStage<U> handleAsync(CompletionStage<T> f, BiFunction<? super T, Throwable, ? extends U> fn) {
        async(f, "handleAsync(BiFunction)");
        return f.handleAsync(fn);
    }

    public static <T> CompletableFuture<T> whenCompleteAsync(CompletableFuture<T> f, BiConsumer<? super T, ? super Throwable> action) {
        async(f, "whenCompleteAsync(BiConsumer)");
        return f.whenCompleteAsync(action);
    }

    public static <T> CompletionStage<T> whenCompleteAsync(CompletionStage<T> f, BiConsumer<? super T, ? super Throwable> action) {
        async(f, "whenCompleteAsync(BiConsumer)");
        return f.whenCompleteAsync(action);
    }

    public static <T> CompletableFuture<T> exceptionallyAsync(CompletableFuture<T> f, Function<Throwable, ? extends T> fn) {
        async(f, "exceptionallyAsync(Function)");
        return f.exceptionallyAsync(fn);
    }

    public static <T> CompletionStage<T> exceptionallyAsync(CompletionStage<T> f, Function<Throwable, ? extends T> fn) {
        async(f, "exceptionallyAsync(Function)");
        return f.exceptionallyAsync(fn);
    }

    public static <T> CompletableFuture<T> exceptionallyComposeAsync(CompletableFuture<T> f,
            Function<Throwable, ? extends CompletionStage<T>> fn) {
        async(f, "exceptionallyComposeAsync(Function)");
        return f.exceptionallyComposeAsync(fn);
    }

    public static <T> CompletionStage<T> exceptionallyComposeAsync(CompletionStage<T> f,
            Function<Throwable, ? extends CompletionStage<T>> fn) {
        async(f, "exceptionallyComposeAsync(Function)");
        return f.exceptionallyComposeAsync(fn);
    }

    /**
     * An async stage without an executor runs on the common pool; only CompletableFuture's
     * are counted (another CompletionStage's default executor is its own business).
     */
    private static void async(CompletionStage<?> stage, String call) {
        if (stage instanceof CompletableFuture<?>) {
            LeakGuard.record(POOL, "CompletableFuture." + call);
        }
    }

    // ---- parallel streams: the common pool

    public static <E> Stream<E> parallelStream(Collection<E> c) {
        LeakGuard.record(POOL, "Collection.parallelStream()");
        return c.parallelStream();
    }

    public static <T> BaseStream<T, Stream<T>> parallel(Stream<T> s) {
        LeakGuard.record(POOL, "Stream.parallel()");
        return s.parallel();
    }

    public static IntStream parallel(IntStream s) {
        LeakGuard.record(POOL, "IntStream.parallel()");
        return s.parallel();
    }

    public static LongStream parallel(LongStream s) {
        LeakGuard.record(POOL, "LongStream.parallel()");
        return s.parallel();
    }

    public static DoubleStream parallel(DoubleStream s) {
        LeakGuard.record(POOL, "DoubleStream.parallel()");
        return s.parallel();
    }

    public static <T, S extends BaseStream<T, S>> BaseStream<T, S> parallel(BaseStream<T, S> s) {
        LeakGuard.record(POOL, "BaseStream.parallel()");
        return s.parallel();
    }

    /** Executors of Java 21, found when first used. */
    private static final class Jdk21 {
        static final MethodHandle VIRTUAL_PER_TASK = Traps.Jdk.find(Executors.class, "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class));
        static final MethodHandle PER_TASK = Traps.Jdk.find(Executors.class, "newThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class, ThreadFactory.class));
    }
}
