package dev.dst.examples.pingpong;

import dev.dst.scenario.ScenarioOptions;
import dev.dst.junit.SimulationTest;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The acceptance path of the JUnit integration, on a real planted bug: fail, print the seed, replay it. */
final class PingPongJUnitReplayTest {
    private static final String FIXTURES = "dst.test.fixtures";

    /** Run only through the test kit below (surefire skips nested classes, and the assumption guards the rest). */
    static final class BuggyPingPong {
        @SimulationTest(seeds = 12)
        void pingPongWithAckBeforeFsync(Simulation sim) throws Exception {
            assumeTrue(Boolean.getBoolean(FIXTURES));
            new PingPong().run(sim, ScenarioOptions.defaults().withFaults("kill").withBug(PingPong.BUG_ACK_BEFORE_FSYNC));
        }
    }

    @Test
    void aFailingSimulationTestPrintsItsSeedAndReplayLineAndReplaysToTheSameStep(@TempDir Path dir) {
        List<String> failures = runFixture(dir, null);
        assertFalse(failures.isEmpty(), "no seed of 12 found the planted bug");
        String message = failures.get(0);
        assertTrue(message.startsWith("seed 0x"), message);
        Matcher m = Pattern.compile("-Ddst\\.seed=(0x[0-9a-f]+)").matcher(message);
        assertTrue(m.find(), "no replay line in: " + message);
        String seed = m.group(1);
        assertTrue(message.startsWith("seed " + seed + ": invariant 'acknowledged counts are unique per server' violated at step "), message);

        List<String> replayed = runFixture(dir, seed);
        assertEquals(1, replayed.size(), "-Ddst.seed should run exactly the one seed, and it should fail");
        assertEquals(headline(message), headline(replayed.get(0)));
    }

    private static String headline(String message) {
        return message.substring(0, message.indexOf('\n'));
    }

    private static List<String> runFixture(Path dir, String seed) {
        System.setProperty(FIXTURES, "true");
        System.setProperty("dst.dir", dir.toString());
        if (seed != null) {
            System.setProperty("dst.seed", seed);
        }
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BuggyPingPong.class)).execute();
            return results.testEvents().failed().stream()
                    .map(PingPongJUnitReplayTest::message)
                    .toList();
        } finally {
            System.clearProperty(FIXTURES);
            System.clearProperty("dst.dir");
            System.clearProperty("dst.seed");
        }
    }

    private static String message(Event e) {
        return e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }
}
