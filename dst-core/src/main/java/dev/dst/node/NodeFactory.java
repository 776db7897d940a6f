package dev.dst.node;

/**
 * Builds a node for a new incarnation (at boot and after every restart). The context is the
 * one the incarnation will be driven with; read durable state from
 * {@link NodeContext#storage()} here or in {@link Node#onStart}.
 */
@FunctionalInterface
public interface NodeFactory {
    Node create(NodeContext ctx);
}
