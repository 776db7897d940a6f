package dev.dst.examples.uniqueids;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;
import dev.dst.node.ClientOp;
import dev.dst.node.Result;

/**
 * Hands out ids without coordination: {@code node << 40 | sequence}. The sequence is made
 * durable in blocks: before handing out the first id of a block, the server writes the block's
 * end as its high-water mark and fsyncs; after a restart it continues from the mark, so ids of
 * a block interrupted by a crash are skipped, never reused.
 *
 * <p>Planted bug {@code sequence-not-durable}: the sequence lives in memory only, and a
 * restarted server starts again from 0.
 */
final class IdServer implements Node {
    static final String MARK = "sequence.mark";
    static final long BLOCK = 16;

    private final boolean durable;
    private long next;
    private long mark;

    IdServer(NodeContext ctx, boolean durable) {
        this.durable = durable;
        this.mark = durable ? ctx.storage().readLong(MARK, 0) : 0;
        this.next = mark;
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        if (!(request.op() instanceof ClientOp op) || !op.f().equals("generate")) {
            ctx.reply(request, Result.fail("unknown operation " + request.op()));
            return;
        }
        if (durable && next == mark) {
            try {
                ctx.storage().writeLong(MARK, mark + BLOCK);
                ctx.storage().fsync();
            } catch (DiskFullException e) {
                ctx.reply(request, Result.fail("disk full"));
                return;
            }
            mark += BLOCK;
        }
        long id = (long) ctx.id() << 40 | next++;
        ctx.reply(request, Result.ok(id));
    }
}
