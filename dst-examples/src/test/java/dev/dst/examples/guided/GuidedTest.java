package dev.dst.examples.guided;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.examples.Runs;
import dev.dst.examples.Scenarios;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sweep.Guided;
import dev.dst.sweep.RunOutcome;
import dev.dst.sweep.Runner;
import dev.dst.sweep.Target;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guided exploration on a bundled scenario: deterministic whatever the threads, failures replay from their tape, corpus grows. */
final class GuidedTest {
    private static Target pingPong(String bug) {
        ScenarioOptions o = ScenarioOptions.defaults().withFaults("kill");
        return Runs.target(Scenarios.bundled().named("ping-pong"), bug == null ? o : o.withBug(bug));
    }

    private static Guided.Result explore(Target t, long seed, int budget, int threads) {
        return Guided.explore(t, seed, budget, threads, Map.of(), Runs.WALL_BUDGET_MILLIS, line -> { });
    }

    /** What must be equal between two searches: counts, the failure's place, seed and tape. */
    private static List<Object> shape(Guided.Result r) {
        Guided.Failure f = r.failure();
        return List.of(r.runs(), r.corpusSize(), r.features(), r.mutated(), r.featureRuns(), f == null ? "none" : f.run(),
                f == null ? "none" : f.candidate().seed(), f == null ? "none" : f.candidate().tape().size(), f == null ? "none" : f.origin());
    }

    @Test
    void theSameSeedExploresTheSameRunsOnOneThreadOrTwo() {
        Target t = pingPong(null);
        Guided.Result one = explore(t, 7, 40, 1);
        Guided.Result two = explore(t, 7, 40, 2);
        assertEquals(shape(one), shape(two));
        assertNull(one.failure(), "the correct build passes");
        assertEquals(40, one.runs());
        assertTrue(one.mutated() > 0, "past the first 16, most runs are mutations: " + one.mutated());
        assertTrue(one.corpusSize() >= 2 && one.corpusSize() <= 40, "runs with something new are kept: " + one.corpusSize());
        assertTrue(one.features() > 5, "probes and fault counts: " + one.featureRuns());
        Guided.Result other = explore(t, 8, 40, 2);
        assertTrue(!shape(other).equals(shape(one)), "another guide seed, other runs");
    }

    @Test
    void aFailureIsFoundAndReplaysExactlyFromItsTape() {
        Target t = pingPong("ack-before-fsync");
        Guided.Result r = explore(t, 3, 200, 2);
        assertNotNull(r.failure(), "ack-before-fsync fails often under kill: " + shape(r));
        Guided.Failure f = r.failure();
        assertEquals(r.runs(), f.run(), "the search stops at the first failure");
        RunOutcome again = Runner.run(t, f.candidate(), Runner.Mode.TRIAL, null, null, Runs.WALL_BUDGET_MILLIS);
        assertEquals(f.outcome().violation().name(), again.violation().name());
        assertEquals(f.outcome().report().traceHash(), again.report().traceHash(), "the recorded tape replays the run exactly");
    }
}
