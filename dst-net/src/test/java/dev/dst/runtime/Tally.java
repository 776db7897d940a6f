package dev.dst.runtime;

import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.node.Result;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.time.Duration;
import java.util.List;

/**
 * A small protocol for the runtime's tests: a counter every node adds to, each add made
 * durable and sent to every peer (no retransmission: a lost add stays lost). Client ops:
 * {@code add n}, {@code get}, {@code ask peer} (a node-to-node request), {@code ticks},
 * {@code boots}, {@code boom}, {@code stop}, {@code restart}, {@code flood [peer, count, bytes]}, {@code hold}
 * (answered at the next {@code release}).
 */
final class Tally implements Node {
    /** An add a peer made. */
    record Add(long n) {}

    /** A message of some size, for the frame limit and back-pressure. */
    record Blob(byte[] bytes) {}

    static final String TOTAL = "total";
    static final String BOOTS = "boots";
    static final long TICK_NANOS = Duration.ofMillis(20).toNanos();

    private final int nodes;
    private final long boots;
    private long total;
    private long ticks;
    private boolean cancelledTimerFired;
    private Request held;
    private final Long2ObjectOpenHashMap<Request> asked = new Long2ObjectOpenHashMap<>();

    Tally(NodeContext ctx, int nodes) {
        this.nodes = nodes;
        this.total = ctx.storage().readLong(TOTAL, 0);
        this.boots = ctx.storage().readLong(BOOTS, 0) + 1;
        ctx.storage().writeLong(BOOTS, boots);
        ctx.storage().fsync();
    }

    @Override
    public void onStart(NodeContext ctx) {
        long doomed = ctx.setTimer(TICK_NANOS / 2, "cancelled");
        ctx.cancelTimer(doomed);
        ctx.setTimer(TICK_NANOS, "tick");
        ctx.log("{} up, boot {}, total {}", ctx.name(), boots, total);
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if ("cancelled".equals(tag)) {
            cancelledTimerFired = true;
        } else {
            ticks++;
            ctx.setTimer(TICK_NANOS, "tick");
        }
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Add a) {
            add(ctx, a.n());
        }
    }

    private void add(NodeContext ctx, long n) {
        total += n;
        ctx.storage().writeLong(TOTAL, total);
    }

    @Override
    public void onRequest(NodeContext ctx, Request r) {
        if (r.from() != Request.EXTERNAL) {
            ctx.reply(r, "pong from " + ctx.name());
            return;
        }
        ClientOp op = (ClientOp) r.op();
        switch (op.f()) {
            case "add" -> {
                long n = (Long) op.value();
                add(ctx, n);
                for (int peer = 0; peer < nodes; peer++) {
                    if (peer != ctx.id()) {
                        ctx.send(peer, new Add(n));
                    }
                }
                ctx.reply(r, Result.ok(total));
            }
            case "get" -> ctx.reply(r, Result.ok(total));
            case "ask" -> asked.put(ctx.request((Integer) op.value(), "ping"), r);
            case "ticks" -> ctx.reply(r, Result.ok(List.of(ticks, cancelledTimerFired)));
            case "boots" -> ctx.reply(r, Result.ok(boots));
            case "boom" -> throw new IllegalStateException("boom: " + op.value());
            case "stop" -> {
                ctx.reply(r, Result.ok("stopping"));
                ctx.stop((String) op.value());
            }
            case "restart" -> {
                ctx.reply(r, Result.ok("restarting"));
                ctx.restart((String) op.value());
            }
            case "flood" -> {
                @SuppressWarnings("unchecked")
                List<Integer> a = (List<Integer>) op.value();
                for (int i = 0; i < a.get(1); i++) {
                    ctx.send(a.get(0), new Blob(new byte[a.get(2)]));
                }
                ctx.reply(r, Result.ok(a.get(1)));
            }
            case "hold" -> held = r; // answered only at the next release
            case "release" -> {
                if (held != null) {
                    ctx.reply(held, Result.ok("late"));
                    held = null;
                }
                ctx.reply(r, Result.ok("released"));
            }
            default -> ctx.reply(r, Result.fail("unknown op " + op.f()));
        }
    }

    @Override
    public void onReply(NodeContext ctx, Reply reply) {
        Request waiting = asked.remove(reply.id());
        if (waiting != null) {
            ctx.reply(waiting, Result.ok(reply.value()));
        }
    }
}
