package dev.dst.examples.pingpong;

import dev.dst.entropy.Entropy;
import dev.dst.sim.Simulation;
import dev.dst.trace.Durations;

/**
 * Ping-pong's own fault schedule, drawn from the {@code faults} stream: crashes with restarts,
 * pauses, clock skew, drift and jumps, and full disks, on servers, at exponential intervals
 * during the fault phase. Every revert is idempotent, so a revert that lands after the heal is
 * harmless. (dst-net's nemesis plans replace this with faults as data.)
 */
final class FaultScript {
    static final long MEAN_GAP_NANOS = 300_000_000;

    private FaultScript() {}

    static int schedule(Simulation sim, int[] servers, long phaseNanos) {
        Entropy e = sim.entropy("faults");
        long t = 0;
        int scheduled = 0;
        while (true) {
            t += 1 + e.exponential(MEAN_GAP_NANOS);
            if (t >= phaseNanos) {
                return scheduled;
            }
            int node = servers[e.below(servers.length)];
            String name = sim.nodeName(node);
            long at = t;
            scheduled++;
            switch (e.below(6)) {
                case 0 -> {
                    long down = 1_000_000 + e.below(300_000_000L);
                    sim.scheduleAt(at, "crash " + name, () -> sim.crash(node));
                    sim.scheduleAt(at + down, "restart " + name, () -> restartIfDown(sim, node));
                }
                case 1 -> {
                    long paused = 1_000_000 + e.below(200_000_000L);
                    sim.scheduleAt(at, "pause " + name, () -> sim.pause(node));
                    sim.scheduleAt(at + paused, "resume " + name, () -> sim.resume(node));
                }
                case 2 -> {
                    long offset = e.between(-200_000_000L, 200_000_000L);
                    sim.scheduleAt(at, "skew " + name + " by " + Durations.format(offset), () -> sim.setClockOffset(node, offset));
                }
                case 3 -> {
                    long ppm = e.between(-100_000, 100_000);
                    sim.scheduleAt(at, "drift " + name + " " + ppm + " ppm", () -> sim.setClockDrift(node, ppm));
                }
                case 4 -> {
                    long jump = e.between(-100_000_000L, 100_000_000L);
                    sim.scheduleAt(at, "jump clock of " + name, () -> sim.jumpClock(node, jump));
                }
                default -> {
                    long full = 1_000_000 + e.below(300_000_000L);
                    sim.scheduleAt(at, "fill disk of " + name, () -> sim.setDiskFull(node, true));
                    sim.scheduleAt(at + full, "free disk of " + name, () -> sim.setDiskFull(node, false));
                }
            }
        }
    }

    static void restartIfDown(Simulation sim, int node) {
        if (sim.isCrashed(node)) {
            sim.restart(node);
        }
    }

    /** Reverts every fault: restarts, resumes, frees disks, resets clocks to true time. */
    static void healAll(Simulation sim, int[] servers) {
        for (int node : servers) {
            restartIfDown(sim, node);
            sim.resume(node);
            if (sim.storage(node).isFull()) {
                sim.setDiskFull(node, false);
            }
            if (sim.clock(node).driftPpm() != 0) {
                sim.setClockDrift(node, 0);
            }
            if (sim.clock(node).offset(sim.now()) != 0) {
                sim.setClockOffset(node, 0);
            }
        }
    }
}
