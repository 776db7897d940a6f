package dev.dst.testnodes;

import dev.dst.sim.Simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What {@link Chatter} nodes saw, kept by the test so that it survives crashes. */
public final class Recorder {
    /** One delivery: from, to, the ping's number, true send and receive times, and the receiver's local clock. */
    public record Received(int from, int to, long seq, long sentAtNanos, long receivedAtNanos, long localNanos) {
        public long latencyNanos() {
            return receivedAtNanos - sentAtNanos;
        }
    }

    private final Simulation sim;
    private final List<Received> received = new ArrayList<>();
    private final int[] starts = new int[64];
    private long seq;

    public Recorder(Simulation sim) {
        this.sim = sim;
    }

    long nextSeq() {
        return seq++;
    }

    long trueNow() {
        return sim.now();
    }

    void started(int node) {
        starts[node]++;
    }

    void received(int from, int to, long seq, long sentAt, long local) {
        received.add(new Received(from, to, seq, sentAt, sim.now(), local));
    }

    /** Times {@code onStart} ran on {@code node}. */
    public int starts(int node) {
        return starts[node];
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Predicate<Received> p) {
        return received.stream().filter(p).toList();
    }

    /** Deliveries from {@code from} to {@code to}. */
    public List<Received> between(int from, int to) {
        return received(r -> r.from() == from && r.to() == to);
    }

    /** Deliveries from {@code from} to {@code to} of pings sent in [startNanos, endNanos). */
    public List<Received> sentBetween(int from, int to, long startNanos, long endNanos) {
        return received(r -> r.from() == from && r.to() == to && r.sentAtNanos() >= startNanos && r.sentAtNanos() < endNanos);
    }

    public void clear() {
        received.clear();
    }
}
