package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** Runs a {@link SimulationTest} once per seed; see there. */
public final class SimulationExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SimulationExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(SimulationTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        SimulationTest annotation = method.getAnnotation(SimulationTest.class);
        String testId = context.getRequiredTestClass().getName() + "#" + method.getName();
        Path dir = Path.of(System.getProperty("dst.dir", "target/dst"));
        FailingSeeds store = new FailingSeeds(dir, testId);
        String replaySeed = System.getProperty("dst.seed");
        SeedPlan plan = SeedPlan.of(testId, replaySeed, System.getProperty("dst.seeds"), System.getProperty("dst.seedBase"),
                annotation.seeds(), SeedPlan.present(replaySeed) ? List.of() : store.load());
        String replayPrefix = replayPrefix(context.getRequiredTestClass().getSimpleName(), method.getName(),
                annotation.replayProperties());
        return plan.entries().stream().map(e -> new Invocation(e, annotation, store, dir, replayPrefix));
    }

    /** {@code mvn -pl module test -Dtest=Class#method -Dsurefire.failIfNoSpecifiedTests=false -Ddst.seed=}. */
    static String replayPrefix(String className, String methodName, String... properties) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        String module = "";
        if (Files.isRegularFile(dir.resolve("pom.xml")) && dir.getParent() != null
                && listsModule(dir.getParent().resolve("pom.xml"), dir.getFileName().toString())) {
            module = "-pl " + dir.getFileName() + " -am ";
        }
        StringBuilder given = new StringBuilder();
        for (String p : properties) {
            String v = System.getProperty(p);
            if (v != null) {
                given.append(" -D").append(p).append('=').append(quoted(v));
            }
        }
        return "mvn " + module + "test -Dtest='" + className + "#" + methodName
                + "' -Dsurefire.failIfNoSpecifiedTests=false" + given + " -Ddst.seed=";
    }

    /** A property value as a shell word: as it is when it is plain, else in single quotes. */
    static String quoted(String v) {
        return v.matches("[A-Za-z0-9._,:/=+-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
    }

    /** Whether {@code parentPom} lists {@code module} among its modules (a project inside another's folder may not be one). */
    static boolean listsModule(Path parentPom, String module) {
        try {
            return Files.isRegularFile(parentPom)
                    && Files.readString(parentPom).replaceAll("\\s+", "").contains("<module>" + module + "</module>");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static final class Invocation implements TestTemplateInvocationContext {
        private final SeedPlan.Entry entry;
        private final SimulationTest annotation;
        private final FailingSeeds store;
        private final String replayLine;
        private final Path dir;

        Invocation(SeedPlan.Entry entry, SimulationTest annotation, FailingSeeds store, Path dir, String replayPrefix) {
            this.entry = entry;
            this.dir = dir;
            this.annotation = annotation;
            this.store = store;
            this.replayLine = replayPrefix + Seeds.format(entry.seed());
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return entry.label();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new SimulationParameters(entry::seed, this::simulation), new After(), new OnFailure());
        }

        private Simulation simulation(ExtensionContext e) {
            return e.getStore(NS).getOrComputeIfAbsent("simulation", k -> configure(Simulation.builder(entry.seed())).build(),
                    Simulation.class);
        }

        private Simulation.Builder configure(Simulation.Builder b) {
            return b.invariantEvery(annotation.invariantEvery()).maxSteps(annotation.maxSteps()).replayLine(replayLine);
        }

        /**
         * Shrinks the first failing seed of this method in this test run (later ones only fail),
         * prints the result and adds it to the failure as a suppressed note.
         */
        private void shrinkOnce(ExtensionContext e, Throwable failure) {
            if (!TestShrinker.enabled() || e.getTestInstance().isEmpty()) {
                return;
            }
            ExtensionContext method = e.getParent().orElse(e);
            AtomicBoolean done = method.getStore(NS).getOrComputeIfAbsent("shrunk", k -> new AtomicBoolean(), AtomicBoolean.class);
            if (!done.compareAndSet(false, true)) {
                return;
            }
            String report = TestShrinker.shrink(e.getRequiredTestInstance(), e.getRequiredTestMethod(), entry.seed(), this::configure,
                    dir);
            System.out.println(report);
            failure.addSuppressed(new ShrinkReport(report));
        }

        private final class After implements AfterTestExecutionCallback {
            @Override
            public void afterTestExecution(ExtensionContext e) {
                if (e.getExecutionException().isPresent()) {
                    return; // recorded by OnFailure
                }
                Simulation sim = e.getStore(NS).get("simulation", Simulation.class);
                try {
                    if (sim != null) {
                        sim.finish();
                    }
                } catch (SimulationFailure f) {
                    store.record(entry.seed(), true);
                    shrinkOnce(e, f);
                    throw f;
                }
                store.record(entry.seed(), false);
            }
        }

        private final class OnFailure implements TestExecutionExceptionHandler {
            @Override
            public void handleTestExecutionException(ExtensionContext e, Throwable t) throws Throwable {
                if (t instanceof TestAbortedException) {
                    throw t;
                }
                store.record(entry.seed(), true);
                if (t instanceof SimulationFailure) {
                    shrinkOnce(e, t);
                    throw t;
                }
                Simulation sim = e.getStore(NS).get("simulation", Simulation.class);
                String where = sim == null ? "" : " at step " + sim.steps() + ", t=" + dev.dst.trace.Durations.format(sim.now());
                AssertionError wrapped = new AssertionError("seed " + Seeds.format(entry.seed()) + ": " + t.getClass().getSimpleName()
                        + where + ": " + t.getMessage() + "\n  replay: " + replayLine, t);
                shrinkOnce(e, wrapped);
                throw wrapped;
            }
        }
    }

    /** The shrinker's report, attached to a failure as a suppressed exception (no stack trace of its own). */
    static final class ShrinkReport extends RuntimeException {
        ShrinkReport(String report) {
            super(report, null, false, false);
        }
    }
}
