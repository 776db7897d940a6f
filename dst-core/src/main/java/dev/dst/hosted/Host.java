package dev.dst.hosted;

import dev.dst.codec.Codec;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What an existing component needs from the world, for one incarnation of one simulated node:
 * an executor, a clock, randomness, storage and a way to send messages, all of them the
 * simulation's. Hand these to the component where it would take a thread pool,
 * {@code Clock.systemUTC()}, {@code new Random()} and a socket; register where its incoming
 * messages go; messages are copied through a {@link Codec} on the way, so nodes never share
 * an object. Everything here dies with the incarnation: after a crash the node's
 * {@link HostedNode.Setup} runs again with a new host.
 */
public final class Host {
    private final NodeContext ctx;
    private final Codec codec;
    private final SimExecutor executor;
    private final SimClock clock;
    private final SimRandom random;
    private final List<Runnable> onStart = new ArrayList<>();
    private BiConsumer<Integer, Object> onMessage;
    private Consumer<Request> onRequest;

    Host(NodeContext ctx, Codec codec) {
        this.ctx = Objects.requireNonNull(ctx);
        this.codec = Objects.requireNonNull(codec);
        this.executor = new SimExecutor(ctx);
        this.clock = SimClock.utc(ctx);
        this.random = new SimRandom(ctx.random());
    }

    /** The node's context, for anything not wrapped here (timers of your own, requests, logs). */
    public NodeContext context() {
        return ctx;
    }

    public int id() {
        return ctx.id();
    }

    public String name() {
        return ctx.name();
    }

    /** The node's executor: give it to the component as its {@code ScheduledExecutorService}. */
    public SimExecutor executor() {
        return executor;
    }

    /** The node's wall clock (offset, drift and jumps included) as a {@code java.time.Clock}. */
    public SimClock clock() {
        return clock;
    }

    /** The node's monotonic clock in nanoseconds, in place of {@code System::nanoTime}: drift applies, jumps do not. */
    public LongSupplier nanoTime() {
        return ctx::monotonicNanos;
    }

    /** The node's randomness as a {@code java.util.Random}, from its entropy stream. */
    public SimRandom random() {
        return random;
    }

    /** The node's durable storage (see {@link dev.dst.storage.RecordLog} for a log on it). */
    public Storage storage() {
        return ctx.storage();
    }

    /**
     * Sends {@code message} to node {@code to}: encoded now (a later change to the object does
     * not travel), decoded into a fresh object on delivery; the network decides when and whether
     * it arrives. A message the codec cannot encode fails the run, naming the field.
     */
    public void send(int to, Object message) {
        ctx.send(to, new Wire(codec.encode(message), codec));
    }

    /** The codec messages go through (also for the component's own durable records). */
    public Codec codec() {
        return codec;
    }

    /** Where messages from other nodes go: {@code handler.accept(from, message)}, then the executor's queue runs. */
    public void onMessage(BiConsumer<Integer, Object> handler) {
        this.onMessage = Objects.requireNonNull(handler);
    }

    /** Where client requests go; answer them with {@link #reply}. */
    public void onRequest(Consumer<Request> handler) {
        this.onRequest = Objects.requireNonNull(handler);
    }

    /** Answers a client request. */
    public void reply(Request request, Object value) {
        ctx.reply(request, value);
    }

    /** Runs when the incarnation starts (its first input), before the executor's queue. */
    public void onStart(Runnable action) {
        onStart.add(Objects.requireNonNull(action));
    }

    /** The node exits after the current input, as after a fatal error (see {@link NodeContext#stop}). */
    public void stop(String reason) {
        ctx.stop(reason);
    }

    /** The node exits after the current input and starts again at once (see {@link NodeContext#restart}). */
    public void restart(String reason) {
        ctx.restart(reason);
    }

    // ---------------------------------------------------------------- the node's side

    void started() {
        for (Runnable r : onStart) {
            r.run();
        }
    }

    void message(int from, Object message) {
        if (message instanceof Wire w) {
            message = w.decode();
        }
        if (onMessage == null) {
            throw new IllegalStateException(ctx.name() + " got a message but its setup registered no handler (host.onMessage): "
                    + message);
        }
        onMessage.accept(from, message);
    }

    void request(Request r) {
        if (onRequest == null) {
            throw new IllegalStateException(ctx.name() + " got a client request but its setup registered no handler (host.onRequest): "
                    + r);
        }
        onRequest.accept(r);
    }
}
