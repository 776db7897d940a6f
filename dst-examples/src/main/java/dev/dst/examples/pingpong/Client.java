package dev.dst.examples.pingpong;

import dev.dst.examples.pingpong.Messages.Busy;
import dev.dst.examples.pingpong.Messages.Ping;
import dev.dst.examples.pingpong.Messages.Pong;
import dev.dst.examples.pingpong.Messages.Tick;
import dev.dst.examples.pingpong.Messages.Timeout;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;

/**
 * Pings a random server every few milliseconds. Each attempt has a timeout; a timed-out or
 * refused ping is retried, with exponential backoff, up to {@link #MAX_ATTEMPTS} times, then
 * given up. Every acknowledgement is reported to the {@link Observer}.
 */
final class Client implements Node {
    static final long TIMEOUT_NANOS = 40_000_000;
    static final long PING_INTERVAL_NANOS_MAX = 20_000_000;
    static final int MAX_ATTEMPTS = 5;

    private final int[] servers;
    private final Observer observer;
    private long outstanding = -1; // request id in flight, -1 when idle
    private long timeoutTimer;
    private int attempt;
    private long sentAtLocal;

    Client(int[] servers, Observer observer) {
        this.servers = servers;
        this.observer = observer;
    }

    @Override
    public void onStart(NodeContext ctx) {
        scheduleNextPing(ctx);
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if (tag == Tick.NEXT_PING) {
            attempt = 0;
            send(ctx);
        } else if (tag == Tick.RETRY) {
            send(ctx);
        } else if (tag instanceof Timeout t && t.requestId() == outstanding) {
            observer.timedOut();
            retryOrGiveUp(ctx);
        }
    }

    @Override
    public void onReply(NodeContext ctx, Reply reply) {
        if (reply.id() != outstanding) {
            return; // the answer to an attempt that already timed out
        }
        ctx.cancelTimer(timeoutTimer);
        outstanding = -1;
        if (reply.value() instanceof Pong pong) {
            observer.acknowledged(ctx.id(), reply.from(), pong.count(), Math.max(0, ctx.now() - sentAtLocal), ctx);
            scheduleNextPing(ctx);
        } else if (reply.value() instanceof Busy) {
            observer.refused();
            retryOrGiveUp(ctx);
        }
    }

    private void send(NodeContext ctx) {
        int server = servers[ctx.random().below(servers.length)];
        attempt++;
        sentAtLocal = ctx.now();
        outstanding = ctx.request(server, new Ping(ctx.id(), attempt));
        timeoutTimer = ctx.setTimer(TIMEOUT_NANOS, new Timeout(outstanding));
    }

    private void retryOrGiveUp(NodeContext ctx) {
        outstanding = -1;
        if (attempt >= MAX_ATTEMPTS) {
            observer.gaveUp();
            scheduleNextPing(ctx);
            return;
        }
        long backoff = (1L << attempt) * 1_000_000 + ctx.random().below(1_000_000L);
        ctx.setTimer(backoff, Tick.RETRY);
    }

    private void scheduleNextPing(NodeContext ctx) {
        ctx.setTimer(1 + ctx.random().below(PING_INTERVAL_NANOS_MAX), Tick.NEXT_PING);
    }
}
