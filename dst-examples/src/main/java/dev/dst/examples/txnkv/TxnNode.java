package dev.dst.examples.txnkv;

import dev.dst.examples.txnkv.Messages.Abort;
import dev.dst.examples.txnkv.Messages.Commit;
import dev.dst.examples.txnkv.Messages.Prepare;
import dev.dst.examples.txnkv.Messages.Read;
import dev.dst.examples.txnkv.Messages.Status;
import dev.dst.examples.txnkv.Messages.StatusReply;
import dev.dst.examples.txnkv.Messages.TsReply;
import dev.dst.examples.txnkv.Messages.TsRequest;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * A server of the store: a {@link Coordinator} for the clients that contact it, and, by its
 * address, a {@link Shard} (nodes 0 .. shards-1) or the {@link Oracle} (node {@code shards}).
 * Messages are routed here; what they do is in those three. A message a node sends itself is
 * delivered after the handler that sent it returns (in order, within the same step), so no
 * role is re-entered while it is running.
 */
final class TxnNode implements Node {
    private final Coordinator coordinator;
    private final Shard shard;
    private final Oracle oracle;
    private final Observer observer;
    private final ArrayDeque<Messages> local = new ArrayDeque<>();

    TxnNode(NodeContext ctx, Coordinator.Config coordination, Shard.Config isolation, Observer observer) {
        this.observer = observer;
        this.coordinator = new Coordinator(ctx, coordination, observer, this::send);
        this.shard = ctx.id() < coordination.shards() ? new Shard(ctx.storage(), ctx.monotonicNanos(), isolation, observer) : null;
        this.oracle = ctx.id() == coordination.oracle() ? new Oracle(ctx.storage()) : null;
    }

    @Override
    public void onStart(NodeContext ctx) {
        if (shard != null) {
            ctx.setTimer(Shard.RESOLVE_NANOS, new Messages.Resolve());
        }
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        coordinator.onRequest(ctx, request);
        drain(ctx);
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Messages m) {
            dispatch(ctx, from, m);
            drain(ctx);
        }
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if (tag instanceof Messages.Resolve) {
            for (Map.Entry<Integer, Status> q : shard.inDoubt(ctx.monotonicNanos())) {
                send(ctx, q.getKey(), q.getValue());
            }
            ctx.setTimer(Shard.RESOLVE_NANOS, tag);
        } else {
            coordinator.onTimer(ctx, tag);
        }
        drain(ctx);
    }

    private void send(NodeContext ctx, int to, Messages m) {
        if (to == ctx.id()) {
            local.add(m);
        } else {
            ctx.send(to, m);
        }
    }

    private void drain(NodeContext ctx) {
        while (!local.isEmpty()) {
            dispatch(ctx, ctx.id(), local.poll());
        }
    }

    private void dispatch(NodeContext ctx, int from, Messages m) {
        if (m instanceof TsRequest r) {
            if (oracle != null) {
                long ts = oracle.issue(ctx.storage());
                if (ts >= 0) {
                    observer.issued(ts);
                    send(ctx, from, new TsReply(r.op(), r.forCommit(), ts));
                }
            }
        } else if (m instanceof Read || m instanceof Prepare || m instanceof Commit || m instanceof Abort || m instanceof StatusReply) {
            if (shard != null) {
                toShard(ctx, from, m);
            }
        } else {
            coordinator.onMessage(ctx, from, m);
        }
    }

    private void toShard(NodeContext ctx, int from, Messages m) {
        if (m instanceof Read r) {
            send(ctx, from, shard.read(r));
        } else if (m instanceof Prepare p) {
            Messages.Vote v = shard.prepare(p, ctx.monotonicNanos());
            if (v != null) {
                send(ctx, from, v);
            }
        } else if (m instanceof Commit c) {
            Messages.Committed ack = shard.commit(c);
            if (ack != null) {
                send(ctx, from, ack);
            }
        } else if (m instanceof Abort a) {
            shard.abort(a.txn());
        } else if (m instanceof StatusReply s) {
            switch (s.outcome()) {
                case COMMITTED -> {
                    boolean inDoubt = shard.isPrepared(s.txn());
                    Messages.Committed ack = shard.commit(new Commit(s.txn(), s.commitTs()));
                    if (ack != null) {
                        if (inDoubt) {
                            observer.resolved();
                        }
                        send(ctx, from, ack);
                    }
                }
                case ABORTED -> {
                    if (shard.isPrepared(s.txn())) {
                        observer.resolved();
                    }
                    shard.abort(s.txn());
                }
                case PENDING -> { }
            }
        }
    }
}
