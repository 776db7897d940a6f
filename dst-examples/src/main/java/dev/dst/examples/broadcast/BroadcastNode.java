package dev.dst.examples.broadcast;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;
import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongLinkedOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Maelstrom's broadcast, made durable: a node that learns a message (from a client or a peer)
 * appends it to its log and fsyncs, floods it to every peer, and keeps it pending for each
 * peer until that peer acknowledges it; every {@link #RETRANSMIT_NANOS} it sends each peer
 * what is still pending, so messages cross partitions once they heal. After a restart every
 * logged message is pending for every peer again.
 *
 * <p>Planted bug {@code no-retransmit}: messages are flooded once and never sent again, so a
 * message flooded into a partition never reaches the nodes on the other side.
 */
final class BroadcastNode implements Node {
    static final String LOG = "messages.log";
    static final long RETRANSMIT_NANOS = 50_000_000;
    static final int BATCH = 64;

    /**
     * Messages sent to a peer, each with the hop count at which the sender learned it (0: from
     * a client); {@code retransmitted} when sent again by the retransmission timer.
     */
    record Gossip(List<Long> messages, List<Integer> hops, boolean retransmitted) {}

    record Ack(List<Long> messages) {}

    private final int nodes;
    private final boolean retransmit;
    private final Deliveries deliveries;
    private final LongOpenHashSet seen = new LongOpenHashSet();
    private final LongArrayList order = new LongArrayList();
    private final LongLinkedOpenHashSet[] pending;
    private final Long2IntOpenHashMap hopOf = new Long2IntOpenHashMap();

    BroadcastNode(NodeContext ctx, int nodes, boolean retransmit, Deliveries deliveries) {
        this.nodes = nodes;
        this.retransmit = retransmit;
        this.deliveries = deliveries;
        this.pending = new LongLinkedOpenHashSet[nodes];
        for (int i = 0; i < nodes; i++) {
            pending[i] = new LongLinkedOpenHashSet();
        }
        byte[] log = ctx.storage().read(LOG);
        if (log != null) {
            ByteBuffer b = ByteBuffer.wrap(log);
            while (b.remaining() >= 8) { // a torn last record is ignored: it was never acknowledged
                long m = b.getLong();
                if (seen.add(m)) {
                    order.add(m);
                    for (int p = 0; p < nodes; p++) {
                        if (p != ctx.id()) {
                            pending[p].add(m);
                        }
                    }
                }
            }
        }
    }

    /** Messages this node has, in the order it learned them. */
    LongArrayList messages() {
        return order;
    }

    boolean has(long m) {
        return seen.contains(m);
    }

    @Override
    public void onStart(NodeContext ctx) {
        if (retransmit) {
            ctx.setTimer(RETRANSMIT_NANOS, "retransmit");
        }
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        ClientOp op = (ClientOp) request.op();
        if (op.f().equals("broadcast")) {
            long m = (Long) op.value();
            if (!learn(ctx, m, 0)) {
                ctx.reply(request, Result.fail("disk full"));
                return;
            }
            ctx.reply(request, Result.ok(m));
        } else if (op.f().equals("read")) {
            List<Long> all = new ArrayList<>(order);
            all.sort(null);
            ctx.reply(request, Result.ok(all));
        } else {
            ctx.reply(request, Result.fail("unknown operation " + op.f()));
        }
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Gossip g) {
            List<Long> stored = new ArrayList<>();
            for (int i = 0; i < g.messages().size(); i++) {
                long m = g.messages().get(i);
                boolean isNew = !seen.contains(m);
                if (!learn(ctx, m, g.hops().get(i) + 1)) {
                    break; // disk full: what is not stored is not acknowledged, so the sender retries
                }
                if (isNew && g.retransmitted()) {
                    deliveries.learnedThroughRetransmission();
                }
                stored.add(m);
            }
            if (!stored.isEmpty()) {
                ctx.send(from, new Ack(stored));
            }
        } else if (message instanceof Ack a) {
            for (long m : a.messages()) {
                pending[from].remove(m);
            }
        }
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        for (int p = 0; p < nodes; p++) {
            if (p != ctx.id() && !pending[p].isEmpty()) {
                List<Long> batch = new ArrayList<>();
                List<Integer> hops = new ArrayList<>();
                for (long m : pending[p]) {
                    batch.add(m);
                    hops.add(hopOf.get(m));
                    if (batch.size() == BATCH) {
                        break;
                    }
                }
                ctx.send(p, new Gossip(batch, hops, true));
            }
        }
        ctx.setTimer(RETRANSMIT_NANOS, "retransmit");
    }

    /** Stores and floods a message new to this node; false when the disk is full. */
    private boolean learn(NodeContext ctx, long m, int hop) {
        if (seen.contains(m)) {
            return true;
        }
        try {
            ctx.storage().append(LOG, ByteBuffer.allocate(8).putLong(m).array());
            ctx.storage().fsync();
        } catch (DiskFullException e) {
            return false;
        }
        seen.add(m);
        order.add(m);
        hopOf.put(m, hop);
        deliveries.learned(ctx.id(), m, hop);
        for (int p = 0; p < nodes; p++) {
            if (p != ctx.id()) {
                pending[p].add(m);
                ctx.send(p, new Gossip(List.of(m), List.of(hop), false));
            }
        }
        return true;
    }
}
