package dev.dst.sim;

/**
 * Carries the messages nodes send. dst-core's default, {@link FixedDelayTransport}, delivers
 * every message once after a fixed delay; dst-net's network implements this interface with
 * links, latency distributions, loss, duplication and partitions.
 *
 * <p>For each message an implementation calls {@link Simulation#deliverAfter} zero or more
 * times (dropped, delivered, duplicated) and {@link Simulation#recordDrop} for each loss.
 */
public interface Transport {
    /** Node {@code from} sent {@code message} to {@code to} at the current simulated time. */
    void send(int from, int to, Object message, long payloadHash);

    /**
     * Asked when a message reaches its destination (before the node, paused or not, gets it):
     * {@code null} to deliver it, or the reason it is lost (for example a partition that began
     * while it was in flight). {@code tag} is what the transport passed to
     * {@link Simulation#deliverAfter(long, int, int, Object, long, long)}. The default delivers
     * everything.
     */
    default String refuseDelivery(int from, int to, Object message, long tag) {
        return null;
    }
}
