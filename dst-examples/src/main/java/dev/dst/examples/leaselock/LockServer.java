package dev.dst.examples.leaselock;

import dev.dst.examples.leaselock.Messages.Acquire;
import dev.dst.examples.leaselock.Messages.Busy;
import dev.dst.examples.leaselock.Messages.Granted;
import dev.dst.examples.leaselock.Messages.Release;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.storage.DiskFullException;

/**
 * Grants one lease at a time, each under a new fencing token (a counter made durable before
 * the grant). A lease ends when its timer fires ({@link #LEASE_NANOS} on this node's clock,
 * which runs at its drifting rate but ignores jumps) or on release. After a restart the
 * server grants nothing for one lease duration: a lease it granted before the crash may still
 * be held.
 */
final class LockServer implements Node {
    static final long LEASE_NANOS = 100_000_000;
    static final String TOKEN = "fence.token";

    private long token;
    private int holder = -1;
    private long expiryTimer;
    private boolean inGrace = true;

    LockServer(NodeContext ctx) {
        token = ctx.storage().readLong(TOKEN, 0);
    }

    /** The current holder, or -1. */
    int holder() {
        return holder;
    }

    long token() {
        return token;
    }

    @Override
    public void onStart(NodeContext ctx) {
        ctx.setTimer(LEASE_NANOS, "grace over");
        ctx.log("up at fencing token {}; no grants for {} ms (grace)", token, LEASE_NANOS / 1_000_000);
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if ("grace over".equals(tag)) {
            inGrace = false;
            ctx.log("grace over");
        } else if (timerId == expiryTimer) {
            ctx.log("lease {} of {} expired", token, ctx.nameOf(holder));
            holder = -1;
        }
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Acquire a) {
            if (inGrace || holder >= 0) {
                ctx.send(from, new Busy(a.episode()));
                return;
            }
            try {
                ctx.storage().writeLong(TOKEN, token + 1);
                ctx.storage().fsync();
            } catch (DiskFullException e) {
                ctx.send(from, new Busy(a.episode()));
                return;
            }
            token++;
            holder = from;
            expiryTimer = ctx.setTimer(LEASE_NANOS, "lease " + token);
            ctx.log("granted lease {} to {}", token, ctx.nameOf(from));
            ctx.send(from, new Granted(token, LEASE_NANOS, a.episode()));
        } else if (message instanceof Release r && r.token() == token && holder == from) {
            ctx.cancelTimer(expiryTimer);
            ctx.log("{} released lease {}", ctx.nameOf(from), token);
            holder = -1;
        }
    }
}
