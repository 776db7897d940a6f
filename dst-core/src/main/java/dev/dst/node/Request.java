package dev.dst.node;

/**
 * A client request travelling to a node. {@code from} is the requesting node, or
 * {@link #EXTERNAL} for a request injected by the test itself; {@code id} is unique in the run.
 */
public record Request(int from, long id, Object op) {
    /** The address of the test harness, for requests it submits directly. */
    public static final int EXTERNAL = -1;
}
