package dev.dst.runtime.example;

import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.node.Result;

/**
 * The node of docs/runtime.md's example: a counter every node adds to. An add is made durable
 * (an atomic write) before it is acknowledged and is sent to every peer once; a peer applies it
 * when it arrives (a lost add stays lost: a real protocol would retransmit).
 */
public final class Counter implements Node {
    /** An add made at another node. */
    public record Added(long n) {}

    private final int nodes;
    private long total;

    public Counter(NodeContext ctx, int nodes) {
        this.nodes = nodes;
        this.total = ctx.storage().readLong("total", 0); // what the last incarnation kept
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        ClientOp op = (ClientOp) request.op();
        if (op.f().equals("add")) {
            add(ctx, (Long) op.value());
            for (int peer = 0; peer < nodes; peer++) {
                if (peer != ctx.id()) {
                    ctx.send(peer, new Added((Long) op.value()));
                }
            }
        }
        ctx.reply(request, Result.ok(total));
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Added a) {
            add(ctx, a.n());
        }
    }

    private void add(NodeContext ctx, long n) {
        total += n;
        ctx.storage().writeLong("total", total); // replaced atomically; durable on FileStorage when it returns
    }
}
