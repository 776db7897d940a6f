package dev.dst.node;

import dev.dst.entropy.Entropy;
import dev.dst.storage.Storage;

import java.time.Duration;

/**
 * Everything a node may do, handed to it with each input. In a simulation the effects are
 * recorded in the run's trace (sends, timers, replies, log lines, storage writes); on dst-net's
 * runtime they go to the network, the disk and slf4j. The context belongs to one incarnation:
 * after a crash it is dead, and using it is an error.
 */
public interface NodeContext {
    /** This node's address, fixed across restarts. */
    int id();

    /** This node's name, as in traces and reports. */
    String name();

    /** The name of any node, for messages and logs. */
    String nameOf(int node);

    /**
     * This node's local wall clock, in nanoseconds: true simulated time plus this node's
     * offset, drift and jumps. Never read the real clock.
     */
    long now();

    /**
     * This node's monotonic clock, in nanoseconds since the simulation started: it runs at
     * the node clock's drifting rate but never jumps and has no offset, like
     * {@code CLOCK_MONOTONIC}. Measure durations (leases, timeouts) with it, not with
     * {@link #now()}, which skew and clock jumps move.
     */
    long monotonicNanos();

    /** Sends a message; the transport decides when, whether and how often it arrives. */
    void send(int to, Object message);

    /** Sends a {@link Request} to another node and returns its id; the answer comes to {@link Node#onReply}. */
    long request(int to, Object op);

    /** Answers a request (to a node over the transport, or to the test for external ones). */
    void reply(Request request, Object value);

    /**
     * Sets a timer that fires after {@code delayNanos} of this node's local time (its clock's
     * rate applies; jumps do not) and returns its id. The {@code tag} comes back to
     * {@link Node#onTimer}.
     */
    long setTimer(long delayNanos, Object tag);

    default long setTimer(Duration delay, Object tag) {
        return setTimer(delay.toNanos(), tag);
    }

    /** Cancels a pending timer; cancelling a fired or unknown timer does nothing. */
    void cancelTimer(long timerId);

    /** This node's own stream of randomness, from the run's seed. */
    Entropy random();

    /** This node's durable storage, which survives crashes as far as it was fsynced. */
    Storage storage();

    /** A log line, with {@code {}} placeholders as in slf4j: in the trace in a simulation, to slf4j on the runtime. */
    void log(String format, Object... args);

    /**
     * A BUGGIFY point, as in FoundationDB: true when the simulation decides that this run takes
     * the unusual path at {@code site} now (a short timeout, a delayed step, an extra retry, a
     * smaller batch). In a simulation a site is enabled for a run with some probability the first
     * time it is reached, and then fires each time with some probability, decided from the seed,
     * so that runs replay and shrink; outside a simulation (a real deployment) it is always false.
     * Write {@code if (ctx.buggify("raft/short-election-timeout")) timeout /= 10;} where the
     * unusual path is legal, never to break the protocol.
     */
    default boolean buggify(String site) {
        return false;
    }

    /** Whether this incarnation is still the node's: false once it crashed or stopped. */
    default boolean isAlive() {
        return true;
    }

    /**
     * Stops this node when the current handler returns, as a process that exits after a fatal
     * error: its object and timers are gone and messages to it are lost, as in a crash, but
     * everything it wrote stays (an exiting process loses nothing the operating system holds).
     * It stays down until the test or a fault restarts it. Recorded in the trace with the reason.
     */
    default void stop(String reason) {
        throw new UnsupportedOperationException("this context cannot stop its node");
    }

    /**
     * Stops this node as {@link #stop} does, then starts a new incarnation at once (a supervisor
     * that restarts a process when it exits): the factory runs again and reads the storage.
     */
    default void restart(String reason) {
        throw new UnsupportedOperationException("this context cannot restart its node");
    }
}
