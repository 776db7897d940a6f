package dev.dst.sim;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * A node for kernel tests: it writes down every input it gets (with its local time) and
 * does whatever the test scripted for that input.
 */
final class Probe implements Node {
    /** One input as the node saw it. {@code what} is the message, timer tag, request op or reply value. */
    record Input(String kind, Object what, int from, long localNanos) {}

    interface OnStart {
        void run(NodeContext ctx);
    }

    interface OnMessage {
        void run(NodeContext ctx, int from, Object message);
    }

    interface OnTimer {
        void run(NodeContext ctx, long timerId, Object tag);
    }

    interface OnRequest {
        void run(NodeContext ctx, Request request);
    }

    interface OnReply {
        void run(NodeContext ctx, Reply reply);
    }

    final List<Input> inputs = new ArrayList<>();
    private OnStart start = ctx -> {};
    private OnMessage message = (ctx, from, m) -> {};
    private OnTimer timer = (ctx, id, tag) -> {};
    private OnRequest request = (ctx, r) -> {};
    private OnReply reply = (ctx, r) -> {};

    Probe onStart(OnStart s) {
        this.start = s;
        return this;
    }

    Probe onMessage(OnMessage m) {
        this.message = m;
        return this;
    }

    Probe onTimer(OnTimer t) {
        this.timer = t;
        return this;
    }

    Probe onRequest(OnRequest r) {
        this.request = r;
        return this;
    }

    Probe onReply(OnReply r) {
        this.reply = r;
        return this;
    }

    /** The inputs of one kind, in order, as their {@code what}. */
    List<Object> received(String kind) {
        List<Object> out = new ArrayList<>();
        for (Input i : inputs) {
            if (i.kind().equals(kind)) {
                out.add(i.what());
            }
        }
        return out;
    }

    /** The local times of the inputs of one kind, in order. */
    List<Long> timesOf(String kind) {
        List<Long> out = new ArrayList<>();
        for (Input i : inputs) {
            if (i.kind().equals(kind)) {
                out.add(i.localNanos());
            }
        }
        return out;
    }

    @Override
    public void onStart(NodeContext ctx) {
        inputs.add(new Input("start", null, ctx.id(), ctx.now()));
        start.run(ctx);
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object m) {
        inputs.add(new Input("message", m, from, ctx.now()));
        message.run(ctx, from, m);
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        inputs.add(new Input("timer", tag, ctx.id(), ctx.now()));
        timer.run(ctx, timerId, tag);
    }

    @Override
    public void onRequest(NodeContext ctx, Request r) {
        inputs.add(new Input("request", r.op(), r.from(), ctx.now()));
        request.run(ctx, r);
    }

    @Override
    public void onReply(NodeContext ctx, Reply r) {
        inputs.add(new Input("reply", r.value(), r.from(), ctx.now()));
        reply.run(ctx, r);
    }
}
