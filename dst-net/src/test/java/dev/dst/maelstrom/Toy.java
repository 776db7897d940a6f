package dev.dst.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.node.Result;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A toy node and its workload for the adapter's tests: {@code echo} (answered by the node
 * asked), {@code relay} (the node asks the next node with {@code ctx.request}, and answers once
 * it replied), {@code boom} (throws), {@code fail} (a failed result), {@code parts} (two
 * operations, the second failing), {@code ticks} (how often a 1 ms timer fired).
 */
final class Toy implements Node {
    static final MaelstromWorkload WORKLOAD = new MaelstromWorkload() {
        @Override
        public String name() {
            return "toy";
        }

        @Override
        public Call call(String type, JsonNode body) throws MaelstromError {
            return switch (type) {
                case "echo", "relay" -> Call.read(new ClientOp(type, Bodies.string(body, "echo")),
                        v -> Bodies.body(type + "_ok").put("echo", (String) v.get(0)));
                case "boom", "fail" -> Call.write(new ClientOp(type, null), v -> Bodies.body(type + "_ok"));
                case "parts" -> Call.writes(List.of(new ClientOp("part", 0L), new ClientOp("part", 1L)), v -> Bodies.body("parts_ok"));
                case "ticks" -> Call.read(new ClientOp("ticks", null), v -> Bodies.body("ticks_ok").put("ticks", (Integer) v.get(0)));
                default -> throw MaelstromError.notSupported("the toy workload has no '" + type + "'");
            };
        }
    };

    private final int nodes;
    private final Map<Long, Request> relaying = new HashMap<>();
    private int ticks;

    Toy(int nodes) {
        this.nodes = nodes;
    }

    @Override
    public void onStart(NodeContext ctx) {
        ctx.setTimer(1_000_000, "tick");
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        ticks++;
        ctx.setTimer(1_000_000, "tick");
    }

    @Override
    public void onRequest(NodeContext ctx, Request r) {
        ClientOp op = (ClientOp) r.op();
        switch (op.f()) {
            case "echo" -> ctx.reply(r, Result.ok(op.value()));
            case "relay" -> relaying.put(ctx.request((ctx.id() + 1) % nodes, new ClientOp("echo", op.value() + " via " + ctx.name())), r);
            case "boom" -> throw new IllegalStateException("boom");
            case "fail" -> ctx.reply(r, Result.fail("nope"));
            case "part" -> ctx.reply(r, (Long) op.value() == 0 ? Result.ok(0L) : Result.fail("part 1 fails"));
            case "ticks" -> ctx.reply(r, Result.ok(ticks));
            default -> throw new IllegalArgumentException(op.f());
        }
    }

    @Override
    public void onReply(NodeContext ctx, Reply reply) {
        Request r = relaying.remove(reply.id());
        if (r != null) {
            ctx.reply(r, reply.value());
        }
    }
}
