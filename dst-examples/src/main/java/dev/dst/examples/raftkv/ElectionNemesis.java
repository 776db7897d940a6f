package dev.dst.examples.raftkv;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.Entropy;
import dev.dst.fault.Fault;
import dev.dst.sim.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults aimed at Raft's elections, on top of the cluster's nemesis plan: the moments a random
 * schedule almost never hits. With a chance drawn per seed, it
 * <ul>
 *   <li>isolates a server from the other servers just after it is elected leader (within
 *       {@value #AIM_NANOS_MAX} ns, so its first AppendEntries, with the term's no-op, reaches
 *       none or only some of them), for 50 ms to 1.5 s: the leader whose new entries stay on a
 *       minority of the logs, of Raft's Figure 8;</li>
 *   <li>cuts the power of a server just after it grants a vote, and restarts it 1 to 300 ms
 *       later, while the election may still be running.</li>
 * </ul>
 * Its faults go through the cluster's fault log (traced, counted, in the history, reverted by
 * the heal), start only in the fault phase and end before the heal. Its draws come from the
 * entropy stream {@code "raft-nemesis"}; a draw of 0 means no fault, so shrinking removes them.
 */
final class ElectionNemesis {
    static final long AIM_NANOS_MAX = 2_000_000L;

    private final Simulation sim;
    private final Cluster cluster;
    private final Entropy e;
    private final long phaseEndNanos;
    private final double isolateChance;
    private final double powerLossChance;

    ElectionNemesis(Simulation sim, Cluster cluster, long phaseEndNanos) {
        this.sim = sim;
        this.cluster = cluster;
        this.e = sim.entropy("raft-nemesis");
        this.phaseEndNanos = phaseEndNanos;
        this.isolateChance = e.below(4) / 4.0; // swarm: off for a quarter of the seeds, else 1/4, 1/2 or 3/4
        this.powerLossChance = e.below(4) / 4.0;
        sim.stat("election nemesis", "isolate new leaders " + isolateChance + ", power-loss voters " + powerLossChance);
    }

    /** {@code leader} was just elected. */
    void elected(int leader) {
        if (sim.now() >= phaseEndNanos || !e.chance(isolateChance)) {
            return;
        }
        List<Integer> others = new ArrayList<>(cluster.nodes());
        others.remove(Integer.valueOf(leader));
        Fault isolate = new Fault.Partition("isolate", List.of(List.of(leader), others));
        aim(isolate, e.below(AIM_NANOS_MAX), 50_000_000L + e.below(1_450_000_000L));
    }

    /** {@code voter} just granted a vote. */
    void voted(int voter) {
        if (sim.now() >= phaseEndNanos || !e.chance(powerLossChance)) {
            return;
        }
        aim(new Fault.PowerLoss(voter), e.below(AIM_NANOS_MAX), 1_000_000L + e.below(299_000_000L));
    }

    /** Applies {@code f} after {@code delayNanos} (a node cannot be faulted inside its own handler), reverts it after {@code durationNanos}. */
    private void aim(Fault f, long delayNanos, long durationNanos) {
        long start = sim.now() + delayNanos;
        long end = Math.min(start + durationNanos, phaseEndNanos - 1);
        if (end <= start) {
            return;
        }
        sim.scheduleAt(start, "election nemesis: " + f.kind(), () -> {
            if (cluster.faults().isActive(f) || f instanceof Fault.PowerLoss p && !sim.isUp(p.node())) {
                return; // the plan's fault (the same isolation, or the node already down), not ours to revert
            }
            cluster.faults().apply(f);
            sim.scheduleAt(end, "election nemesis: revert " + f.kind(), () -> cluster.faults().revert(f));
        });
    }
}
