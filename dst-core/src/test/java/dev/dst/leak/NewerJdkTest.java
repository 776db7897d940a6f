package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched calls that Java 17 does not have, which the traps reach through method handles:
 * a class compiled here for Java 21, rewritten and run on the JDK running the tests.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
final class NewerJdkTest {
    private static final List<String> SOURCE = List.of(
            "package newer;",
            "public final class Newer {",
            "    public static Object startVirtualThread() {",
            "        return Thread.startVirtualThread(() -> { });",
            "    }",
            "    public static Object sleepForADuration() throws InterruptedException {",
            "        Thread.sleep(java.time.Duration.ZERO);",
            "        return \"slept\";",
            "    }",
            "    public static Object virtualThreadPerTaskExecutor() {",
            "        return java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();",
            "    }",
            "    public static Object threadPerTaskExecutor() {",
            "        return java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());",
            "    }",
            "}");

    @TempDir
    static Path dir;
    static RewritingLoader loader;

    @BeforeAll
    static void compile() throws Exception {
        Path source = dir.resolve("newer/Newer.java");
        Files.createDirectories(source.getParent());
        Files.write(source, SOURCE);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "--release", "21", "-d",
                dir.resolve("classes").toString(), source.toString());
        assertEquals(0, status, errors.toString());
        loader = new RewritingLoader(AgentOptions.defaults(), name -> name.startsWith("newer."), dir.resolve("classes"));
    }

    @Test
    void insideASimulationAVirtualThreadIsReportedAndNotStarted() throws Exception {
        Thread t = (Thread) inside("startVirtualThread", "thread started: Thread.startVirtualThread(Runnable)");
        assertEquals(Thread.State.NEW, t.getState());
        assertTrue((Boolean) Thread.class.getMethod("isVirtual").invoke(t));
    }

    @Test
    void insideASimulationASleepForADurationIsReported() throws Exception {
        assertEquals("slept", inside("sleepForADuration", "real sleep: Thread.sleep(Duration)"));
    }

    @Test
    void insideASimulationPerTaskExecutorsAreReported() throws Exception {
        ((ExecutorService) inside("virtualThreadPerTaskExecutor", "thread pool: Executors.newVirtualThreadPerTaskExecutor()")).shutdownNow();
        ((ExecutorService) inside("threadPerTaskExecutor", "thread pool: Executors.newThreadPerTaskExecutor(ThreadFactory)")).shutdownNow();
    }

    @Test
    void outsideASimulationTheyDoWhatTheyDid() throws Exception {
        Thread t = (Thread) call("startVirtualThread");
        t.join();
        assertEquals(Thread.State.TERMINATED, t.getState());
        assertEquals("slept", call("sleepForADuration"));
        ExecutorService pool = (ExecutorService) call("virtualThreadPerTaskExecutor");
        assertEquals(3, pool.submit(() -> 3).get(1, TimeUnit.MINUTES));
        pool.shutdownNow();
        assertNull(LeakGuard.poll());
    }

    private static Object inside(String method, String what) throws Exception {
        LeakGuard.enter();
        Object result;
        try {
            result = call(method);
        } finally {
            LeakGuard.exit();
        }
        int line = SOURCE.indexOf(SOURCE.stream().filter(l -> l.contains(" " + method + "()")).findFirst().orElseThrow()) + 2;
        assertEquals(new Leak(what, "newer.Newer." + method + "(Newer.java:" + line + ")"), LeakGuard.poll());
        return result;
    }

    private static Object call(String method) throws Exception {
        try {
            return loader.loadClass("newer.Newer").getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
