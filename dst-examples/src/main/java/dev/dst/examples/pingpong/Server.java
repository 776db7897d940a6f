package dev.dst.examples.pingpong;

import dev.dst.examples.pingpong.Messages.Busy;
import dev.dst.examples.pingpong.Messages.Pong;
import dev.dst.examples.pingpong.Messages.Tick;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;
import dev.dst.storage.Storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts pings durably. Each ping appends an 8-byte record to the log file; the count is the
 * number of whole records. Appends are made durable by a group commit every
 * {@link #COMMIT_INTERVAL_NANOS}, and the replies wait for it. On restart the server reads the
 * log and drops a torn trailing record.
 *
 * <p>Planted bug {@code ack-before-fsync}: the server replies as soon as it has appended,
 * before the group commit, so a crash can lose a count it already acknowledged, and the next
 * ping is acknowledged with the same count again.
 */
final class Server implements Node {
    static final String LOG = "pings.log";
    static final long COMMIT_INTERVAL_NANOS = 5_000_000;

    private final boolean ackBeforeFsync;
    private final List<Request> awaitingCommit = new ArrayList<>();
    private final List<Long> countsAwaitingCommit = new ArrayList<>();
    private long count;
    private boolean commitScheduled;
    private boolean tornTail;

    Server(NodeContext ctx, boolean ackBeforeFsync) {
        this.ackBeforeFsync = ackBeforeFsync;
        byte[] log = ctx.storage().read(LOG);
        this.count = log == null ? 0 : log.length / 8;
        this.tornTail = log != null && log.length % 8 != 0;
        cutTornTail(ctx.storage());
    }

    /**
     * A crash can tear the last append; the partial record is cut off before anything else is
     * appended. While the disk is full that fails, and is tried again before the next append.
     */
    private boolean cutTornTail(Storage storage) {
        if (!tornTail) {
            return true;
        }
        try {
            storage.write(LOG, Arrays.copyOf(storage.read(LOG), (int) count * 8));
            storage.fsync();
            tornTail = false;
            return true;
        } catch (DiskFullException e) {
            return false;
        }
    }

    long count() {
        return count;
    }

    @Override
    public void onStart(NodeContext ctx) {
        ctx.log("started with count {}", count);
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        if (!cutTornTail(ctx.storage())) {
            ctx.reply(request, new Busy("disk full"));
            return;
        }
        try {
            ctx.storage().append(LOG, ByteBuffer.allocate(8).putLong(request.id()).array());
        } catch (DiskFullException e) {
            ctx.reply(request, new Busy("disk full"));
            return;
        }
        count++;
        if (ackBeforeFsync) {
            ctx.reply(request, new Pong(count));
        } else {
            awaitingCommit.add(request);
            countsAwaitingCommit.add(count);
        }
        if (!commitScheduled) {
            commitScheduled = true;
            ctx.setTimer(COMMIT_INTERVAL_NANOS, Tick.GROUP_COMMIT);
        }
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if (tag != Tick.GROUP_COMMIT) {
            return;
        }
        commitScheduled = false;
        ctx.storage().fsync();
        for (int i = 0; i < awaitingCommit.size(); i++) {
            ctx.reply(awaitingCommit.get(i), new Pong(countsAwaitingCommit.get(i)));
        }
        awaitingCommit.clear();
        countsAwaitingCommit.clear();
    }
}
