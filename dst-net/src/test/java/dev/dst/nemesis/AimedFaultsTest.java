package dev.dst.nemesis;

import dev.dst.cluster.Cluster;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Power losses aimed just after a write: only in the write's unsynced window, from the seed, none without the package. */
final class AimedFaultsTest {
    /**
     * Writes a record every 10 ms and fsyncs it 1 ms later: 1 ms of every 10 has an unsynced
     * write. {@code unsynced[id]} says whether it has one now (kept outside the node, so that it
     * still says so after a power loss discarded the node).
     */
    static final class Journal implements Node {
        private final boolean[] unsynced;

        Journal(boolean[] unsynced) {
            this.unsynced = unsynced;
        }

        @Override
        public void onStart(NodeContext ctx) {
            unsynced[ctx.id()] = false;
            ctx.setTimer(10_000_000L, "write");
        }

        @Override
        public void onTimer(NodeContext ctx, long id, Object tag) {
            if (tag.equals("write")) {
                ctx.storage().append("journal", new byte[] {1});
                unsynced[ctx.id()] = true;
                ctx.setTimer(1_000_000L, "fsync");
                ctx.setTimer(10_000_000L, "write");
            } else {
                ctx.storage().fsync();
                unsynced[ctx.id()] = false;
            }
        }
    }

    /** Runs the fault phase; returns, per power loss, 1 when its node had an unsynced write and 0 if not, and the trace hash last. */
    private static List<Long> run(long seed, Nemesis nemesis) {
        Simulation sim = Simulation.create(seed);
        boolean[] unsynced = new boolean[3];
        Cluster c = Cluster.on(sim).nodes(3, ctx -> new Journal(unsynced)).nemesis(nemesis)
                .faultPhase(java.time.Duration.ofSeconds(5)).build();
        List<Long> out = new ArrayList<>();
        c.faults().setListener((applied, f) -> {
            if (applied && f instanceof dev.dst.fault.Fault.PowerLoss p) {
                out.add(unsynced[p.node()] ? 1L : 0L);
            }
        });
        c.runFaultPhase();
        out.add(sim.traceHash());
        return out;
    }

    @Test
    void aimedPowerLossesStrikeOnlyWhileAWriteIsUnsyncedAndReplayFromTheSeed() {
        int seedsWithAim = 0;
        for (long seed = 1; seed <= 40; seed++) {
            List<Long> losses = run(seed, Nemesis.aimed());
            List<Long> kill = run(seed, Nemesis.kill());
            assertEquals(losses, run(seed, Nemesis.aimed()), "the same seed, the same faults and trace");
            seedsWithAim += losses.size() > kill.size() ? 1 : 0;
        }
        assertTrue(seedsWithAim >= 20, "three quarters of the seeds aim at writes: " + seedsWithAim + " of 40");
    }

    /** Answers every request at once; {@code lastReplyNanos[id]} is when it last did (kept outside the node). */
    static final class Answerer implements Node {
        private final long[] lastReplyNanos;
        private final Simulation sim;

        Answerer(Simulation sim, long[] lastReplyNanos) {
            this.sim = sim;
            this.lastReplyNanos = lastReplyNanos;
        }

        @Override
        public void onRequest(NodeContext ctx, dev.dst.node.Request request) {
            ctx.reply(request, "ok");
            lastReplyNanos[ctx.id()] = sim.now();
        }
    }

    /** Per seed: {power losses within 2 ms of their node's last reply, all power losses, pauses, pause nanoseconds in all}. */
    private static long[] replies(long seed, Nemesis nemesis) {
        Simulation sim = Simulation.create(seed);
        long[] last = new long[3];
        java.util.Arrays.fill(last, Long.MIN_VALUE / 2);
        Cluster c = Cluster.on(sim).nodes(3, ctx -> new Answerer(sim, last)).nemesis(nemesis)
                .faultPhase(java.time.Duration.ofSeconds(5)).build();
        long[] out = new long[4];
        long[] pausedAt = new long[3];
        c.faults().setListener((applied, f) -> {
            if (applied && f instanceof dev.dst.fault.Fault.PowerLoss p) {
                out[1]++;
                out[0] += sim.now() - last[p.node()] <= AimedFaults.AIM_NANOS_MAX ? 1 : 0;
            } else if (f instanceof dev.dst.fault.Fault.Pause p) {
                if (applied) {
                    out[2]++;
                    pausedAt[p.node()] = sim.now();
                } else {
                    out[3] += sim.now() - pausedAt[p.node()];
                }
            }
        });
        for (int i = 1; i < 500; i++) {
            int node = i % 3;
            sim.schedule(java.time.Duration.ofMillis(10L * i), "ask", () -> {
                if (sim.isUp(node)) {
                    sim.submit(node, "ping");
                }
            });
        }
        c.runFaultPhase();
        return out;
    }

    @Test
    void powerLossesAreAimedJustAfterRepliesAndSomeServersPauseForLong() {
        long[] aimed = new long[4];
        long[] kill = new long[4];
        for (long seed = 1; seed <= 40; seed++) {
            long[] a = replies(seed, Nemesis.aimed());
            long[] k = replies(seed, Nemesis.kill());
            for (int i = 0; i < 4; i++) {
                aimed[i] += a[i];
                kill[i] += k[i];
            }
        }
        System.out.printf("power losses within 2 ms of a reply: aimed %d of %d, kill %d of %d; long pauses %d (%.1f s in all)%n",
                aimed[0], aimed[1], kill[0], kill[1], aimed[2], aimed[3] / 1e9);
        assertTrue(aimed[0] > 10 * Math.max(1, kill[0]), "aimed at the moment after a reply: " + aimed[0] + " against " + kill[0]);
        assertEquals(0, kill[2], "the kill package pauses nothing");
        assertTrue(aimed[2] >= 20, "up to three long pauses per seed: " + aimed[2] + " in 40 seeds");
        assertTrue(aimed[3] / aimed[2] >= AimedFaults.LONG_PAUSE_MIN_NANOS, "pauses of 50 ms or more");
    }

    @Test
    void theAimedPowerLossesFindTheUnsyncedWindowThatRandomOnesMiss() {
        long inWindowAimed = 0;
        long allAimed = 0;
        long inWindowRandom = 0;
        long allRandom = 0;
        for (long seed = 1; seed <= 40; seed++) {
            List<Long> a = run(seed, Nemesis.aimed());
            List<Long> k = run(seed, Nemesis.kill());
            for (int i = 0; i < a.size() - 1; i++) {
                allAimed++;
                inWindowAimed += a.get(i) > 0 ? 1 : 0;
            }
            for (int i = 0; i < k.size() - 1; i++) {
                allRandom++;
                inWindowRandom += k.get(i) > 0 ? 1 : 0;
            }
        }
        System.out.printf("power losses with an unsynced write: aimed package %d of %d, kill package %d of %d%n",
                inWindowAimed, allAimed, inWindowRandom, allRandom);
        assertTrue(allAimed > allRandom, "the aimed package adds power losses");
        assertTrue((double) inWindowAimed / allAimed > 2.0 * inWindowRandom / Math.max(1, allRandom),
                "a power loss of the aimed package finds an unsynced write far more often");
    }
}
