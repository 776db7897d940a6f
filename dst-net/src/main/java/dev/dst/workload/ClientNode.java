package dev.dst.workload;

import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A client process: issues its workload's operations one at a time to a random server and
 * records each in the {@link History}: {@code invoke} when sent, then {@code ok} or
 * {@code fail} from the server's {@link Result}, or {@code info} when no answer came within
 * the timeout or the client crashed meanwhile (the operation may or may not have happened). As Jepsen does, a client whose
 * operation ended in {@code info} continues as a new process (its id plus the number of
 * clients), since the old one may still be in flight. Times in the history are true
 * simulated time.
 */
public final class ClientNode implements Node {
    private static final String NEXT = "next-op";

    private final int index;
    private final int clientCount;
    private final List<Integer> servers;
    private final Workload workload;
    private final History history;
    private final LongSupplier trueNanos;
    private final long stopAtNanos;
    private final Process state;
    private long outstanding = -1;
    private long timeoutTimer;

    /**
     * A client's process id and whether it has an operation in flight. It outlives the node
     * object: when a crashed client restarts, its open operation is recorded as {@code info}
     * (a crash leaves the outcome unknown) and it continues as a new process.
     */
    public static final class Process {
        int id;
        boolean open;

        public Process(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }
    }

    /**
     * @param index       this client's index among {@code clientCount} clients (its first process id)
     * @param stopAtNanos no new operation is invoked at or after this true time
     */
    public ClientNode(int index, int clientCount, List<Integer> servers, Workload workload, History history,
                      LongSupplier trueNanos, long stopAtNanos, Process state) {
        this.index = index;
        this.clientCount = clientCount;
        this.servers = List.copyOf(servers);
        this.workload = workload;
        this.history = history;
        this.trueNanos = trueNanos;
        this.stopAtNanos = stopAtNanos;
        this.state = state;
        if (state.open) {
            indeterminate(); // the previous incarnation crashed with an operation in flight
        }
    }

    @Override
    public void onStart(NodeContext ctx) {
        scheduleNext(ctx);
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if (NEXT.equals(tag)) {
            invoke(ctx);
        } else if (tag instanceof Long id && id == outstanding) {
            outstanding = -1;
            indeterminate();
            scheduleNext(ctx);
        }
    }

    @Override
    public void onReply(NodeContext ctx, Reply reply) {
        if (reply.id() != outstanding) {
            return; // the answer to an operation already recorded as info
        }
        ctx.cancelTimer(timeoutTimer);
        outstanding = -1;
        state.open = false;
        if (reply.value() instanceof Result r) {
            history.complete(state.id, r.ok() ? OpType.OK : OpType.FAIL, r.value(), trueNanos.getAsLong());
        } else {
            history.complete(state.id, OpType.FAIL, "unexpected reply " + reply.value(), trueNanos.getAsLong());
        }
        scheduleNext(ctx);
    }

    /** This client's current process id. */
    public int process() {
        return state.id;
    }

    public int index() {
        return index;
    }

    private void invoke(NodeContext ctx) {
        if (trueNanos.getAsLong() >= stopAtNanos) {
            return;
        }
        ClientOp op = workload.next(ctx.random());
        history.invoke(state.id, op.f(), op.value(), trueNanos.getAsLong());
        state.open = true;
        int server = servers.get(ctx.random().below(servers.size()));
        outstanding = ctx.request(server, op);
        timeoutTimer = ctx.setTimer(workload.timeoutNanos(), outstanding);
    }

    /** The open operation's outcome is unknown: record info, continue as a new process. */
    private void indeterminate() {
        history.complete(state.id, OpType.INFO, null, trueNanos.getAsLong());
        state.open = false;
        state.id += clientCount;
    }

    private void scheduleNext(NodeContext ctx) {
        ctx.setTimer(1 + workload.interval(ctx.random()), NEXT);
    }
}
