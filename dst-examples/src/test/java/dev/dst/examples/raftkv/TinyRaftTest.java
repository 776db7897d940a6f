package dev.dst.examples.raftkv;

import dev.dst.cluster.Cluster;
import dev.dst.junit.SimulationTest;
import dev.dst.nemesis.Nemesis;
import dev.dst.sim.Simulation;

import dev.dst.sweep.Exhaustive;
import dev.dst.sweep.Target;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * raft-kv's node in a configuration small enough for exhaustive exploration: three servers, no
 * clients and no nemesis, one second, every election checked. {@code -Dbug=B} plants a bug.
 */
final class TinyRaftTest {
    static final int NODES = 3;

    @SimulationTest(seeds = 20, replayProperties = "bug")
    void threeServersElect(Simulation sim) {
        run(sim, System.getProperty("bug", ""));
    }

    static void run(Simulation sim, String bug) {
        RaftNode.Bugs bugs = new RaftNode.Bugs(bug.equals(RaftKv.BUG_DUPLICATE_VOTES), bug.equals(RaftKv.BUG_COMMIT_OLD_TERM),
                bug.equals(RaftKv.BUG_VOTE_WITHOUT_FSYNC), bug.equals(RaftKv.BUG_STALE_READ));
        RaftObserver observer = new RaftObserver(NODES, sim::nodeName);
        Cluster cluster = Cluster.on(sim)
                .nodes(NODES, ctx -> new RaftNode(ctx, NODES, bugs, observer))
                .nemesis(Nemesis.none())
                .faultPhase(Duration.ofSeconds(1))
                .build();
        RaftKv.safety(sim, observer);
        sim.endCheck("a leader was elected", () -> observer.elections > 0);
        cluster.runFaultPhase();
    }

    private static Exhaustive.Result exhaust(long seed, boolean seedWide) {
        Target t = Target.of("tiny-raft", sim -> run(sim, ""));
        return Exhaustive.explore(t, seed, new Exhaustive.Bounds(400, 8, 1, List.of(), 20_000, true, seedWide), Map.of(), 60_000,
                line -> { });
    }

    /**
     * With wide choices seeded, the three servers' election timeouts differ and a leader is
     * elected: every run with one crash point (any server, after any step) passes, and the search
     * completes. About 300 runs a seed.
     */
    @Test
    void everyRunOfThreeCorrectServersWithOneCrashPointElectsOneLeaderPerTerm() {
        Exhaustive.Result r = exhaust(1, true);
        assertFalse(r.failed(), () -> r.failure().outcome().violation().headline());
        assertTrue(r.complete(), r.toString());
        assertTrue(r.ended() > 100 && r.pruned() > 0, r.toString());
    }

    /**
     * With every wide choice at its simplest, every election timeout is the shortest: the
     * servers always stand at once and split the vote, and the liveness check fails. That is
     * why {@code dst exhaust} seeds wide choices by default.
     */
    @Test
    void withWideChoicesAtTheirSimplestTheServersSplitEveryVote() {
        Exhaustive.Result r = exhaust(1, false);
        assertTrue(r.failed());
        assertEquals(1, r.failure().run());
        assertEquals("a leader was elected", r.failure().outcome().violation().name());
    }
}
