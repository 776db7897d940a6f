package dev.dst.examples.quorum;

import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;
import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The coordinator role of a quorum node: runs the client's operations in ABD's two phases,
 * and holds every transition of an operation in this one class.
 *
 * <pre>
 *   request --> QUERY: ask every replica for (ts, value); R answers --> highest (ts, value)
 *       write: ts' = (max(highest, last issued) + 1, me), made durable --> STORE (ts', v)
 *       read:  the highest, written back (read repair)                   --> STORE (ts, value)
 *   STORE: W acknowledgements --> reply ok
 *   every RETRY: resend the phase's message to the replicas that have not answered
 *   DEADLINE: in QUERY, or a read: reply fail (a write stored nothing yet; a failed read
 *             observed nothing); a write in STORE: no reply (it may have taken effect)
 * </pre>
 *
 * <p>Two things are durable besides the replica's register, in one file: the highest counter
 * this node issued (so a restarted coordinator never reissues a timestamp that its crashed
 * predecessor's stores, still in flight, carry with another value), and per client the
 * highest write request id accepted (so a duplicated or late copy of a write request is not
 * run again, after later writes, and brought back from the past).
 */
final class Coordinator {
    static final String FILE = "coordinator";
    static final long RETRY_NANOS = 20_000_000;
    static final long DEADLINE_NANOS = 150_000_000; // below the client's 200 ms timeout

    /** How the node is configured; the two planted bugs weaken the quorums. */
    record Config(int replicas, int readQuorum, int writeQuorum, boolean ackBelowW, boolean singleReplicaRead) {}

    enum Phase { QUERY, STORE }

    /** One client operation in flight at this coordinator. */
    private static final class Op {
        final Request request;
        final boolean write;
        final long writeValue;
        Phase phase = Phase.QUERY;
        int answered; // bit r: replica r answered in this phase
        Ts best;
        long bestValue;
        Ts storeTs;
        long storeValue;
        long retryTimer;
        long deadlineTimer;

        Op(Request request, boolean write, long writeValue) {
            this.request = request;
            this.write = write;
            this.writeValue = writeValue;
        }
    }

    private final Config config;
    private final Observer observer;
    private final BiFunction<NodeContext, Messages, Messages> localReplica;
    private final Long2ObjectOpenHashMap<Op> ops = new Long2ObjectOpenHashMap<>(); // looked up, never iterated
    private final TreeMap<Integer, Long> lastWriteRequest = new TreeMap<>();
    private long lastIssued;

    Coordinator(NodeContext ctx, Config config, Observer observer, BiFunction<NodeContext, Messages, Messages> localReplica) {
        this.config = config;
        this.observer = observer;
        this.localReplica = localReplica;
        byte[] b = ctx.storage().read(FILE);
        if (b != null) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            lastIssued = buf.getLong();
            while (buf.remaining() >= 12) {
                lastWriteRequest.put(buf.getInt(), buf.getLong());
            }
        }
    }

    void onRequest(NodeContext ctx, Request request) {
        if (ops.containsKey(request.id())) {
            return; // a duplicate of an operation in flight: it will be answered once
        }
        ClientOp op = (ClientOp) request.op();
        switch (op.f()) {
            case "read" -> start(ctx, new Op(request, false, 0));
            case "write" -> acceptWrite(ctx, request, (Long) op.value());
            default -> ctx.reply(request, Result.fail("unknown operation " + op.f() + " (expected read or write)"));
        }
    }

    private void acceptWrite(NodeContext ctx, Request request, long value) {
        Long last = lastWriteRequest.get(request.from());
        if (last != null && request.id() <= last) {
            return; // a duplicate, or a late copy of a write the client gave up on: never run twice
        }
        lastWriteRequest.put(request.from(), request.id());
        if (!persist(ctx)) {
            restoreMark(request.from(), last);
            ctx.reply(request, Result.fail("disk full"));
            return;
        }
        start(ctx, new Op(request, true, value));
    }

    private void restoreMark(int client, Long last) {
        if (last == null) {
            lastWriteRequest.remove(client);
        } else {
            lastWriteRequest.put(client, last);
        }
    }

    private void start(NodeContext ctx, Op op) {
        long id = op.request.id();
        ops.put(id, op);
        op.retryTimer = ctx.setTimer(RETRY_NANOS, new Messages.Retry(id));
        op.deadlineTimer = ctx.setTimer(DEADLINE_NANOS, new Messages.Deadline(id));
        send(ctx, op);
    }

    /** An answer from a replica (this node's own included). */
    void onAnswer(NodeContext ctx, int from, Messages answer) {
        Op op = ops.get(answer.op());
        if (op == null || (op.answered & (1 << from)) != 0) {
            return; // ended, or a repeat
        }
        if (answer instanceof Messages.QueryReply q && op.phase == Phase.QUERY) {
            op.answered |= 1 << from;
            if (op.best == null || q.ts().after(op.best)) {
                op.best = q.ts();
                op.bestValue = q.value();
            }
            if (Integer.bitCount(op.answered) >= readQuorum(op)) {
                queried(ctx, op);
            }
        } else if (answer instanceof Messages.StoreAck && op.phase == Phase.STORE) {
            op.answered |= 1 << from;
            if (Integer.bitCount(op.answered) >= writeQuorum(op)) {
                finish(ctx, op, Result.ok(op.write ? op.writeValue : op.storeValue));
            }
        }
    }

    void onTimer(NodeContext ctx, Object tag) {
        if (tag instanceof Messages.Retry r && ops.get(r.op()) != null) {
            Op op = ops.get(r.op());
            op.retryTimer = ctx.setTimer(RETRY_NANOS, r);
            send(ctx, op);
        } else if (tag instanceof Messages.Deadline d && ops.get(d.op()) != null) {
            Op op = ops.get(d.op());
            if (op.phase == Phase.QUERY || !op.write) {
                finish(ctx, op, Result.fail("no quorum before the deadline"));
            } else {
                end(ctx, op); // the write may be on some replicas: its outcome is unknown, so no answer
                observer.writeAbandoned();
            }
        }
    }

    /** The read quorum answered: a read under {@code single-replica-read} answers at once; otherwise on to phase 2. */
    private void queried(NodeContext ctx, Op op) {
        if (!op.write && config.singleReplicaRead()) {
            finish(ctx, op, Result.ok(op.bestValue));
            return;
        }
        if (op.write) {
            long before = lastIssued;
            lastIssued = Math.max(op.best.counter(), lastIssued) + 1;
            if (!persist(ctx)) {
                lastIssued = before;
                finish(ctx, op, Result.fail("disk full")); // nothing stored anywhere yet
                return;
            }
            op.storeTs = new Ts(lastIssued, ctx.id());
            op.storeValue = op.writeValue;
            observer.issued(op.storeTs, op.storeValue);
        } else {
            op.storeTs = op.best;
            op.storeValue = op.bestValue;
        }
        op.phase = Phase.STORE;
        op.answered = 0;
        send(ctx, op);
    }

    private int readQuorum(Op op) {
        return !op.write && config.singleReplicaRead() ? 1 : config.readQuorum();
    }

    private int writeQuorum(Op op) {
        return op.write && config.ackBelowW() ? 1 : config.writeQuorum();
    }

    /** Sends the phase's message to every replica that has not answered; this node's own replica answers at once. */
    private void send(NodeContext ctx, Op op) {
        long id = op.request.id();
        Messages m = op.phase == Phase.QUERY ? new Messages.Query(id) : new Messages.Store(id, op.storeTs, op.storeValue, !op.write);
        boolean local = false;
        for (int r = 0; r < config.replicas(); r++) {
            if ((op.answered & (1 << r)) != 0 || (readQuorum(op) == 1 && op.phase == Phase.QUERY && r != ctx.id())) {
                continue;
            }
            if (r == ctx.id()) {
                local = true;
            } else {
                ctx.send(r, m);
            }
        }
        if (local) {
            Messages answer = localReplica.apply(ctx, m);
            if (answer != null) {
                onAnswer(ctx, ctx.id(), answer);
            }
        }
    }

    private void finish(NodeContext ctx, Op op, Result result) {
        end(ctx, op);
        ctx.reply(op.request, result);
    }

    private void end(NodeContext ctx, Op op) {
        ctx.cancelTimer(op.retryTimer);
        ctx.cancelTimer(op.deadlineTimer);
        ops.remove(op.request.id());
    }

    /** Writes the last issued counter and the per-client marks atomically and fsyncs; false when the disk is full. */
    private boolean persist(NodeContext ctx) {
        ByteBuffer b = ByteBuffer.allocate(8 + 12 * lastWriteRequest.size()).putLong(lastIssued);
        for (Map.Entry<Integer, Long> e : lastWriteRequest.entrySet()) {
            b.putInt(e.getKey()).putLong(e.getValue());
        }
        try {
            ctx.storage().write(FILE, b.array());
            ctx.storage().fsync();
            return true;
        } catch (DiskFullException e) {
            return false;
        }
    }
}
