package dev.dst.leak;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** What {@code new ThreadPoolExecutor(...)} becomes. Not an API. */
public final class TrapThreadPoolExecutor extends ThreadPoolExecutor {
    public TrapThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit, BlockingQueue<Runnable> queue) {
        super(core, max, keepAlive, unit, queue);
        LeakGuard.record(Traps.POOL, "new ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue)");
    }

    public TrapThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit, BlockingQueue<Runnable> queue,
            ThreadFactory factory) {
        super(core, max, keepAlive, unit, queue, factory);
        LeakGuard.record(Traps.POOL, "new ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue, ThreadFactory)");
    }

    public TrapThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit, BlockingQueue<Runnable> queue,
            RejectedExecutionHandler handler) {
        super(core, max, keepAlive, unit, queue, handler);
        LeakGuard.record(Traps.POOL, "new ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue, RejectedExecutionHandler)");
    }

    public TrapThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit, BlockingQueue<Runnable> queue,
            ThreadFactory factory, RejectedExecutionHandler handler) {
        super(core, max, keepAlive, unit, queue, factory, handler);
        LeakGuard.record(Traps.POOL,
                "new ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue, ThreadFactory, RejectedExecutionHandler)");
    }
}
