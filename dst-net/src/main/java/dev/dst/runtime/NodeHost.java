package dev.dst.runtime;

import dev.dst.entropy.Entropy;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.NodeFactory;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.storage.Storage;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's side of a runtime: its incarnations (built by the factory, stopped by
 * {@code ctx.stop}, by throwing, or by the operator), its timers, its {@link NodeContext}, and
 * the external client requests waiting for a reply. Everything but the effects on the outside
 * world, which go through the {@link Wiring} of the event loop that runs it: {@link NodeRuntime}'s
 * TCP loop, or the Maelstrom adapter's loop over JSON lines ({@code dev.dst.maelstrom}).
 *
 * <p>For a transport of your own: {@link #create} a host on your loop thread, {@link #boot} it,
 * hand it every input ({@link #deliver}, {@link #clientRequest}, {@link #fireDueTimer} when
 * {@link #nanosUntilNextTimer} says so), and {@link #shutdown} it at the end. Every method must be
 * called on that one thread, except {@link #isNodeUp}, {@link #stopReason} and {@link #stats}.
 */
public final class NodeHost {
    /**
     * What a host needs from the event loop that runs it. Called on the loop thread only, from
     * the node's handlers (through its context) and from the host's own methods.
     */
    public interface Wiring {
        /** Whether the calling thread is the loop's: the context refuses any other (a node must not start threads). */
        boolean onLoopThread();

        /** Runs {@code task} on the loop after the current input (a message to itself, a restart the node asked for). */
        void later(Runnable task);

        /** The name of address {@code node} (a peer, this node, or a client the transport gave an address). */
        String nameOf(int node);

        /**
         * Sends {@code message} to {@code to}, or drops it as a network would; the answer to a
         * request from another address comes here too, as a {@link Reply}.
         *
         * @throws IllegalArgumentException when the transport knows no address {@code to} (the node has a bug, and stops)
         */
        void send(int to, Object message);

        /** The answer to a request that {@link #clientRequest} handed over with {@code client} and {@code correlation}. */
        void replyToClient(Object client, long correlation, Object value);
    }

    /** A client request waiting for {@code ctx.reply}: the client (its connection, for the TCP loop) and its correlation id. */
    private record Pending(Object client, long correlation) {}

    /** What one client connection has waiting: its address ({@link Request#EXTERNAL} when anonymous), correlation id -> request id. */
    private static final class Waiting {
        final int address;
        final LinkedHashMap<Long, Long> byCorrelation = new LinkedHashMap<>();

        Waiting(int address) {
            this.address = address;
        }
    }

    private final Wiring wiring;
    private final RuntimeStats.Counters counters;
    private final long startNanos;
    private final int maxPendingPerClient;
    private final NodeFactory factory;
    private final Storage storage;
    private final Entropy random;
    private final Clock clock;
    private final Logger log;
    private final TimerQueue timers = new TimerQueue();
    /** Anonymous clients' requests, by the ids this host gave them. */
    private final Long2ObjectOpenHashMap<Pending> pending = new Long2ObjectOpenHashMap<>();
    /** Numbered clients' requests: client address -> the client's request id -> who waits. */
    private final Int2ObjectOpenHashMap<Long2ObjectOpenHashMap<Pending>> pendingFromClients = new Int2ObjectOpenHashMap<>();
    private final Map<Object, Waiting> waitingByClient = new HashMap<>();
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

    NodeHost(Wiring wiring, int self, NodeFactory factory, Storage storage, Entropy random, Clock clock, RuntimeStats.Counters counters,
             long startNanos, int maxPendingPerClient, NodeRuntime.State state) {
        if (factory == null || storage == null || random == null || clock == null) {
            throw new IllegalArgumentException("a node host needs a factory, a storage, a random stream and a clock");
        }
        this.wiring = wiring;
        this.counters = counters;
        this.startNanos = startNanos;
        this.maxPendingPerClient = maxPendingPerClient;
        this.factory = factory;
        this.storage = storage;
        this.random = random;
        this.clock = clock;
        this.state = state;
        this.self = self;
        this.name = wiring.nameOf(self);
        this.log = LoggerFactory.getLogger("dst.node." + name);
        // Request ids are unique per node; starting from the wall clock in microseconds keeps a
        // restarted process from reusing its predecessor's ids, whose replies may still arrive.
        this.nextRequestId = clock.millis() * 1000;
    }

    /**
     * A host for node {@code self}, to run on the calling thread's loop: {@code random} is what
     * {@code ctx.random()} draws from (a seed's stream {@code node/<name>}, as in a simulation),
     * {@code clock} what {@code ctx.now()} reads; {@code monotonicNanos()} counts from now.
     * Nothing runs until {@link #boot}.
     */
    public static NodeHost create(Wiring wiring, int self, NodeFactory factory, Storage storage, Entropy random, Clock clock) {
        return new NodeHost(wiring, self, factory, storage, random, clock, new RuntimeStats.Counters(), System.nanoTime(), 10_000,
                new NodeRuntime.State());
    }

    /** The node's name ({@link Wiring#nameOf} of its address). */
    public String name() {
        return name;
    }

    /** Whether an incarnation runs: false before {@link #boot}, after it stopped (itself, by throwing) and after {@link #shutdown}. Any thread. */
    public boolean isNodeUp() {
        return state.isUp();
    }

    /** Why the node last stopped, or {@code null} while it runs. Any thread. */
    public String stopReason() {
        return state.stopReason();
    }

    /**
     * What the host counted ({@code messagesDelivered}, {@code droppedNodeDown}, {@code clientRequests},
     * {@code timersFired}, {@code nodeStops}; a host from {@link #create} counts nothing else). Any thread.
     */
    public RuntimeStats stats() {
        return counters.snapshot();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts a new incarnation: the factory, then {@code onStart} (a throw in either is logged, and the node is down). */
    public void boot() {
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
        pendingFromClients.clear();
        waitingByClient.clear();
        counters.nodeStops++;
        state.down(reason);
    }

    /** The operator's restart ({@link NodeRuntime#restartNode}): stops the node if it runs, then boots it. */
    public void restartByOperator() {
        if (node != null) {
            log.info("{} stopped: restarted by the operator", name);
            stop("restarted by the operator");
        }
        boot();
    }

    /** Stops the node for good, as a process exit does (storage untouched: closing it is the caller's). */
    public void shutdown() {
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
            counters.droppedNodeDown++;
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
                wiring.later(() -> {
                    if (node == null) { // the operator may have restarted it meanwhile
                        boot();
                    }
                }); // not from within the handler's dispatch: a node that restarts in onStart must not recurse
            }
        }
    }

    // ------------------------------------------------------------------ inputs

    /** A message from address {@code from} (a {@link Request}, a {@link Reply} or any other message); dropped and counted while the node is down. */
    public void deliver(int from, Object message) {
        if (node == null) {
            counters.droppedNodeDown++;
            return;
        }
        counters.messagesDelivered++;
        if (message instanceof Request r) {
            dispatch("onRequest", n -> n.onRequest(ctx, r));
        } else if (message instanceof Reply r) {
            dispatch("onReply", n -> n.onReply(ctx, r));
        } else {
            dispatch("onMessage", n -> n.onMessage(ctx, from, message));
        }
    }

    /**
     * An anonymous client's request: the node sees it from {@link Request#EXTERNAL}, with an id
     * this host gives it, and its {@code ctx.reply} goes to {@link Wiring#replyToClient} with
     * the same {@code client} and {@code correlation}. Dropped while the node is down. At most
     * 10,000 (the runtime's {@code maxPendingRequestsPerClient}) wait per client: beyond, the
     * oldest is forgotten.
     */
    public void clientRequest(Object client, long correlation, Object op) {
        if (node == null) {
            counters.droppedNodeDown++;
            return; // the client's timeout says "unknown", as for a crashed process
        }
        long id = nextRequestId++;
        handOver(client, correlation, Request.EXTERNAL, id, op);
    }

    /**
     * A numbered client's request, as a simulation's client node sends it: the node sees it from
     * {@code address} ({@code nodes + K} for client K) with the client's own {@code requestId},
     * and its {@code ctx.reply} (or a {@link Reply} it sends to that address) goes to
     * {@link Wiring#replyToClient} with the same {@code client} and {@code correlation}. When
     * two connections ask under one address and id, the later one gets the answer.
     */
    public void clientRequest(Object client, long correlation, int address, long requestId, Object op) {
        if (address < 0) {
            throw new IllegalArgumentException("a numbered client's address is not negative: " + address);
        }
        if (node == null) {
            counters.droppedNodeDown++;
            return;
        }
        handOver(client, correlation, address, requestId, op);
    }

    private void handOver(Object client, long correlation, int address, long id, Object op) {
        Waiting mine = waitingByClient.computeIfAbsent(client, k -> new Waiting(address));
        assert mine.address == address : "one connection, one client address";
        if (mine.byCorrelation.size() >= maxPendingPerClient) { // a client that never cancels: forget its oldest
            Map.Entry<Long, Long> oldest = mine.byCorrelation.entrySet().iterator().next();
            forget(client, address, oldest.getKey(), oldest.getValue());
        }
        Long previous = mine.byCorrelation.get(correlation);
        if (previous != null) {
            forget(client, address, correlation, previous);
        }
        mine.byCorrelation.put(correlation, id);
        pendingOf(address, true).put(id, new Pending(client, correlation));
        counters.clientRequests++;
        counters.messagesDelivered++;
        Request r = new Request(address, id, op);
        dispatch("onRequest", n -> n.onRequest(ctx, r));
    }

    /** The requests waiting from {@code address}: anonymous clients' for {@link Request#EXTERNAL}; {@code null} when none and not {@code create}. */
    private Long2ObjectOpenHashMap<Pending> pendingOf(int address, boolean create) {
        if (address == Request.EXTERNAL) {
            return pending;
        }
        Long2ObjectOpenHashMap<Pending> m = pendingFromClients.get(address);
        if (m == null && create) {
            m = new Long2ObjectOpenHashMap<>();
            pendingFromClients.put(address, m);
        }
        return m;
    }

    /** Forgets {@code client}'s request {@code correlation} (id {@code id} from {@code address}), unless another connection asked under that id since. */
    private void forget(Object client, int address, long correlation, long id) {
        Waiting mine = waitingByClient.get(client);
        if (mine != null) {
            mine.byCorrelation.remove(correlation);
        }
        Long2ObjectOpenHashMap<Pending> m = pendingOf(address, false);
        if (m == null) {
            return;
        }
        Pending p = m.get(id);
        if (p != null && p.client() == client && p.correlation() == correlation) {
            m.remove(id);
            if (m.isEmpty() && address != Request.EXTERNAL) {
                pendingFromClients.remove(address);
            }
        }
    }

    /** The node's answer {@code value} to request {@code id} from {@code address}: to the client waiting for it, if one still is. */
    private void answer(int address, long id, Object value) {
        Long2ObjectOpenHashMap<Pending> m = pendingOf(address, false);
        Pending p = m == null ? null : m.get(id);
        if (p == null) {
            return; // answered already, cancelled, or its client is gone
        }
        forget(p.client(), address, p.correlation(), id);
        wiring.replyToClient(p.client(), p.correlation(), value);
    }

    /** The client stopped waiting for request {@code correlation}: a later answer is not passed on. */
    public void cancelClientRequest(Object client, long correlation) {
        Waiting mine = waitingByClient.get(client);
        Long id = mine == null ? null : mine.byCorrelation.get(correlation);
        if (id != null) {
            forget(client, mine.address, correlation, id);
        }
    }

    /** The client went away: its waiting requests are forgotten. */
    public void clientGone(Object client) {
        Waiting mine = waitingByClient.get(client);
        if (mine == null) {
            return;
        }
        for (Map.Entry<Long, Long> e : List.copyOf(mine.byCorrelation.entrySet())) {
            forget(client, mine.address, e.getKey(), e.getValue());
        }
        waitingByClient.remove(client);
    }

    TimerQueue.Timer nextTimer() {
        return timers.peek();
    }

    /** Nanoseconds from {@code nowNanos} ({@code System.nanoTime()}) until the next timer is due: 0 when one is, {@code Long.MAX_VALUE} when none is set. */
    public long nanosUntilNextTimer(long nowNanos) {
        TimerQueue.Timer t = timers.peek();
        return t == null ? Long.MAX_VALUE : Math.max(0, t.deadlineNanos - nowNanos);
    }

    /** Fires the next timer due at {@code nowNanos} ({@code System.nanoTime()}); false when none is due. */
    public boolean fireDueTimer(long nowNanos) {
        TimerQueue.Timer t = timers.pollDue(nowNanos);
        if (t == null) {
            return false;
        }
        counters.timersFired++;
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
            if (!wiring.onLoopThread()) {
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
            return wiring.nameOf(node);
        }

        @Override
        public long now() {
            Instant i = clock.instant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime() - startNanos;
        }

        @Override
        public void send(int to, Object message) {
            alive();
            if (pendingFromClients.containsKey(to)) { // a numbered client waits here: only an answer to it can go
                if (message instanceof Reply r) {
                    answer(to, r.id(), r.value());
                } else {
                    log.warn("{} sent {} to client {}: a client takes replies to its requests only; dropped", name, message, nameOf(to));
                }
                return;
            }
            wiring.send(to, message);
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
            if (request.from() == Request.EXTERNAL) {
                answer(Request.EXTERNAL, request.id(), value);
            } else {
                send(request.from(), new Reply(self, request.id(), value));
            }
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
