package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.shrink.SimulationTrial;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Runs a {@link Replay} test on its reproduction file; see there. */
public final class ReplayExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReplayExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(Replay.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Replay annotation = context.getRequiredTestMethod().getAnnotation(Replay.class);
        Reproduction rep = null;
        String error = null;
        try {
            rep = load(annotation.value(), context.getRequiredTestClass());
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        return Stream.of(new Invocation(annotation, rep, error));
    }

    /** The reproduction at {@code location}: a file, else a class-path resource; a clear error when neither. */
    static Reproduction load(String location, Class<?> testClass) {
        Path file = Path.of(location);
        try {
            if (Files.isRegularFile(file)) {
                return Reproduction.read(file);
            }
            String resource = location.startsWith("/") ? location.substring(1) : location;
            ClassLoader loader = testClass.getClassLoader();
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("@Replay(\"" + location + "\"): no such file (looked in "
                            + file.toAbsolutePath().normalize() + ") and no such class-path resource (put it under src/test/resources/)");
                }
                try {
                    return Reproduction.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("@Replay(\"" + location + "\"): " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("@Replay(\"" + location + "\"): cannot read it: " + e, e);
        }
    }

    private static final class Invocation implements TestTemplateInvocationContext {
        private final Replay annotation;
        private final Reproduction rep;
        private final String error;

        Invocation(Replay annotation, Reproduction rep, String error) {
            this.annotation = annotation;
            this.rep = rep;
            this.error = error;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            String name = Path.of(annotation.value()).getFileName().toString();
            return rep == null ? "replay " + name : "replay " + name + " (seed " + Seeds.format(rep.seed()) + ")";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new SimulationParameters(() -> loaded().seed(), this::simulation), new Before(), new After(),
                    new OnFailure());
        }

        /** The reproduction; a file that could not be read fails parameter resolution with its error. */
        private Reproduction loaded() {
            if (error != null) {
                throw new ParameterResolutionException(error);
            }
            return rep;
        }

        private String where() {
            return "replaying " + annotation.value() + " (seed " + Seeds.format(rep.seed()) + ", " + rep.target() + ", written by dst "
                    + rep.dstVersion() + ")";
        }

        private Simulation simulation(ExtensionContext e) {
            Reproduction r = loaded();
            return e.getStore(NS).getOrComputeIfAbsent("simulation", k -> SimulationTrial.simulation(
                    new Shrinker.Candidate(r.seed(), r.tape(), r.attachments()),
                    b -> b.invariantEvery(annotation.invariantEvery()).maxSteps(annotation.maxSteps())
                            .replayLine("@Replay(\"" + annotation.value() + "\")"), false), Simulation.class);
        }

        /** Judges a run that failed with {@code v}: returns normally when that is what was expected. */
        private void failed(ExtensionContext e, Violation v, Throwable cause) {
            Simulation sim = simulation(e);
            if (!annotation.expectFailure()) {
                throw new AssertionError(where() + ": it still fails: " + v.headline() + "\n  recorded: " + rep.headline(), cause);
            }
            if (!rep.failure().matches(v)) {
                throw new AssertionError(where() + ": it fails differently: " + v.headline() + "\n  recorded: " + rep.headline(), cause);
            }
            if (sim.traceHash() != rep.traceHash()) {
                System.out.println("dst: " + where() + " fails the same way, with a different trace (hash "
                        + String.format(Locale.ROOT, "%016x", sim.traceHash()) + ", recorded "
                        + String.format(Locale.ROOT, "%016x", rep.traceHash()) + "): the code changed since the file was written");
            }
            e.getStore(NS).put("judged", Boolean.TRUE);
        }

        private final class Before implements BeforeTestExecutionCallback {
            @Override
            public void beforeTestExecution(ExtensionContext e) {
                if (error != null) {
                    throw new IllegalArgumentException(error);
                }
            }
        }

        private final class After implements AfterTestExecutionCallback {
            @Override
            public void afterTestExecution(ExtensionContext e) {
                if (e.getExecutionException().isPresent() || rep == null || Boolean.TRUE.equals(e.getStore(NS).get("judged"))) {
                    return;
                }
                Simulation sim = simulation(e);
                try {
                    sim.finish();
                } catch (SimulationFailure f) {
                    failed(e, f.violation(), f);
                    return;
                }
                if (annotation.expectFailure()) {
                    throw new AssertionError(where() + ": expected it to fail with " + rep.headline() + ", but the run passed");
                }
            }
        }

        private final class OnFailure implements TestExecutionExceptionHandler {
            @Override
            public void handleTestExecutionException(ExtensionContext e, Throwable t) throws Throwable {
                if (t instanceof TestAbortedException || rep == null || t instanceof ParameterResolutionException) {
                    throw t;
                }
                Violation v = t instanceof SimulationFailure f ? f.violation() : SimulationTrial.thrown(simulation(e), t);
                failed(e, v, t);
            }
        }
    }
}
