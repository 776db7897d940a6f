package dev.dst.leak;

import java.util.Objects;

/**
 * A call from simulated code into the real world, seen by the leak guard.
 *
 * @param what     the kind of leak and the call, as {@code "wall clock read: System.currentTimeMillis()"};
 *                 the kinds are {@code wall clock read}, {@code thread started}, {@code thread pool},
 *                 {@code real sleep} and {@code unseeded randomness}
 * @param callSite the calling frame, as {@code "com.acme.Node.onTimer(Node.java:42)"}
 */
public record Leak(String what, String callSite) {
    public Leak {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(callSite, "callSite");
    }

    @Override
    public String toString() {
        return what + " at " + callSite;
    }
}
