package dev.dst.node;

/** The answer to {@link Request} {@code id}, sent by node {@code from}. */
public record Reply(int from, long id, Object value) {}
