package dev.dst.sim;

import dev.dst.entropy.Entropy;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import java.time.Duration;

/**
 * A small randomised scenario for determinism tests: nodes gossip random numbers to random
 * peers on random timers, write them to storage, and a fault schedule crashes and restarts
 * one of them.
 */
final class Gossip implements Node {
    private static final long MS = 1_000_000L;
    private final int nodes;
    long sum;

    Gossip(int nodes) {
        this.nodes = nodes;
    }

    @Override
    public void onStart(NodeContext ctx) {
        sum = ctx.storage().readLong("sum", 0);
        ctx.setTimer(1 + ctx.random().below(10 * MS), "gossip");
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        Entropy r = ctx.random();
        int peer = r.below(nodes);
        ctx.send(peer, "n" + r.below(1000));
        if (r.chance(0.2)) {
            ctx.storage().fsync();
        }
        ctx.setTimer(1 + r.exponential(5 * MS), "gossip");
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        sum += Long.parseLong(((String) message).substring(1));
        ctx.storage().writeLong("sum", sum);
        ctx.log("sum {} after {} from {}", sum, message, ctx.nameOf(from));
    }

    /** Builds the world on {@code sim} and runs it for {@code duration}. */
    static void scenario(Simulation sim, Duration duration) {
        int n = 3;
        for (int i = 0; i < n; i++) {
            sim.addNode("n" + i, ctx -> new Gossip(n));
        }
        Entropy faults = sim.entropy("faults");
        int victim = faults.below(n);
        long crashAt = faults.between(MS, duration.toNanos() / 2);
        sim.scheduleAt(crashAt, "crash n" + victim, () -> sim.crash(victim));
        sim.scheduleAt(crashAt + faults.between(MS, 50 * MS), "restart n" + victim, () -> sim.restart(victim));
        sim.runFor(duration);
    }

    static void scenario(Simulation sim) {
        scenario(sim, Duration.ofMillis(500));
    }
}
