package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fixtures of {@code dev.dst.leak.fixtures}, rewritten by the transformer and loaded by a
 * class loader of their own (so every rewritten class passes the verifier before it runs):
 * inside {@link LeakGuard#enter()} each leak is reported at its call site; outside, nothing is
 * recorded and the calls do what they did.
 */
final class RewrittenFixturesTest {
    private static final String FIXTURES = "dev.dst.leak.fixtures";
    private static final RewritingLoader LOADER = new RewritingLoader(FIXTURES);

    @AfterEach
    void nothingLeftBehind() {
        LeakGuard.poll();
    }

    static Stream<FixtureSource.Marker> leaks() {
        return FixtureSource.markers("Leaky").values().stream();
    }

    static Stream<String> quietMethods() {
        return publicStaticMethods("Quiet").stream();
    }

    @Test
    void everyLeakyMethodHasAMarkedLeak() {
        assertEquals(publicStaticMethods("Leaky"), new ArrayList<>(FixtureSource.markers("Leaky").keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaks")
    void insideASimulationALeakIsReportedAtItsCallSite(FixtureSource.Marker marker) throws Exception {
        LeakGuard.enter();
        Object result;
        try {
            result = call("Leaky", marker.method());
        } finally {
            LeakGuard.exit();
        }
        dispose(result);
        assertEquals(new Leak(marker.what(), FixtureSource.callSite("Leaky", marker)), LeakGuard.poll());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaks")
    void outsideASimulationNothingIsRecorded(FixtureSource.Marker marker) throws Exception {
        dispose(call("Leaky", marker.method()));
        assertNull(LeakGuard.poll());
    }

    @Test
    void outsideASimulationTheClockIsTheRealClock() throws Exception {
        long before = System.currentTimeMillis();
        long read = (Long) call("Leaky", "currentTimeMillis");
        long after = System.currentTimeMillis();
        assertTrue(before <= read && read <= after, before + " <= " + read + " <= " + after);
    }

    @Test
    void insideASimulationTheClockIsStillTheRealClock() throws Exception {
        Instant before = Instant.now();
        LeakGuard.enter();
        Instant read;
        try {
            read = (Instant) call("Leaky", "instantNow");
        } finally {
            LeakGuard.exit();
        }
        assertTrue(!read.isBefore(before) && !read.isAfter(Instant.now()), read.toString());
    }

    @Test
    void outsideASimulationAThreadStarts() throws Exception {
        Thread worker = (Thread) call("Leaky", "threadSubclassStart");
        worker.join();
        assertTrue(worker.getClass().getField("ran").getBoolean(worker));
    }

    @Test
    void insideASimulationAThreadIsNotStarted() throws Exception {
        LeakGuard.enter();
        try {
            assertEquals(Thread.State.NEW, ((Thread) call("Leaky", "threadStart")).getState());
            assertEquals(Thread.State.NEW, ((Thread) call("Leaky", "threadSubclassStart")).getState());
        } finally {
            LeakGuard.exit();
        }
    }

    @Test
    void insideASimulationAnExecutorStillRunsTasks() throws Exception {
        LeakGuard.enter();
        ExecutorService pool;
        try {
            pool = (ExecutorService) call("Leaky", "newThreadPoolExecutor");
        } finally {
            LeakGuard.exit();
        }
        try {
            assertEquals(4, pool.submit(() -> 4).get(1, TimeUnit.MINUTES));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void insideASimulationASleepReturnsButAnInterruptedOneStillThrows() {
        LeakGuard.enter();
        try {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> call("Leaky", "threadSleep"));
        } finally {
            Thread.interrupted();
            LeakGuard.exit();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaksOfAClockTakenEarlier")
    void aSystemClockTakenBeforeTheSimulationIsReportedWhenReadInside(FixtureSource.Marker marker) throws Exception {
        Object holder = LOADER.loadClass(FIXTURES + ".ClockHolder").getConstructor().newInstance();
        assertNull(LeakGuard.poll(), "built outside the simulation");
        LeakGuard.enter();
        try {
            invoke(holder.getClass().getMethod(marker.method()), holder);
        } finally {
            LeakGuard.exit();
        }
        assertEquals(new Leak(marker.what(), FixtureSource.callSite("ClockHolder", marker)), LeakGuard.poll());
    }

    static Stream<FixtureSource.Marker> leaksOfAClockTakenEarlier() {
        return FixtureSource.markers("ClockHolder").values().stream().filter(m -> !m.method().equals("<init>"));
    }

    @Test
    void aSystemClockTakenInsideTheSimulationIsReportedWhereItIsTaken() throws Exception {
        LeakGuard.enter();
        try {
            LOADER.loadClass(FIXTURES + ".ClockHolder").getConstructor().newInstance();
        } finally {
            LeakGuard.exit();
        }
        FixtureSource.Marker marker = FixtureSource.markers("ClockHolder").get("<init>");
        assertEquals(new Leak(marker.what(), FixtureSource.callSite("ClockHolder", marker)), LeakGuard.poll());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quietMethods")
    void deterministicLookalikesAreNotReportedAndReturnWhatTheyDid(String method) throws Exception {
        Map<String, Object> expected = new java.util.HashMap<>(Map.of(
                "seededRandom", new Random(42).nextInt(),
                "seededSplittableRandom", new SplittableRandom(42).nextInt(),
                "seededShuffle", seededShuffle(),
                "dateOfMillis", new Date(1_000L).getTime(),
                "fixedClock", 3_000L,
                "offsetOfAFixedClock", Clock.offset(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ofSeconds(2)).millis(),
                "ownClock", 14_000L,
                "supplyAsyncOnACallerExecutor", 6,
                "startOfAnEngine", 1,
                "ownRandomSubclass", new Random(42).nextInt()));
        expected.put("shuffleOfOne", List.of(1));
        LeakGuard.enter();
        Object result;
        try {
            result = call("Quiet", method);
        } finally {
            LeakGuard.exit();
        }
        assertNull(LeakGuard.poll());
        assertEquals(expected.get(method), result, method);
    }

    private static List<Integer> seededShuffle() {
        List<Integer> list = new ArrayList<>(List.of(1, 2, 3, 4, 5));
        Collections.shuffle(list, new Random(42));
        return list;
    }

    @Test
    void subclassesOfWatchedClassesKeepTheirSuperConstructorCalls() throws Exception {
        Random own = (Random) LOADER.loadClass(FIXTURES + ".OwnRandom").getConstructor().newInstance();
        Random seeded = (Random) LOADER.loadClass(FIXTURES + ".OwnRandom").getConstructor(long.class).newInstance(42L);
        ExecutorService pool = (ExecutorService) LOADER.loadClass(FIXTURES + ".OwnPool").getConstructor().newInstance();
        pool.shutdownNow();
        own.nextInt();
        assertEquals(new Random(42).nextInt(), seeded.nextInt());
    }

    @Test
    void theFixturesAreLoadedRewritten() throws Exception {
        Class<?> leaky = LOADER.loadClass(FIXTURES + ".Leaky");
        assertEquals(LOADER, leaky.getClassLoader());
        assertTrue(LOADER.rewritten > 0);
    }

    static List<String> publicStaticMethods(String fixture) {
        try {
            Class<?> c = LOADER.loadClass(FIXTURES + "." + fixture);
            // declaration order is what javac wrote, which getDeclaredMethods does not promise: sort by source order
            List<String> inSource = new ArrayList<>(FixtureSource.methods(fixture));
            List<String> declared = Arrays.stream(c.getDeclaredMethods())
                    .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                    .map(Method::getName).toList();
            inSource.retainAll(declared);
            assertEquals(declared.size(), inSource.size(), "public static methods of " + fixture + ": " + declared);
            return inSource;
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Object call(String fixture, String method) throws Exception {
        return invoke(LOADER.loadClass(FIXTURES + "." + fixture).getMethod(method), null);
    }

    private static Object invoke(Method m, Object target) throws Exception {
        try {
            return m.invoke(target);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Stops what a fixture started. */
    private static void dispose(Object o) throws InterruptedException {
        if (o instanceof ExecutorService e) {
            e.shutdownNow();
        } else if (o instanceof Timer t) {
            t.cancel();
        } else if (o instanceof CompletableFuture<?> f) {
            f.join();
        } else if (o instanceof Thread t && t.getState() != Thread.State.NEW) {
            t.join();
        }
    }
}
