package dev.dst.hosted;

import dev.dst.codec.Codec;
import dev.dst.codec.Codecs;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.NodeFactory;
import dev.dst.node.Reply;
import dev.dst.node.Request;

import java.util.Objects;

/**
 * A simulated node that runs an existing component: the component is built by a
 * {@link Setup} from a {@link Host} (executor, clock, randomness, storage, messages), and every
 * input the simulation delivers — start, message, timer, request — is handed to it and then the
 * host's executor runs what the input queued, in the same step. Build one per node with
 * {@link #of}:
 *
 * <pre>{@code
 * sim.addNode("n1", HostedNode.of(host -> {
 *     MyServer server = new MyServer(host.executor(), host.clock(), host.random(), transportOver(host));
 *     host.onMessage((from, msg) -> server.handle((Msg) msg));
 *     host.onStart(server::start);
 *     return server;
 * }));
 * MyServer s = HostedNode.component(sim, 0, MyServer.class);   // for invariants
 * }</pre>
 *
 * @param <T> the component's type
 */
public final class HostedNode<T> implements Node {
    /** Builds the component for one incarnation; runs at boot and after every restart. */
    @FunctionalInterface
    public interface Setup<T> {
        T start(Host host) throws Exception;
    }

    private final Host host;
    private final T component;

    private HostedNode(NodeContext ctx, Codec codec, Setup<T> setup) {
        this.host = new Host(ctx, codec);
        host.executor().beginInput(); // what the setup queues runs with the first input (onStart)
        try {
            this.component = Objects.requireNonNull(setup.start(host), "the setup of " + ctx.name() + " returned null");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the setup of " + ctx.name() + " threw " + e, e);
        }
    }

    /** The factory of a node whose every incarnation is {@code setup}'s component; messages go through {@link Codecs#standard()}. */
    public static <T> NodeFactory of(Setup<T> setup) {
        return of(Codecs.standard(), setup);
    }

    /** As {@link #of(Setup)}, with messages through {@code codec} (one with encoders of your own: {@link Codecs#builder()}). */
    public static <T> NodeFactory of(Codec codec, Setup<T> setup) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(setup, "setup");
        return ctx -> new HostedNode<>(ctx, codec, setup);
    }

    /** The component of node {@code id}, or null while it is down. */
    @SuppressWarnings("unchecked")
    public static <T> T component(dev.dst.sim.Simulation sim, int id, Class<T> type) {
        Node n = sim.node(id);
        if (n == null) {
            return null;
        }
        if (!(n instanceof HostedNode<?> h)) {
            throw new IllegalArgumentException(sim.nodeName(id) + " is not a HostedNode but a " + n.getClass().getName());
        }
        return type.cast(h.component);
    }

    public T component() {
        return component;
    }

    public Host host() {
        return host;
    }

    @Override
    public void onStart(NodeContext ctx) {
        host.executor().beginInput();
        host.started();
        host.executor().drain();
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        host.executor().beginInput();
        host.message(from, message);
        host.executor().drain();
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        host.executor().beginInput();
        if (!host.executor().fire(tag)) {
            throw new IllegalStateException(ctx.name() + ": a timer that is not its executor's (" + tag
                    + "): a hosted component sets timers through host.executor()");
        }
        host.executor().drain();
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        host.executor().beginInput();
        host.request(request);
        host.executor().drain();
    }

    @Override
    public void onReply(NodeContext ctx, Reply reply) {
        host.executor().beginInput();
        host.message(reply.from(), reply);
        host.executor().drain();
    }

    @Override
    public String toString() {
        return "HostedNode[" + component + "]";
    }
}
