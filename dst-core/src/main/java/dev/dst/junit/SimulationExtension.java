package dev.dst.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Runs a {@link SimulationTest}: one test for the sweep, then one per failing seed; see there. */
public final class SimulationExtension implements TestTemplateInvocationContextProvider {
    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(SimulationTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        SimulationTest annotation = method.getAnnotation(SimulationTest.class);
        String testId = context.getRequiredTestClass().getName() + "#" + method.getName();
        TestSettings settings = TestSettings.of(testId, annotation);
        Path dir = Path.of(System.getProperty("dst.dir", "target/dst"));
        String replayPrefix = replayPrefix(context.getRequiredTestClass().getSimpleName(), method.getName(),
                annotation.replayProperties());
        StringBuilder setting = new StringBuilder();
        MethodRun.recordedProperties(annotation.replayProperties()).forEach((k, v) -> setting.append(setting.length() == 0 ? "" : " ")
                .append(k).append('=').append(v.replace(' ', '_')));
        MethodRun run = new MethodRun(method, annotation, settings, new FailingSeeds(dir, testId, setting.toString()), dir, replayPrefix);
        if (settings.replaySeed() != null) {
            long seed = settings.replaySeed();
            return Stream.of(run.seedInvocation(seed, "seed " + dev.dst.entropy.Seeds.format(seed) + " (replay)", TestShrinker.enabled(),
                    false));
        }
        if (settings.repro() != null) {
            return Stream.of(run.reproInvocation(settings.repro()));
        }
        // the failing seeds' tests are made once the sweep has run: the stream is read lazily
        return Stream.concat(Stream.of(run.sweepInvocation()), Stream.of(run).flatMap(MethodRun::failingSeedInvocations));
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

    /** The shrinker's report, attached to a failure as a suppressed exception (no stack trace of its own). */
    static final class ShrinkReport extends RuntimeException {
        ShrinkReport(String report) {
            super(report, null, false, false);
        }
    }
}
