package dev.dst.examples.leaselock;

import dev.dst.examples.leaselock.Messages.Accepted;
import dev.dst.examples.leaselock.Messages.Rejected;
import dev.dst.examples.leaselock.Messages.Write;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.storage.DiskFullException;


/**
 * The storage service the lease protects. It accepts a write only if its fencing token is at
 * least the newest it has accepted (kept durably), so a writer whose lease expired while it was
 * paused is turned away.
 *
 * <p>Planted bug {@code no-fencing}: every write is accepted, whatever its token.
 */
final class Store implements Node {
    static final String NEWEST = "newest.token";

    private final boolean fencing;
    private final Writes record;
    private long newest;

    /** {@code record} is the test's: told of every accepted and refused write. */
    Store(NodeContext ctx, boolean fencing, Writes record) {
        this.fencing = fencing;
        this.record = record;
        this.newest = ctx.storage().readLong(NEWEST, 0);
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (!(message instanceof Write w)) {
            return;
        }
        if (fencing && w.token() < newest) {
            record.rejected(w.token());
            ctx.log("refused a write from {} under stale token {} (newest {})", ctx.nameOf(from), w.token(), newest);
            ctx.send(from, new Rejected(w.token(), newest));
            return;
        }
        if (w.token() < newest) {
            ctx.log("accepting a write from {} under stale token {} (newest {}): no fencing", ctx.nameOf(from), w.token(), newest);
        }
        try {
            if (w.token() > newest) {
                ctx.storage().writeLong(NEWEST, w.token());
            }
            ctx.storage().append("writes", java.nio.ByteBuffer.allocate(16).putLong(w.token()).putLong(w.value()).array());
            ctx.storage().fsync();
        } catch (DiskFullException e) {
            return; // no answer: the writer's lease logic does not depend on it
        }
        newest = Math.max(newest, w.token());
        record.accepted(w.token());
        ctx.send(from, new Accepted(w.token()));
    }
}
