package dev.dst.sim;

import dev.dst.entropy.ChoiceTape;
import dev.dst.node.NodeContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buggify points: enabled per run and site, firing per call, from the seed; replayed, shrunk to off, off on request. */
final class BuggifyTest {
    private static final int CALLS = 100;

    /** A node that reaches site "slow" once a millisecond, 100 times, and counts how often it fired. */
    private static Simulation run(Simulation.Builder b, long[] fired) {
        Simulation sim = b.build();
        sim.addNode("n", ctx -> new Probe()
                .onStart(c -> c.setTimer(1_000_000, "tick"))
                .onTimer((c, id, tag) -> {
                    if (c.buggify("slow")) {
                        fired[0]++;
                    }
                    if (sim.now() < CALLS * 1_000_000L) {
                        c.setTimer(1_000_000, "tick");
                    }
                }));
        sim.runFor(Duration.ofMillis(CALLS + 5));
        return sim;
    }

    @Test
    void aSiteIsEnabledInAboutAQuarterOfRunsAndThenFiresAboutAQuarterOfTheTime() {
        int enabledRuns = 0;
        long fires = 0;
        for (long seed = 1; seed <= 400; seed++) {
            long[] fired = new long[1];
            Simulation sim = run(Simulation.builder(seed), fired);
            assertEquals(fired[0], sim.probes().get("buggify slow"), "the probe counts the fires");
            if (fired[0] > 0) {
                enabledRuns++;
                fires += fired[0];
            }
        }
        // A quarter of 400 is 100; an enabled site fires in a quarter of its 100 calls, so almost never zero times.
        assertTrue(enabledRuns > 70 && enabledRuns < 130, "runs with the site enabled: " + enabledRuns);
        double perEnabledRun = (double) fires / enabledRuns;
        assertTrue(perEnabledRun > 20 && perEnabledRun < 30, "fires per enabled run of 100 calls: " + perEnabledRun);
    }

    @Test
    void theSameSeedFiresTheSameWayAndAReplayOfItsTapeToo() {
        long seed = firstSeedWithTheSiteEnabled();
        long[] a = new long[1];
        long[] b = new long[1];
        Simulation first = run(Simulation.builder(seed).recordTape(), a);
        Simulation second = run(Simulation.builder(seed), b);
        assertTrue(a[0] > 0);
        assertEquals(a[0], b[0]);
        assertEquals(first.traceHash(), second.traceHash());
        assertTrue(first.report().toText().contains("buggify slow x" + a[0]), first.report().toText());
        long[] replayed = new long[1];
        Simulation replay = run(Simulation.builder(seed).replay(first.tape()), replayed);
        assertEquals(a[0], replayed[0]);
        assertEquals(first.traceHash(), replay.traceHash());
    }

    @Test
    void aTapeOfZerosAsTheShrinkerWritesTurnsEverySiteOff() {
        long seed = firstSeedWithTheSiteEnabled();
        long[] fired = new long[1];
        run(Simulation.builder(seed).replay(new ChoiceTape(seed, Map.of())), fired);
        assertEquals(0, fired[0]);
    }

    @Test
    void turnedOffItNeverFires() {
        long seed = firstSeedWithTheSiteEnabled();
        long[] fired = new long[1];
        Simulation sim = run(Simulation.builder(seed).buggify(false), fired);
        assertEquals(0, fired[0]);
        assertEquals(0L, sim.probes().get("buggify slow"));
    }

    @Test
    void outsideASimulationAContextNeverBuggifies() {
        NodeContext plain = new NodeContext() {
            public int id() { return 0; }
            public String name() { return "n"; }
            public String nameOf(int node) { return "n"; }
            public long now() { return 0; }
            public long monotonicNanos() { return 0; }
            public void send(int to, Object message) {}
            public long request(int to, Object op) { return 0; }
            public void reply(dev.dst.node.Request request, Object value) {}
            public long setTimer(long delayNanos, Object tag) { return 0; }
            public void cancelTimer(long timerId) {}
            public dev.dst.entropy.Entropy random() { return null; }
            public dev.dst.storage.Storage storage() { return null; }
            public void log(String format, Object... args) {}
        };
        assertFalse(plain.buggify("slow"));
    }

    private static long firstSeedWithTheSiteEnabled() {
        for (long seed = 1; ; seed++) {
            long[] fired = new long[1];
            run(Simulation.builder(seed), fired);
            if (fired[0] > 0) {
                return seed;
            }
        }
    }
}
