package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a user runs it: a jar with the guard's classes and dst-core's manifest
 * attributes, given to a child JVM with {@code -javaagent}, which runs {@code AgentMain}.
 */
final class AgentEndToEndTest {
    @TempDir
    static Path dir;
    static Path agentJar;

    @BeforeAll
    static void buildAgentJar() throws Exception {
        Path classes = Path.of(LeakGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (String attribute : List.of("Premain-Class", "Agent-Class", "Launcher-Agent-Class")) {
            main.putValue(attribute, Agent.class.getName()); // as dst-core/pom.xml writes them
        }
        agentJar = dir.resolve("dst-leak-agent.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(agentJar), manifest);
                Stream<Path> files = Files.list(classes.resolve("dev/dst/leak"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
    }

    @Test
    void aChildJvmWithTheAgentReportsLeaksInsideAtTheirCallSitesAndNothingOutside() throws Exception {
        Run run = java("-javaagent:" + agentJar + "=include=dev.dst.leak.fixtures,debug", "dev.dst.leak.fixtures.AgentMain");
        assertEquals(0, run.status, run.toString());
        List<String> expected = new ArrayList<>();
        expected.add("installed: true");
        for (String method : List.of("readClock", "readHeldClock", "startThread")) {
            FixtureSource.Marker m = FixtureSource.markers("AgentMain").get(method);
            expected.add(method + ": " + m.what() + " at " + FixtureSource.callSite("AgentMain", m));
        }
        expected.add("startThread thread: NEW");
        expected.add("seededRandom: none");
        expected.add("outside: none");
        expected.add("outside thread: TERMINATED");
        assertEquals(expected, run.stdout);
        assertTrue(run.stderr.contains("[dst leak guard] rewrote dev/dst/leak/fixtures/AgentMain: 4 call sites"), run.toString());
    }

    /** The kernel polls the guard after every step: a leak fails the run naming its call site and the handler. */
    @Test
    void theKernelFailsARunWhoseCodeLeaks() throws Exception {
        Run run = java("-javaagent:" + agentJar + "=include=dev.dst.leak.fixtures", "dev.dst.leak.fixtures.LeakySimulationMain");
        assertEquals(0, run.status, run.toString());
        assertEquals(6, run.stdout.size(), run.toString());
        assertTrue(run.stdout.get(0).startsWith("timer: LEAK wall clock read: System.currentTimeMillis() at "
                + "dev.dst.leak.fixtures.LeakySimulationMain$ReadsTheClock.onTimer(LeakySimulationMain.java:" + line("seen = System.currentTimeMillis()")
                + "), in n's onTimer"),
                run.stdout.get(0));
        assertTrue(run.stdout.get(1).startsWith("kept clock: LEAK wall clock read: Clock.systemUTC() at ") && run.stdout.get(1).contains(
                "(LeakySimulationMain.java:" + line("new KeepsASystemClock(Clock.systemUTC())") + "), in n's factory"), run.stdout.get(1));
        assertTrue(run.stdout.get(2).startsWith("held clock: LEAK wall clock read: ") && run.stdout.get(2).contains(
                "KeepsASystemClock.onTimer(LeakySimulationMain.java:" + line("clock.millis(); // leaks") + "), in n's onTimer"), run.stdout.get(2));
        assertTrue(run.stdout.get(3).startsWith("action: LEAK unseeded randomness: ") && run.stdout.get(3).contains(
                "(LeakySimulationMain.java:" + line("java.util.UUID.randomUUID())") + "), in the scheduled action 'the test reads a random UUID'"), run.stdout.get(3));
        assertEquals("hosted, clean: passed", run.stdout.get(4));
        assertTrue(run.stdout.get(5).startsWith("static init: 1 failure, 0 nondeterministic, leak wall clock read: "
                + "System.currentTimeMillis() at dev.dst.leak.fixtures.LeakySimulationMain$StampedAtLoad.<clinit>(LeakySimulationMain.java:"
                + line("LOADED_MILLIS = System.currentTimeMillis()") + ")")
                && run.stdout.get(5).contains("a rerun of the seed passed"), run.stdout.get(5));
    }

    private static int line(String text) {
        return FixtureSource.lineOf("LeakySimulationMain", text);
    }

    @Test
    void anUnknownAgentOptionStopsTheJvmBeforeMainWithOneLine() throws Exception {
        Run run = java("-javaagent:" + agentJar + "=verbose", "dev.dst.leak.fixtures.AgentMain");
        assertEquals(2, run.status, run.toString());
        assertEquals("dst leak guard: unknown option 'verbose' in 'verbose'; known options, separated by commas: "
                + "include=PREFIX, exclude=PREFIX, debug\n", run.stderr);
        assertEquals(List.of(), run.stdout);
    }

    /** A finished child JVM. */
    private record Run(int status, List<String> stdout, String stderr) {}

    private static Run java(String agent, String mainClass) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), agent, "-cp", classPath, mainClass)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            // nothing to say: the child reads no input
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within 2 minutes: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readAllLines(out), Files.readString(err));
    }
}
