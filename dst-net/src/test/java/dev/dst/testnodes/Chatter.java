package dev.dst.testnodes;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test node: on a timer it sends a numbered {@link Ping} to every peer; on request it sends
 * a burst to one peer or writes to its storage. Everything it sees goes to a {@link Recorder}
 * outside the node, so that records survive crashes. It counts its boots in storage (synced),
 * so a restarted incarnation shows the state it rebuilt.
 */
public final class Chatter implements Node {
    /** A numbered message; {@code sentAtNanos} is true simulated time at the send. */
    public record Ping(int from, long seq, long sentAtNanos) {}

    /** Request: send {@code count} pings to {@code to} now. */
    public record Burst(int to, int count) {}

    /** Request: append {@code data} to file "log", unsynced (and fsync after when {@code sync}). */
    public record Append(String data, boolean sync) {}

    private record Tick() {}

    public static final String BOOTS = "boots";
    public static final String LOG = "log";

    private final Recorder rec;
    private final List<Integer> peers;
    private final long intervalNanos;
    /** Boots counted in storage, including this one: state rebuilt from storage at construction. */
    public final long bootsFromStorage;

    public Chatter(NodeContext ctx, Recorder rec, List<Integer> peers, long intervalNanos) {
        this.rec = rec;
        this.peers = List.copyOf(peers);
        this.intervalNanos = intervalNanos;
        this.bootsFromStorage = ctx.storage().readLong(BOOTS, 0) + 1;
    }

    @Override
    public void onStart(NodeContext ctx) {
        rec.started(ctx.id());
        try {
            ctx.storage().writeLong(BOOTS, bootsFromStorage);
            ctx.storage().fsync();
        } catch (DiskFullException e) {
            // a restart on a full disk: the count is not kept this time
        }
        if (intervalNanos > 0) {
            ctx.setTimer(intervalNanos, new Tick());
        }
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        for (int p : peers) {
            if (p != ctx.id()) {
                ctx.send(p, new Ping(ctx.id(), rec.nextSeq(), rec.trueNow()));
            }
        }
        ctx.setTimer(intervalNanos, new Tick());
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        Ping p = (Ping) message;
        rec.received(from, ctx.id(), p.seq(), p.sentAtNanos(), ctx.now());
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        if (request.op() instanceof Burst b) {
            for (int i = 0; i < b.count(); i++) {
                ctx.send(b.to(), new Ping(ctx.id(), rec.nextSeq(), rec.trueNow()));
            }
            ctx.reply(request, "sent");
        } else if (request.op() instanceof Append a) {
            try {
                ctx.storage().append(LOG, a.data().getBytes(StandardCharsets.UTF_8));
                if (a.sync()) {
                    ctx.storage().fsync();
                }
                ctx.reply(request, "written");
            } catch (DiskFullException e) {
                ctx.reply(request, "disk full");
            }
        }
    }

    /** The content of file "log" as text ("" when absent). */
    public static String log(dev.dst.storage.Storage s) {
        byte[] b = s.read(LOG);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
