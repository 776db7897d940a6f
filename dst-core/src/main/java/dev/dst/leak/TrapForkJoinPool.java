package dev.dst.leak;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What {@code new ForkJoinPool(...)} becomes. Not an API. */
public final class TrapForkJoinPool extends ForkJoinPool {
    public TrapForkJoinPool(int parallelism) {
        super(parallelism);
        LeakGuard.record(Traps.POOL, "new ForkJoinPool(int)");
    }

    public TrapForkJoinPool(int parallelism, ForkJoinWorkerThreadFactory factory, Thread.UncaughtExceptionHandler handler,
            boolean asyncMode) {
        super(parallelism, factory, handler, asyncMode);
        LeakGuard.record(Traps.POOL, "new ForkJoinPool(int, ForkJoinWorkerThreadFactory, UncaughtExceptionHandler, boolean)");
    }

    public TrapForkJoinPool(int parallelism, ForkJoinWorkerThreadFactory factory, Thread.UncaughtExceptionHandler handler,
            boolean asyncMode, int corePoolSize, int maximumPoolSize, int minimumRunnable, Predicate<? super ForkJoinPool> saturate,
            long keepAliveTime, TimeUnit unit) {
        super(parallelism, factory, handler, asyncMode, corePoolSize, maximumPoolSize, minimumRunnable, saturate, keepAliveTime, unit);
        LeakGuard.record(Traps.POOL, "new ForkJoinPool(int, ForkJoinWorkerThreadFactory, UncaughtExceptionHandler, boolean, "
                + "int, int, int, Predicate, long, TimeUnit)");
    }
}
