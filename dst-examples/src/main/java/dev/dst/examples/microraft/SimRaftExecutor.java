package dev.dst.examples.microraft;

import dev.dst.hosted.SimExecutor;
import io.microraft.executor.RaftNodeExecutor;

import java.util.concurrent.TimeUnit;

/** MicroRaft's executor interface over a node's simulated executor: no thread of its own. */
final class SimRaftExecutor implements RaftNodeExecutor {
    private final SimExecutor executor;

    SimRaftExecutor(SimExecutor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public void submit(Runnable task) {
        executor.execute(task); // as the library's default: both queue the task behind the running one
    }

    @Override
    public void schedule(Runnable task, long delay, TimeUnit unit) {
        executor.schedule(task, delay, unit);
    }
}
