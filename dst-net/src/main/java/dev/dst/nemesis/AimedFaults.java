package dev.dst.nemesis;

import dev.dst.entropy.Entropy;
import dev.dst.fault.Fault;
import dev.dst.fault.FaultLog;
import dev.dst.sim.Simulation;

import java.util.List;

/**
 * Faults aimed at what the nodes do rather than at random times. With chances drawn per seed
 * (swarm-style: each off for a quarter of the seeds), a server loses power 0–{@value #AIM_NANOS_MAX}
 * ns after
 * <ul>
 *   <li>it writes to its storage, if that write is still unsynced then (1 in 64, 16 or 4 writes):
 *       the window a random schedule almost never hits, since a power loss at a random moment
 *       finds a node between a write and its fsync only when the two are far apart;</li>
 *   <li>it replies to a request, a client's or a node's (a vote, an acknowledgement; 1 in 64, 16
 *       or 4 replies): an answer given before what it promises is durable or replicated;</li>
 *   <li>it sends a message (1 in 1,024, 256 or 64 sends): the sender gone before the answer comes;</li>
 * </ul>
 * and is restarted 1 to 300 ms later. Besides, up to three **long pauses** of a server drawn
 * per seed, at a time drawn in the fault phase, each log-uniform from 50 ms to 5 s: the
 * process stopped for longer than every timeout (a garbage collection, a VM migration), whose
 * messages then arrive all at once. Scenarios may aim at their own moments too
 * ({@link #powerLossSoon}: just after a vote, an election), the generalization of raft-kv's
 * election nemesis.
 *
 * <p>The draws come from the entropy stream {@code "aimed"}; a draw of 0 means no fault, so
 * shrinking removes them. The faults go through the cluster's fault log (traced, counted,
 * reverted by the heal), start only in the fault phase and end before it ends; a node already
 * down, or with an aimed fault pending, is left alone.
 */
public final class AimedFaults {
    static final long AIM_NANOS_MAX = 2_000_000L;
    private static final double[] CHANCES = {0, 1.0 / 64, 1.0 / 16, 1.0 / 4};
    private static final double[] SEND_CHANCES = {0, 1.0 / 1024, 1.0 / 256, 1.0 / 64};
    static final int MAX_LONG_PAUSES = 3;
    static final long LONG_PAUSE_MIN_NANOS = 50_000_000L;
    static final long LONG_PAUSE_MAX_NANOS = 5_000_000_000L;

    private final Simulation sim;
    private final FaultLog faults;
    private final boolean[] isServer;
    private final long phaseEndNanos;
    private final Entropy e;
    private final double afterWriteChance;
    private final double afterReplyChance;
    private final double afterSendChance;
    private final List<Integer> servers;
    private final boolean[] pending;

    private AimedFaults(Simulation sim, FaultLog faults, List<Integer> servers, long phaseEndNanos) {
        this.sim = sim;
        this.faults = faults;
        this.isServer = new boolean[sim.nodeCount()];
        servers.forEach(s -> isServer[s] = true);
        this.phaseEndNanos = phaseEndNanos;
        this.e = sim.entropy("aimed");
        this.afterWriteChance = CHANCES[e.below(CHANCES.length)];
        this.afterReplyChance = CHANCES[e.below(CHANCES.length)];
        this.afterSendChance = SEND_CHANCES[e.below(SEND_CHANCES.length)];
        this.servers = List.copyOf(servers);
        this.pending = new boolean[sim.nodeCount()];
        int pauses = e.below(MAX_LONG_PAUSES + 1);
        sim.stat("aimed faults", "a server's power lost " + after(afterWriteChance, "writes (before its fsync)") + ", "
                + after(afterReplyChance, "replies") + ", " + after(afterSendChance, "sends") + "; " + pauses + " long pauses");
        for (int i = 0; i < pauses; i++) {
            longPause();
        }
    }

    /** {@code after 1 in 16 replies}, or {@code never after replies}. */
    private static String after(double chance, String what) {
        return chance == 0 ? "never after " + what : "after 1 in " + Math.round(1 / chance) + " " + what;
    }

    /** A pause of a server drawn now, at a time drawn in the fault phase, 50 ms to 5 s (log-uniform), cut at the phase's end. */
    private void longPause() {
        int node = servers.get(e.below(servers.size()));
        long start = sim.now() + e.below(Math.max(1, phaseEndNanos - sim.now()));
        double span = Math.log((double) LONG_PAUSE_MAX_NANOS / LONG_PAUSE_MIN_NANOS);
        long duration = (long) (LONG_PAUSE_MIN_NANOS * Math.exp(e.unit() * span));
        long end = Math.min(start + duration, phaseEndNanos - 1);
        if (end <= start) {
            return;
        }
        Fault f = new Fault.Pause(node);
        sim.scheduleAt(start, "aimed: long pause", () -> {
            if (!sim.isUp(node) || faults.isActive(f)) {
                return; // down, or paused by the plan: not ours to revert
            }
            faults.apply(f);
            sim.scheduleAt(end, "aimed: revert long pause", () -> faults.revert(f));
        });
    }

    /** Aims at the servers' writes, replies and sends, and pauses some, until {@code phaseEndNanos}. */
    public static AimedFaults install(Simulation sim, FaultLog faults, List<Integer> servers, long phaseEndNanos) {
        AimedFaults a = new AimedFaults(sim, faults, servers, phaseEndNanos);
        sim.watchWrites((node, file) -> a.written(node));
        sim.watchMoments(new Simulation.Moments() {
            @Override
            public void sent(int node, int to) {
                a.moment(node, a.afterSendChance, "after a send");
            }

            @Override
            public void replied(int node, int to) {
                a.moment(node, a.afterReplyChance, "after a reply");
            }
        });
        return a;
    }

    private void moment(int node, double chance, String moment) {
        if (chance > 0 && node < isServer.length && isServer[node] && e.chance(chance)) {
            powerLoss(node, moment, false);
        }
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
