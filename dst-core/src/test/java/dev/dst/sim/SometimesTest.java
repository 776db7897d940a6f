package dev.dst.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SometimesTest {

    private static Simulation ticking(long seed) {
        Simulation sim = Simulation.create(seed);
        sim.addNode("ticker", ctx -> new Probe()
                .onStart(c -> c.setTimer(1_000_000, "tick"))
                .onTimer((c, id, tag) -> c.setTimer(1_000_000, "tick")));
        return sim;
    }

    @Test
    void aProbeCountsTheChecksAtWhichItsConditionHeld() {
        Simulation sim = ticking(1);
        sim.sometimes("after 5 ms", () -> sim.now() >= 5_000_000);
        sim.runFor(Duration.ofMillis(10)); // start + 10 ticks = 11 steps, ticks at 1..10 ms
        assertEquals(Map.of("after 5 ms", 6L), sim.probes());
    }

    @Test
    void aProbeNeverHitIsReportedAsNever() {
        Simulation sim = ticking(2);
        sim.sometimes("impossible", () -> false);
        sim.runFor(Duration.ofMillis(3));
        assertEquals(0L, sim.probes().get("impossible"));
        assertTrue(sim.report().toText().contains("impossible (never)"), sim.report().toText());
    }

    @Test
    void reachedCountsHitsDirectly() {
        Simulation sim = ticking(3);
        sim.reached("manual");
        sim.reached("manual");
        assertEquals(2L, sim.probes().get("manual"));
        assertEquals(2L, sim.report().probes().get("manual"));
    }
}
