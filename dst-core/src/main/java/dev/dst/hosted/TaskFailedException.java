package dev.dst.hosted;

/**
 * A task on a node's {@link SimExecutor} threw: the run fails as if the node's handler had
 * thrown, with the task's exception as the cause.
 */
public final class TaskFailedException extends RuntimeException {
    TaskFailedException(String node, Throwable cause) {
        super("a task on " + node + "'s executor threw " + cause, cause);
    }
}
