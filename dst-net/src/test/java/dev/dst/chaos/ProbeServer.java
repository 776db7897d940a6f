package dev.dst.chaos;

import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.node.Result;
import dev.dst.runtime.example.Counter;
import dev.dst.storage.DiskFullException;

/**
 * The node process of the chaos tests: docs/runtime.md's {@link Counter}, and a few operations
 * that show what a fault did: {@code now} (the node's clock), {@code write} (an append to its
 * storage: ok, or fail when the disk is full), {@code throw} (a handler that throws: the node
 * stops by itself), {@code event} (a line the cluster receives).
 */
public final class ProbeServer {
    private ProbeServer() {}

    public static void main(String[] args) {
        ChaosNode.run(args, launch -> ctx -> new Probe(new Counter(ctx, launch.book().size())));
    }

    private static final class Probe implements Node {
        private final Counter counter;

        Probe(Counter counter) {
            this.counter = counter;
        }

        @Override
        public void onRequest(NodeContext ctx, Request request) {
            ClientOp op = (ClientOp) request.op();
            switch (op.f()) {
                case "now" -> ctx.reply(request, Result.ok(ctx.now()));
                case "write" -> {
                    try {
                        ctx.storage().append("probe", new byte[64]); // needs 64 more bytes
                        ctx.reply(request, Result.ok(null));
                    } catch (DiskFullException e) {
                        ctx.reply(request, Result.fail("disk full"));
                    }
                }
                case "throw" -> throw new IllegalStateException("asked to throw");
                case "event" -> {
                    ChaosNode.event(String.valueOf(op.value()));
                    ctx.reply(request, Result.ok(null));
                }
                default -> counter.onRequest(ctx, request);
            }
        }

        @Override
        public void onMessage(NodeContext ctx, int from, Object message) {
            counter.onMessage(ctx, from, message);
        }

        @Override
        public void onReply(NodeContext ctx, Reply reply) {
            counter.onReply(ctx, reply);
        }
    }
}
