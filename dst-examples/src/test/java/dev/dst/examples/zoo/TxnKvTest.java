package dev.dst.examples.zoo;

import dev.dst.examples.Runs;
import dev.dst.examples.txnkv.TxnKv;
import dev.dst.junit.SimulationTest;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;
import dev.dst.sweep.RunOutcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sharded transactional store: the correct build is strict-serializable by Elle's
 * list-append checker under faults, and each planted bug is found by the anomaly Elle names.
 * The seeds are the first failing ones of {@code dst sweep txn-kv --bug B --seeds 1..1000}.
 */
final class TxnKvTest {
    private static final TxnKv SCENARIO = new TxnKv();
    private static final String ELLE = "the transaction history is strict-serializable (Elle list-append)";

    @SimulationTest(seeds = 300)
    void historyIsStrictSerializableUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    /** Crashes and power losses: prepares, decisions and commits must be durable, in-doubt transactions resolved. */
    @SimulationTest(seeds = 20)
    void historyIsStrictSerializableUnderCrashesAndPowerLoss(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("kill"));
    }

    /** Lossy, duplicating and slow links: resent and copied messages must not run a transaction or a commit twice. */
    // links rarely cut a shard off for long enough to leave a transaction in doubt: that probe is the other tests'
    @SimulationTest(seeds = 20, requireProbes = false)
    void historyIsStrictSerializableUnderLinkFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("link"));
    }

    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void aSeedRunsTheSameTwice() {
        RunOutcome a = Runs.run(SCENARIO, 42, ScenarioOptions.defaults());
        RunOutcome b = Runs.run(SCENARIO, 42, ScenarioOptions.defaults());
        assertTrue(a.passed(), a.report().toString());
        assertEquals(a.report().traceHash(), b.report().traceHash());
        assertEquals(a.report().steps(), b.report().steps());
    }

    /** Write skew: G2-item rules serializability out, and nothing rules snapshot isolation out. */
    @Test
    void skippingReadValidationIsFoundAsWriteSkew() {
        String detail = found(TxnKv.BUG_SNAPSHOT_ISOLATION, 1);
        assertTrue(detail.contains("\nG2-item: "), detail);
        String ruledOut = ruledOut(detail);
        assertTrue(ruledOut.contains("serializable"), ruledOut);
        assertFalse(ruledOut.contains("snapshot-isolation"), ruledOut);
    }

    /** A lost update: G-single (a ww edge and one rw edge) rules snapshot isolation out. */
    @Test
    void skippingFirstCommitterWinsIsFoundAsGSingle() {
        String detail = found(TxnKv.BUG_LOST_UPDATE, 1);
        assertTrue(detail.contains("\nG-single: "), detail);
        assertTrue(ruledOut(detail).contains("snapshot-isolation"), detail);
    }

    /** A read of a prepared transaction's appends, which then aborted: G1a. */
    @Test
    void readingPreparedAppendsIsFoundAsAnAbortedRead() {
        String detail = found(TxnKv.BUG_READ_UNCOMMITTED, 1);
        assertTrue(detail.contains("\nG1a: "), detail);
        assertTrue(ruledOut(detail).contains("read-committed"), detail);
    }

    /** A commit applied on one shard and rolled back on another, reported failed: its visible appends are G1a. */
    @Test
    void rollingBackADecidedCommitIsFoundAsAnAbortedRead() {
        String detail = found(TxnKv.BUG_NON_ATOMIC_COMMIT, 5);
        assertTrue(detail.contains("\nG1a: ") && detail.contains("which failed"), detail);
    }

    /** The violation detail of {@code seed} with {@code bug} on, checked to replay to the same violation and trace hash. */
    private static String found(String bug, long seed) {
        RunOutcome o = ScenarioChecks.foundAndReplayed(SCENARIO, ScenarioOptions.defaults().withBug(bug), seed, seed);
        assertEquals(ELLE, o.violation().name(), o.violation().toString());
        return o.violation().detail();
    }

    /** The models the checker's summary line says are ruled out. */
    private static String ruledOut(String detail) {
        String summary = detail.lines().filter(l -> l.startsWith("list-append: ")).findFirst().orElse("");
        int at = summary.lastIndexOf("; ruled out: ");
        return at < 0 ? "" : summary.substring(at);
    }
}
