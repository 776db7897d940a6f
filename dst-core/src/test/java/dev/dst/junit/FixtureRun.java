package dev.dst.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a fixture class from {@code dev.dst.junit.fixtures} through the Jupiter engine with the
 * given system properties, restoring every property it touched afterwards.
 */
final class FixtureRun {
    private static final List<String> PROPERTIES =
            List.of("dst.test.fixtures", "dst.test.bug", "dst.dir", "dst.seed", "dst.seeds", "dst.seedBase",
                    "dst.shrink", "dst.shrink.attempts", "dst.shrink.seconds", "dst.test.repro", "dst.threads", "dst.shard",
                    "dst.out", "dst.timeout", "dst.requireProbes", "dst.failuresShown", "dst.repro");

    final EngineExecutionResults results;

    private FixtureRun(EngineExecutionResults results) {
        this.results = results;
    }

    /** Runs {@code fixture} enabled, with {@code properties} set and the other dst properties cleared. */
    static FixtureRun of(Class<?> fixture, Map<String, String> properties) {
        Map<String, String> with = new HashMap<>(properties);
        with.putIfAbsent("dst.test.fixtures", "on");
        with.putIfAbsent("dst.shrink", "false"); // the shrinking tests turn it on
        return withProperties(fixture, with);
    }

    /** As {@link #of}, with JUnit's parallel mode on (methods and invocations concurrently). */
    static FixtureRun parallel(Class<?> fixture, Map<String, String> properties) {
        Map<String, String> with = new HashMap<>(properties);
        with.putIfAbsent("dst.test.fixtures", "on");
        with.putIfAbsent("dst.shrink", "false");
        return run(fixture, with, Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent"));
    }

    /** Runs {@code fixture} with exactly {@code properties} among the dst ones (fixtures not enabled unless given). */
    static FixtureRun withProperties(Class<?> fixture, Map<String, String> properties) {
        return run(fixture, properties, Map.of());
    }

    private static FixtureRun run(Class<?> fixture, Map<String, String> properties, Map<String, String> configuration) {
        Map<String, String> saved = new HashMap<>();
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
            System.clearProperty(p);
        }
        properties.keySet().forEach(p -> saved.putIfAbsent(p, System.getProperty(p)));
        try {
            properties.forEach(System::setProperty);
            return new FixtureRun(EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
                    .selectors(selectClass(fixture)).execute());
        } finally {
            saved.forEach((p, v) -> {
                if (v == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, v);
                }
            });
        }
    }

    /** Display names of the test invocations, in the order they ran. */
    List<String> invocations() {
        return results.testEvents().started().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    long succeeded() {
        return results.testEvents().succeeded().count();
    }

    /** Display name to failure, for each failed invocation, in order. */
    Map<String, Throwable> failures() {
        Map<String, Throwable> out = new java.util.LinkedHashMap<>();
        results.testEvents().failed().stream().forEach(e -> out.put(e.getTestDescriptor().getDisplayName(), throwableOf(e)));
        return out;
    }

    /** The failures of containers (the test method itself, when it cannot provide invocations). */
    List<Throwable> containerFailures() {
        List<Throwable> out = new ArrayList<>();
        results.containerEvents().failed().stream().forEach(e -> out.add(throwableOf(e)));
        return out;
    }

    private static Throwable throwableOf(Event e) {
        return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }
}
