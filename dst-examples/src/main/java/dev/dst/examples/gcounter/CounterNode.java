package dev.dst.examples.gcounter;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;
import dev.dst.node.ClientOp;
import dev.dst.node.Result;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A grow-only counter replica (G-Counter CRDT): one count per replica; a replica adds only to
 * its own, which it makes durable before acknowledging; the value is the sum. Replicas gossip
 * their vectors to a random peer every {@link #GOSSIP_NANOS} and merge by taking the maximum
 * of each entry, so they converge whatever the order, loss or duplication of messages.
 *
 * <p>Adds are idempotent: a network can deliver a request twice (dst's duplicating links do),
 * so a replica remembers, per client, the highest request id it applied, durably and
 * atomically with its count. A client has one operation outstanding at a time and its request
 * ids increase, so a request at or below that id is a repeat, or a late copy of one the
 * client already gave up on: it is not applied again.
 *
 * <p>Planted bug {@code merge-adds}: merging adds the entries instead of taking the maximum,
 * so every gossip round counts the same additions again.
 */
final class CounterNode implements Node {
    static final String STATE = "state";
    static final long GOSSIP_NANOS = 20_000_000;

    /** The gossip message: a replica's whole vector (a list, so that it prints and hashes deterministically). */
    record Vector(List<Long> counts) {}

    private final int replicas;
    private final boolean mergeAdds;
    private final long[] counts;
    private final TreeMap<Integer, Long> appliedUpTo = new TreeMap<>(); // client -> highest request id applied

    CounterNode(NodeContext ctx, int replicas, boolean mergeAdds) {
        this.replicas = replicas;
        this.mergeAdds = mergeAdds;
        this.counts = new long[replicas];
        byte[] state = ctx.storage().read(STATE);
        if (state != null) {
            ByteBuffer b = ByteBuffer.wrap(state);
            counts[ctx.id()] = b.getLong();
            while (b.remaining() >= 12) {
                appliedUpTo.put(b.getInt(), b.getLong());
            }
        }
    }

    /** Own count and the per-client marks, in one atomic write. */
    private byte[] encode(long own) {
        ByteBuffer b = ByteBuffer.allocate(8 + 12 * appliedUpTo.size());
        b.putLong(own);
        appliedUpTo.forEach((client, id) -> b.putInt(client).putLong(id));
        return b.array();
    }

    long value() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    List<Long> vector() {
        List<Long> v = new ArrayList<>(replicas);
        for (long c : counts) {
            v.add(c);
        }
        return v;
    }

    @Override
    public void onStart(NodeContext ctx) {
        if (replicas > 1) { // a lone replica has no one to gossip with (Maelstrom may run one node)
            ctx.setTimer(GOSSIP_NANOS, "gossip");
        }
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        int peer = ctx.random().below(replicas - 1);
        ctx.send(peer >= ctx.id() ? peer + 1 : peer, new Vector(vector()));
        ctx.setTimer(GOSSIP_NANOS, "gossip");
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Vector v) {
            for (int i = 0; i < replicas; i++) {
                if (i == ctx.id()) {
                    continue; // a replica is the authority on its own entry
                }
                counts[i] = mergeAdds ? counts[i] + v.counts().get(i) : Math.max(counts[i], v.counts().get(i));
            }
        }
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        ClientOp op = (ClientOp) request.op();
        switch (op.f()) {
            case "read" -> ctx.reply(request, Result.ok(value()));
            case "add" -> {
                long n = (Long) op.value();
                long last = appliedUpTo.getOrDefault(request.from(), -1L);
                if (request.id() <= last) {
                    // a repeat: the last request was applied already; an older one the client gave up on is not applied
                    ctx.reply(request, request.id() == last ? Result.ok(n) : Result.fail("stale request"));
                    return;
                }
                appliedUpTo.put(request.from(), request.id());
                try {
                    ctx.storage().write(STATE, encode(counts[ctx.id()] + n));
                    ctx.storage().fsync();
                } catch (DiskFullException e) {
                    appliedUpTo.put(request.from(), last);
                    ctx.reply(request, Result.fail("disk full"));
                    return;
                }
                counts[ctx.id()] += n;
                ctx.reply(request, Result.ok(n));
            }
            default -> ctx.reply(request, Result.fail("unknown operation " + op.f()));
        }
    }
}
