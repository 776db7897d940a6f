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
