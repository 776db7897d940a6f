package dev.dst.examples.pingpong;

import dev.dst.examples.Runs;
import dev.dst.sweep.RunOutcome;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.RunReport;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class PingPongSimulationTest {
    private static final PingPong SCENARIO = new PingPong();
    private static final long WALL_BUDGET_MILLIS = 60_000;
    /** Kills and power losses: the faults that expose an acknowledgement made before fsync. */
    private static final ScenarioOptions KILL = ScenarioOptions.defaults().withFaults("kill");

    @SimulationTest(seeds = 40)
    void correctServersNeverAcknowledgeACountTwiceUnderSwarmFaults(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void swarmFaultsOverFortySeedsExerciseNodeClockDiskAndNetworkFaults() {
        java.util.Map<String, Long> total = new java.util.TreeMap<>();
        for (long seed = 1; seed <= 40; seed++) {
            run(seed).report().faults().forEach((k, v) -> total.merge(k, v, Long::sum));
        }
        for (String kind : java.util.List.of("kill", "power-loss", "pause", "disk-full", "clock-skew", "clock-jump",
                "partition-halves", "lossy-link", "connection-reset")) {
            assertTrue(total.getOrDefault(kind, 0L) > 0, kind + " never fired in 40 seeds: " + total);
        }
    }

    // no faults: the probes about down servers and retries cannot be hit, and need not be
    @SimulationTest(seeds = 10, requireProbes = false)
    void withoutFaultsEveryPingIsAnswered(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults().withFaults("none"));
        RunReport report = sim.finish();
        assertTrue(report.faults().isEmpty(), "faults fired: " + report.faults());
        assertEquals(0, report.counters().get("messages.dropped"));
        assertTrue(report.counters().get("messages.delivered") > 1000, "too little traffic: " + report.counters());
    }

    /** The long sweep, for nightly jobs: {@code mvn verify -Pnightly -Dnightly}. */
    @Tag("nightly")
    @SimulationTest(seeds = 10_000)
    void nightlySweep(Simulation sim) throws Exception {
        SCENARIO.run(sim, ScenarioOptions.defaults());
    }

    @Test
    void ackBeforeFsyncIsFoundWithinTwentySeedsOfTheKillPackage() {
        RunOutcome first = firstFailure(1, 20);
        assertNotNull(first, "no seed in 1..20 found ack-before-fsync");
        Violation v = first.violation();
        assertEquals(Violation.Kind.INVARIANT, v.kind());
        assertEquals("acknowledged counts are unique per server", v.name());
        assertTrue(v.detail().contains("acknowledged twice"), v.detail());
    }

    @Test
    void aFailingSeedReplaysToTheSameStepAndTraceHash() {
        RunOutcome first = firstFailure(1, 20);
        assertNotNull(first);
        RunOutcome again = Runs.run(SCENARIO, first.report().seed(), KILL.withBug(PingPong.BUG_ACK_BEFORE_FSYNC));
        assertFalse(again.passed());
        assertEquals(first.violation(), again.violation());
        assertEquals(first.report().traceHash(), again.report().traceHash());
        assertEquals(first.report().lastEvents(), again.report().lastEvents());
    }

    @Test
    void theSameSeedGivesTheSameTraceHashAndDifferentSeedsDiffer() {
        long a1 = run(42).report().traceHash();
        long a2 = run(42).report().traceHash();
        long b = run(43).report().traceHash();
        assertEquals(a1, a2);
        assertTrue(a1 != b, "seeds 42 and 43 gave the same trace hash");
    }

    private static RunOutcome run(long seed) {
        return Runs.run(SCENARIO, seed, ScenarioOptions.defaults());
    }

    private static RunOutcome firstFailure(long from, long to) {
        for (long seed = from; seed <= to; seed++) {
            RunOutcome o = Runs.run(SCENARIO, seed, KILL.withBug(PingPong.BUG_ACK_BEFORE_FSYNC));
            if (!o.passed()) {
                return o;
            }
        }
        return null;
    }
}
