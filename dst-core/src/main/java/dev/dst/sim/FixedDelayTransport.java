package dev.dst.sim;

/** Delivers every message exactly once, after the same delay: the kernel's default transport. */
public final class FixedDelayTransport implements Transport {
    private final Simulation sim;
    private final long delayNanos;

    public FixedDelayTransport(Simulation sim, long delayNanos) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must not be negative: " + delayNanos);
        }
        this.sim = sim;
        this.delayNanos = delayNanos;
    }

    @Override
    public void send(int from, int to, Object message, long payloadHash) {
        sim.deliverAfter(delayNanos, from, to, message, payloadHash);
    }
}
