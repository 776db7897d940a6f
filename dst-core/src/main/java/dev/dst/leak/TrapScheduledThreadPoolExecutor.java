package dev.dst.leak;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/** What {@code new ScheduledThreadPoolExecutor(...)} becomes. Not an API. */
public final class TrapScheduledThreadPoolExecutor extends ScheduledThreadPoolExecutor {
    public TrapScheduledThreadPoolExecutor(int core) {
        super(core);
        LeakGuard.record(Traps.POOL, "new ScheduledThreadPoolExecutor(int)");
    }

    public TrapScheduledThreadPoolExecutor(int core, ThreadFactory factory) {
        super(core, factory);
        LeakGuard.record(Traps.POOL, "new ScheduledThreadPoolExecutor(int, ThreadFactory)");
    }

    public TrapScheduledThreadPoolExecutor(int core, RejectedExecutionHandler handler) {
        super(core, handler);
        LeakGuard.record(Traps.POOL, "new ScheduledThreadPoolExecutor(int, RejectedExecutionHandler)");
    }

    public TrapScheduledThreadPoolExecutor(int core, ThreadFactory factory, RejectedExecutionHandler handler) {
        super(core, factory, handler);
        LeakGuard.record(Traps.POOL, "new ScheduledThreadPoolExecutor(int, ThreadFactory, RejectedExecutionHandler)");
    }
}
