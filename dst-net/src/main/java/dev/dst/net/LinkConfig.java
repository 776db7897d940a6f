package dev.dst.net;

/**
 * A link's behaviour when no fault is active: latency, the probability that a message is lost
 * and that it is delivered twice, and whether the link keeps order (FIFO, as a TCP connection
 * does) or lets random latency reorder messages (as UDP, or separate connections, do).
 */
public record LinkConfig(Latency latency, double lossProbability, double duplicateProbability, boolean fifo) {
    /** 100 µs to 2 ms uniform, no loss, no duplication, reordering allowed. */
    public static final LinkConfig DEFAULT = new LinkConfig(new Latency.Uniform(100_000, 2_000_000), 0, 0, false);

    public LinkConfig {
        if (latency == null) {
            throw new IllegalArgumentException("a link needs a latency");
        }
        if (!(lossProbability >= 0 && lossProbability <= 1) || !(duplicateProbability >= 0 && duplicateProbability <= 1)) {
            throw new IllegalArgumentException("probabilities must be in [0, 1]: loss " + lossProbability + ", duplicate " + duplicateProbability);
        }
    }

    public LinkConfig withLatency(Latency l) {
        return new LinkConfig(l, lossProbability, duplicateProbability, fifo);
    }

    public LinkConfig withLoss(double p) {
        return new LinkConfig(latency, p, duplicateProbability, fifo);
    }

    public LinkConfig withDuplication(double p) {
        return new LinkConfig(latency, lossProbability, p, fifo);
    }

    public LinkConfig withFifo(boolean f) {
        return new LinkConfig(latency, lossProbability, duplicateProbability, f);
    }
}
