package dev.dst.runtime;

import dev.dst.entropy.Entropy;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.NodeFactory;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.storage.Storage;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's side of a {@link NodeRuntime}: its incarnations (built by the factory, stopped by
 * {@code ctx.stop}, by throwing, or by the operator), its timers, its {@link NodeContext}, and
 * the client requests waiting for a reply. Loop thread only, except the volatile state that
 * {@link NodeRuntime} reads.
 */
final class NodeHost {
    /** An external request waiting for {@code ctx.reply}: the client's connection and its correlation id. */
    private record Pending(Connection connection, long correlation) {}

    private final Loop loop;
    private final NodeRuntime.Settings settings;
    private final NodeFactory factory;
    private final Storage storage;
    private final Entropy random;
    private final Clock clock;
    private final Logger log;
    private final TimerQueue timers = new TimerQueue();
    private final Long2ObjectOpenHashMap<Pending> pending = new Long2ObjectOpenHashMap<>();
    private final Map<Connection, LinkedHashMap<Long, Long>> pendingByClient = new HashMap<>();
    private final NodeRuntime.State state;
    private final String name;
    private final int self;
    private Node node;
    private Context ctx;
    private int incarnation;
    private boolean dispatching;
    private String stopRequest;
    private boolean restartRequested;
    private long nextRequestId;

