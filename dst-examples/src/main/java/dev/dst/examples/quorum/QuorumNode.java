package dev.dst.examples.quorum;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;

/**
 * A node of the quorum register: a {@link Replica} of the register and a {@link Coordinator}
 * for the clients that contact it. Messages are routed here; what they do is in those two.
 * Servers must be nodes 0 .. replicas-1 (the cluster adds them first), since replicas are
 * addressed by number.
 */
final class QuorumNode implements Node {
    private final Replica replica;
    private final Coordinator coordinator;
    private final Observer observer;

    QuorumNode(NodeContext ctx, Coordinator.Config config, Observer observer) {
        if (ctx.id() >= config.replicas()) {
            throw new IllegalStateException("replica " + ctx.name() + " has address " + ctx.id() + ": servers must be added first");
        }
        this.observer = observer;
        this.replica = new Replica(ctx.storage(), QuorumRegister.INITIAL_VALUE);
        this.coordinator = new Coordinator(ctx, config, observer, this::answer);
    }

    /** What this node's replica answers to a query or store: a reply, or null (no answer). */
    private Messages answer(NodeContext ctx, Messages m) {
        if (m instanceof Messages.Query q) {
            return replica.query(q.op());
        }
        if (m instanceof Messages.Store s) {
            return replica.store(ctx.storage(), s, observer);
        }
        return null;
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        coordinator.onRequest(ctx, request);
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Messages.Query || message instanceof Messages.Store) {
            Messages answer = answer(ctx, (Messages) message);
            if (answer != null) {
                ctx.send(from, answer);
            }
        } else if (message instanceof Messages.QueryReply || message instanceof Messages.StoreAck) {
            coordinator.onAnswer(ctx, from, (Messages) message);
        }
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        coordinator.onTimer(ctx, tag);
    }
}
