package dev.dst.examples.leaselock;

import dev.dst.examples.leaselock.Messages.Acquire;
import dev.dst.examples.leaselock.Messages.Busy;
import dev.dst.examples.leaselock.Messages.Granted;
import dev.dst.examples.leaselock.Messages.Release;
import dev.dst.examples.leaselock.Messages.Write;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;

/**
 * Takes the lease, writes to the store under it, lets it go, and tries again later. The lease
 * is measured on the worker's monotonic clock from the moment it asked (so the time the request
 * and the grant spent in flight is counted against it), and the worker stops holding it a
 * safety margin before it runs out: clocks drift, and the server's clock may run fast or the
 * worker's slow. A write takes a millisecond of "processing" between checking the lease and
 * sending the write, without checking again: the window in which a pause strikes, which is
 * why the store fences.
 *
 * <p>Planted bug {@code no-drift-margin}: the worker holds the lease for its full duration.
 */
final class Worker implements Node {
    /** Clocks in dst's nemesis drift by up to 10%; a 25% margin covers a slow worker and a fast server. */
    static final double MARGIN = 0.25;
    static final long WRITE_EVERY_NANOS = 5_000_000;
    static final long PROCESSING_NANOS = 1_000_000;

    private enum State { IDLE, ASKING, HOLDING }

    private final int lockServer;
    private final int store;
    private final double margin;
    private State state = State.IDLE;
    private long episode;
    private long askedAtMonotonic;
    private long holdUntilMonotonic;
    private long retryTimer;
    private long token;
    private long written;

    Worker(int lockServer, int store, boolean driftMargin) {
        this.lockServer = lockServer;
        this.store = store;
        this.margin = driftMargin ? MARGIN : 0;
    }

    /** Whether this worker believes it holds the lease at the given reading of its monotonic clock. */
    boolean holdsAt(long monotonicNanos) {
        return state == State.HOLDING && monotonicNanos < holdUntilMonotonic;
    }

    long token() {
        return token;
    }

    @Override
    public void onStart(NodeContext ctx) {
        scheduleAcquire(ctx);
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        switch ((String) tag) {
            case "acquire" -> ask(ctx);
            case "write" -> {
                if (holdsAt(ctx.monotonicNanos())) {
                    ctx.setTimer(PROCESSING_NANOS, "flush");
                } else {
                    release(ctx);
                }
            }
            case "flush" -> {
                ctx.send(store, new Write(token, ++written)); // no second look at the lease: fencing's job
                if (holdsAt(ctx.monotonicNanos())) {
                    ctx.setTimer(WRITE_EVERY_NANOS, "write");
                } else {
                    release(ctx);
                }
            }
            default -> { }
        }
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Granted g && state == State.ASKING && g.episode() == episode) {
            ctx.cancelTimer(retryTimer);
            state = State.HOLDING;
            token = g.token();
            holdUntilMonotonic = askedAtMonotonic + (long) (g.leaseNanos() * (1 - margin));
            ctx.log("holding lease {} for {} us of my monotonic clock", token, (holdUntilMonotonic - ctx.monotonicNanos()) / 1_000);
            ctx.setTimer(1, "write");
        } else if (message instanceof Busy b && state == State.ASKING && b.episode() == episode) {
            ctx.cancelTimer(retryTimer);
            state = State.IDLE;
            scheduleAcquire(ctx);
        }
        // a grant or refusal for an earlier episode is ignored: that lease began before this
        // episode's first ask, so it may already be over; an ignored grant only leaves the
        // lease unused until it expires
    }

    /**
     * Asks for the lease. The lease is counted from the first ask of an episode, and only a
     * grant for this episode counts: whichever of its asks the grant answers was sent no
     * earlier, so the worker never believes in a lease longer than the server gave.
     */
    private void ask(NodeContext ctx) {
        if (state == State.HOLDING) {
            return;
        }
        if (state == State.IDLE) {
            state = State.ASKING;
            episode++;
            askedAtMonotonic = ctx.monotonicNanos();
        }
        ctx.send(lockServer, new Acquire(episode));
        retryTimer = ctx.setTimer(50_000_000L, "acquire");
    }

    private void release(NodeContext ctx) {
        if (state == State.HOLDING) {
            ctx.send(lockServer, new Release(token));
            ctx.log("letting lease {} go ({} writes in all)", token, written);
            state = State.IDLE;
            scheduleAcquire(ctx);
        }
    }

    private void scheduleAcquire(NodeContext ctx) {
        ctx.setTimer(1 + ctx.random().below(20_000_000L), "acquire");
    }
}