    NodeHost(Loop loop, NodeFactory factory, Storage storage, Entropy random, Clock clock, NodeRuntime.State state) {
        this.loop = loop;
        this.settings = loop.settings;
        this.factory = factory;
        this.storage = storage;
        this.random = random;
        this.clock = clock;
        this.state = state;
        this.self = settings.id();
        this.name = settings.book().name(self);
        this.log = LoggerFactory.getLogger("dst.node." + name);
        // Request ids are unique per node; starting from the wall clock in microseconds keeps a
        // restarted process from reusing its predecessor's ids, whose replies may still arrive.
        this.nextRequestId = clock.millis() * 1000;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts a new incarnation: the factory, then {@code onStart}. */
    void boot() {
        try {
            build();
        } finally {
            state.bootDone();
        }
    }

    private void build() {
        incarnation++;
        ctx = new Context(incarnation);
        dispatching = true;
        try {
            node = factory.create(ctx);
            if (node == null) {
                throw new IllegalStateException("the factory of " + name + " returned null");
            }
            if (stopRequest != null) {
                throw new IllegalStateException(name + "'s factory asked to stop the node (" + stopRequest
                        + "): a node stops from a handler (onStart at the earliest), once it exists");
            }
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            dispatching = false;
            stopRequest = null;
            threw("its factory", e);
            return;
        } finally {
            dispatching = false;
        }
        state.up();
        log.info("{} started (incarnation {}, {} files in storage)", name, incarnation, storage.files().size());
        dispatch("onStart", n -> n.onStart(ctx));
    }

    /** Ends the current incarnation: its object, timers and waiting client requests go; storage stays. */
    private void stop(String reason) {
        if (node == null && ctx == null) {
            return;
        }
        node = null;
        ctx = null;
        incarnation++; // the old context is dead
        timers.clear();
        pending.clear();
        pendingByClient.clear();
        loop.counters.nodeStops++;
        state.down(reason);
    }

    /** The operator's restart ({@link NodeRuntime#restartNode}): stops the node if it runs, then boots it. */
    void restartByOperator() {
        if (node != null) {
            log.info("{} stopped: restarted by the operator", name);
            stop("restarted by the operator");
        }
        boot();
    }

    void shutdown() {
        if (node != null) {
            log.info("{} stopped: the runtime is shutting down", name);
        }
        stop("the runtime shut down");
    }

    void terminated() {
        state.terminated();
    }

    private void threw(String where, Throwable e) {
        log.error("{} threw in {}; the node is stopped", name, where, e);
        stop("threw " + e + " in " + where);
    }

    private interface Input {
        void run(Node n);
    }

    /** Hands one input to the node; a throw stops it, and a stop or restart it asked for is done when it returns. */
    private void dispatch(String handler, Input input) {
        Node n = node;
        if (n == null) {
            loop.counters.droppedNodeDown++;
            return;
        }
        dispatching = true;
        try {
            input.run(n);
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            dispatching = false;
            stopRequest = null;
            threw(handler, e);
            return;
        } finally {
            dispatching = false;
        }
        if (stopRequest != null) {
            String reason = stopRequest;
            boolean again = restartRequested;
            stopRequest = null;
            restartRequested = false;
            log.info("{} stopped itself: {}", name, reason);
            stop("stopped itself: " + reason);
            if (again) {
                log.info("{} restarts itself", name);
                loop.later(() -> {
                    if (node == null) { // the operator may have restarted it meanwhile
                        boot();
                    }
                }); // not from within the handler's dispatch: a node that restarts in onStart must not recurse
            }
        }
    }

    // ------------------------------------------------------------------ inputs

    /** A message from node {@code from} (a {@link Request}, a {@link Reply} or any other message). */
    void deliver(int from, Object message) {
        if (node == null) {
            loop.counters.droppedNodeDown++;
            return;
        }
        loop.counters.messagesDelivered++;
        if (message instanceof Request r) {
            dispatch("onRequest", n -> n.onRequest(ctx, r));
        } else if (message instanceof Reply r) {
            dispatch("onReply", n -> n.onReply(ctx, r));
        } else {
            dispatch("onMessage", n -> n.onMessage(ctx, from, message));
        }
    }

    void clientRequest(Connection c, long correlation, Object op) {
        if (node == null) {
            loop.counters.droppedNodeDown++;
            return; // the client's timeout says "unknown", as for a crashed process
        }
        long id = nextRequestId++;
        LinkedHashMap<Long, Long> mine = pendingByClient.computeIfAbsent(c, k -> new LinkedHashMap<>());
        if (mine.size() >= settings.maxPendingPerClient()) { // a client that never cancels: forget its oldest
            Map.Entry<Long, Long> oldest = mine.entrySet().iterator().next();
            pending.remove((long) oldest.getValue());
            mine.remove(oldest.getKey());
        }
        Long previous = mine.put(correlation, id);
        if (previous != null) {
            pending.remove((long) previous);
        }
        pending.put(id, new Pending(c, correlation));
        loop.counters.clientRequests++;
        loop.counters.messagesDelivered++;
        Request r = new Request(Request.EXTERNAL, id, op);
        dispatch("onRequest", n -> n.onRequest(ctx, r));
    }

    void cancelClientRequest(Connection c, long correlation) {
        LinkedHashMap<Long, Long> mine = pendingByClient.get(c);
        Long id = mine == null ? null : mine.remove(correlation);
        if (id != null) {
            pending.remove((long) id);
        }
    }

    void clientGone(Connection c) {
        LinkedHashMap<Long, Long> mine = pendingByClient.remove(c);
        if (mine != null) {
            for (long id : mine.values()) {
                pending.remove(id);
            }
        }
    }

    TimerQueue.Timer nextTimer() {
        return timers.peek();
    }

    /** Fires the next due timer; false when none is due. */
    boolean fireDueTimer(long nowNanos) {
        TimerQueue.Timer t = timers.pollDue(nowNanos);
        if (t == null) {
            return false;
        }
        loop.counters.timersFired++;
        dispatch("onTimer", n -> n.onTimer(ctx, t.id, t.tag));
        return true;
    }

    // ------------------------------------------------------------------ the context

    private final class Context implements NodeContext {
        private final int incarnation;

        Context(int incarnation) {
            this.incarnation = incarnation;
        }

        private void alive() {
            if (!loop.onLoopThread()) {
                throw new IllegalStateException(name + "'s context was used on thread " + Thread.currentThread().getName()
                        + ": a node runs on its runtime's loop thread only (it must not start threads)");
            }
            if (NodeHost.this.incarnation != incarnation) {
                throw new IllegalStateException("the context of " + name + " (incarnation " + incarnation
                        + ") was used after the node stopped");
            }
        }

        @Override
        public int id() {
            return self;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String nameOf(int node) {
            if (node == Request.EXTERNAL) {
                return "client";
            }
            return node >= 0 && node < settings.book().size() ? settings.book().name(node) : "node#" + node;
        }

        @Override
        public long now() {
            Instant i = clock.instant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime() - loop.startNanos;
        }

        @Override
        public void send(int to, Object message) {
            alive();
            if (to < 0 || to >= settings.book().size()) {
                throw new IllegalArgumentException(name + " sent " + message + " to unknown node " + to
                        + " (the address book has nodes 0.." + (settings.book().size() - 1) + ")");
            }
            loop.send(to, settings.codec().encode(message));
        }

        @Override
        public long request(int to, Object op) {
            alive();
            long id = nextRequestId++;
            send(to, new Request(self, id, op));
            return id;
        }

        @Override
        public void reply(Request request, Object value) {
            alive();
            if (request.from() != Request.EXTERNAL) {
                send(request.from(), new Reply(self, request.id(), value));
                return;
            }
            Pending p = pending.remove(request.id());
            if (p == null) {
                return; // answered already, cancelled, or its client is gone
            }
            LinkedHashMap<Long, Long> mine = pendingByClient.get(p.connection());
            if (mine != null) {
                mine.remove(p.correlation());
            }
            loop.sendToClient(p.connection(), Frames.frame(Frames.REPLY, p.correlation(), settings.codec().encode(value)));
        }

        @Override
        public long setTimer(long delayNanos, Object tag) {
            alive();
            if (delayNanos < 0) {
                throw new IllegalArgumentException(name + " set a timer with negative delay " + delayNanos);
            }
            return timers.add(System.nanoTime() + delayNanos, tag);
        }

        @Override
        public void cancelTimer(long timerId) {
            alive();
            timers.cancel(timerId);
        }

        @Override
        public Entropy random() {
            return random;
        }

        @Override
        public Storage storage() {
            return storage;
        }

        @Override
        public void log(String format, Object... args) {
            if (log.isInfoEnabled()) {
                FormattingTuple line = MessageFormatter.arrayFormat(format, args);
                log.info(line.getMessage(), line.getThrowable());
            }
        }

        @Override
        public boolean isAlive() {
            return NodeHost.this.incarnation == incarnation;
        }

        @Override
        public void stop(String reason) {
            requestStop(reason, false);
        }

        @Override
        public void restart(String reason) {
            requestStop(reason, true);
        }

        private void requestStop(String reason, boolean again) {
            alive();
            if (!dispatching) {
                throw new IllegalStateException(name + ": stop and restart are for the node's own handlers;"
                        + " an operator restarts a node with NodeRuntime.restartNode");
            }
            if (stopRequest == null) { // the first request wins, as in a simulation
                stopRequest = reason == null ? "(no reason given)" : reason;
                restartRequested = again;
            }
        }
    }
}
