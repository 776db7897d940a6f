package dev.dst.nemesis;

import dev.dst.entropy.Entropy;
import dev.dst.fault.Fault;
import dev.dst.fault.FaultLog;
import dev.dst.sim.Simulation;

import java.util.List;

/**
 * Faults aimed at what the nodes do rather than at random times: a power loss of a server
 * 0–{@value #AIM_NANOS_MAX} ns after it writes to its storage, while that write is not yet
 * fsynced (the window a random schedule almost never hits: a power loss at a random moment
 * finds a node between a write and its fsync only when the two are far apart), restarted 1 to
 * 300 ms later. Scenarios may aim at their own moments too ({@link #powerLossSoon}: just after
 * a vote, a reply, an election), the generalization of raft-kv's election nemesis.
 *
 * <p>How often is drawn per seed (swarm-style: off for a quarter of the seeds, else a power
 * loss after 1 in 64, 1 in 16 or 1 in 4 writes), then per write, from the entropy stream
 * {@code "aimed"}; a draw of 0 means no fault, so shrinking removes them. The faults go through
 * the cluster's fault log (traced, counted, reverted by the heal), start only in the fault
 * phase and end before it ends; a node already down, or with an aimed fault pending, is left alone.
 */
public final class AimedFaults {
    static final long AIM_NANOS_MAX = 2_000_000L;
    private static final double[] CHANCES = {0, 1.0 / 64, 1.0 / 16, 1.0 / 4};

    private final Simulation sim;
    private final FaultLog faults;
    private final boolean[] isServer;
    private final long phaseEndNanos;
    private final Entropy e;
    private final double afterWriteChance;
    private final boolean[] pending;

    private AimedFaults(Simulation sim, FaultLog faults, List<Integer> servers, long phaseEndNanos) {
        this.sim = sim;
        this.faults = faults;
        this.isServer = new boolean[sim.nodeCount()];
        servers.forEach(s -> isServer[s] = true);
        this.phaseEndNanos = phaseEndNanos;
        this.e = sim.entropy("aimed");
        this.afterWriteChance = CHANCES[e.below(CHANCES.length)];
        this.pending = new boolean[sim.nodeCount()];
        sim.stat("aimed faults", "a power loss after 1 in " + (afterWriteChance == 0 ? "no" : Long.toString(Math.round(1 / afterWriteChance)))
                + " writes of a server, before its fsync");
    }

    /** Aims at the servers' writes until {@code phaseEndNanos}. */
    public static AimedFaults install(Simulation sim, FaultLog faults, List<Integer> servers, long phaseEndNanos) {
        AimedFaults a = new AimedFaults(sim, faults, servers, phaseEndNanos);
        sim.watchWrites((node, file) -> a.written(node));
        return a;
    }

    private void written(int node) {
        if (afterWriteChance > 0 && node < isServer.length && isServer[node] && e.chance(afterWriteChance)) {
            powerLoss(node, "after a write", true);
        }
    }

    /**
     * A power loss of {@code node} 0–2 ms from now, with probability {@code chance} (drawn now):
     * for a scenario's own moments ("just after it voted"). Returns whether one was aimed.
     */
    public boolean powerLossSoon(int node, double chance, String moment) {
        if (!e.chance(chance)) {
            return false;
        }
        return powerLoss(node, moment, false);
    }

    private boolean powerLoss(int node, String moment, boolean onlyUnsynced) {
        if (sim.now() >= phaseEndNanos || pending[node]) {
            return false;
        }
        long start = sim.now() + e.below(AIM_NANOS_MAX);
        long end = Math.min(start + 1_000_000L + e.below(299_000_000L), phaseEndNanos - 1);
        if (end <= start) {
            return false;
        }
        pending[node] = true;
        Fault f = new Fault.PowerLoss(node);
        sim.scheduleAt(start, "aimed: power-loss " + moment, () -> {
            if (!sim.isUp(node) || faults.isActive(f) || onlyUnsynced && sim.unsyncedWrites(node) == 0) {
                pending[node] = false; // down already, or the write was fsynced: the window closed
                return;
            }
            faults.apply(f);
            sim.scheduleAt(end, "aimed: revert power-loss", () -> {
                faults.revert(f);
                pending[node] = false;
            });
        });
        return true;
    }
}
