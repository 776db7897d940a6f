package dev.dst.workload;

/** An operation a client asks a server to perform: Jepsen's {@code :f} and {@code :value}. */
public record ClientOp(String f, Object value) {}
