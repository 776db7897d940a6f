package dev.dst.node;

/**
 * A sans-IO state machine: dst calls one of these methods for each input, and the node acts
 * only through the {@link NodeContext} it is given (send, timers, replies, storage, its
 * clock and its randomness). A node never touches sockets, threads, files or real time, so
 * the simulation decides everything and the same class runs for real on dst-net's runtime
 * ({@code dev.dst.runtime.NodeRuntime}: TCP, real clocks, real files).
 *
 * <p>A node object lives for one incarnation: a crash discards it, and a restart builds a new
 * one with the {@link NodeFactory}, which reads whatever {@link NodeContext#storage()} kept.
 * Read durable state in the constructor (the factory), not in {@link #onStart}: the new object
 * exists, and invariants may look at it, from the step of the restart, while {@code onStart}
 * runs as a step of its own after it. A method that throws fails the run, reported like a
 * violated invariant (on the runtime: it is logged and the node stops).
 */
public interface Node {
    /** The first input of every incarnation, at boot and after each restart. */
    default void onStart(NodeContext ctx) {}

    /** A message from another node, sent with {@link NodeContext#send}. */
    default void onMessage(NodeContext ctx, int from, Object message) {}

    /** A timer set with {@link NodeContext#setTimer} has fired (and was not cancelled). */
    default void onTimer(NodeContext ctx, long timerId, Object tag) {}

    /** A client request; answer it, now or later, with {@link NodeContext#reply}. */
    default void onRequest(NodeContext ctx, Request request) {}

    /** The reply to a request this node sent with {@link NodeContext#request}. */
    default void onReply(NodeContext ctx, Reply reply) {}
}
