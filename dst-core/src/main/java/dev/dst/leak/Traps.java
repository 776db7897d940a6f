package dev.dst.leak;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The traps that rewritten code calls instead of the JDK's wall clock, threads, sleeps and
 * unseeded randomness (executors and asynchronous tasks: {@link AsyncTraps}). Each records a
 * {@link Leak} inside a simulation and then does what the call does, with two exceptions
 * inside a simulation: {@link #start(Thread)} does not start the thread, and sleeps return at
 * once. Public only because rewritten classes in any package call it; not an API.
 */
public final class Traps {
    static final String CLOCK = "wall clock read";
    static final String THREAD = "thread started";
    static final String POOL = "thread pool";
    static final String SLEEP = "real sleep";
    static final String RANDOM = "unseeded randomness";

    private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();
    private static final Class<?> SYSTEM_SOURCE = InstantSource.system().getClass();

    private Traps() {}

    // ---- the wall clock

    public static long currentTimeMillis() {
        LeakGuard.record(CLOCK, "System.currentTimeMillis()");
        return System.currentTimeMillis();
    }

    public static long nanoTime() {
        LeakGuard.record(CLOCK, "System.nanoTime()");
        return System.nanoTime();
    }

    public static Instant instantNow() {
        LeakGuard.record(CLOCK, "Instant.now()");
        return Instant.now();
    }

    public static Instant instantNow(Clock clock) {
        clockArgument("Instant.now(Clock)", clock);
        return Instant.now(clock);
    }

    public static LocalDateTime localDateTimeNow() {
        LeakGuard.record(CLOCK, "LocalDateTime.now()");
        return LocalDateTime.now();
    }

    public static LocalDateTime localDateTimeNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "LocalDateTime.now(ZoneId)");
        return LocalDateTime.now(zone);
    }

    public static LocalDateTime localDateTimeNow(Clock clock) {
        clockArgument("LocalDateTime.now(Clock)", clock);
        return LocalDateTime.now(clock);
    }

    public static LocalDate localDateNow() {
        LeakGuard.record(CLOCK, "LocalDate.now()");
        return LocalDate.now();
    }

    public static LocalDate localDateNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "LocalDate.now(ZoneId)");
        return LocalDate.now(zone);
    }

    public static LocalDate localDateNow(Clock clock) {
        clockArgument("LocalDate.now(Clock)", clock);
        return LocalDate.now(clock);
    }

    public static LocalTime localTimeNow() {
        LeakGuard.record(CLOCK, "LocalTime.now()");
        return LocalTime.now();
    }

    public static LocalTime localTimeNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "LocalTime.now(ZoneId)");
        return LocalTime.now(zone);
    }

    public static LocalTime localTimeNow(Clock clock) {
        clockArgument("LocalTime.now(Clock)", clock);
        return LocalTime.now(clock);
    }

    public static ZonedDateTime zonedDateTimeNow() {
        LeakGuard.record(CLOCK, "ZonedDateTime.now()");
        return ZonedDateTime.now();
    }

    public static ZonedDateTime zonedDateTimeNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "ZonedDateTime.now(ZoneId)");
        return ZonedDateTime.now(zone);
    }

    public static ZonedDateTime zonedDateTimeNow(Clock clock) {
        clockArgument("ZonedDateTime.now(Clock)", clock);
        return ZonedDateTime.now(clock);
    }

    public static OffsetDateTime offsetDateTimeNow() {
        LeakGuard.record(CLOCK, "OffsetDateTime.now()");
        return OffsetDateTime.now();
    }

    public static OffsetDateTime offsetDateTimeNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "OffsetDateTime.now(ZoneId)");
        return OffsetDateTime.now(zone);
    }

    public static OffsetDateTime offsetDateTimeNow(Clock clock) {
        clockArgument("OffsetDateTime.now(Clock)", clock);
        return OffsetDateTime.now(clock);
    }

    public static OffsetTime offsetTimeNow() {
        LeakGuard.record(CLOCK, "OffsetTime.now()");
        return OffsetTime.now();
    }

    public static OffsetTime offsetTimeNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "OffsetTime.now(ZoneId)");
        return OffsetTime.now(zone);
    }

    public static OffsetTime offsetTimeNow(Clock clock) {
        clockArgument("OffsetTime.now(Clock)", clock);
        return OffsetTime.now(clock);
    }

    public static Year yearNow() {
        LeakGuard.record(CLOCK, "Year.now()");
        return Year.now();
    }

    public static Year yearNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "Year.now(ZoneId)");
        return Year.now(zone);
    }

    public static Year yearNow(Clock clock) {
        clockArgument("Year.now(Clock)", clock);
        return Year.now(clock);
    }

    public static YearMonth yearMonthNow() {
        LeakGuard.record(CLOCK, "YearMonth.now()");
        return YearMonth.now();
    }

    public static YearMonth yearMonthNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "YearMonth.now(ZoneId)");
        return YearMonth.now(zone);
    }

    public static YearMonth yearMonthNow(Clock clock) {
        clockArgument("YearMonth.now(Clock)", clock);
        return YearMonth.now(clock);
    }

    public static MonthDay monthDayNow() {
        LeakGuard.record(CLOCK, "MonthDay.now()");
        return MonthDay.now();
    }

    public static MonthDay monthDayNow(ZoneId zone) {
        LeakGuard.record(CLOCK, "MonthDay.now(ZoneId)");
        return MonthDay.now(zone);
    }

    public static MonthDay monthDayNow(Clock clock) {
        clockArgument("MonthDay.now(Clock)", clock);
        return MonthDay.now(clock);
    }

    public static Clock clockSystemUTC() {
        LeakGuard.record(CLOCK, "Clock.systemUTC()");
        return Clock.systemUTC();
    }

    public static Clock clockSystemDefaultZone() {
        LeakGuard.record(CLOCK, "Clock.systemDefaultZone()");
        return Clock.systemDefaultZone();
    }

    public static Clock clockSystem(ZoneId zone) {
        LeakGuard.record(CLOCK, "Clock.system(ZoneId)");
        return Clock.system(zone);
    }

    public static Clock clockTickMillis(ZoneId zone) {
        LeakGuard.record(CLOCK, "Clock.tickMillis(ZoneId)");
        return Clock.tickMillis(zone);
    }

    public static Clock clockTickSeconds(ZoneId zone) {
        LeakGuard.record(CLOCK, "Clock.tickSeconds(ZoneId)");
        return Clock.tickSeconds(zone);
    }

    public static Clock clockTickMinutes(ZoneId zone) {
        LeakGuard.record(CLOCK, "Clock.tickMinutes(ZoneId)");
        return Clock.tickMinutes(zone);
    }

    public static InstantSource instantSourceSystem() {
        LeakGuard.record(CLOCK, "InstantSource.system()");
        return InstantSource.system();
    }

    public static long millis(Clock clock) {
        clockRead("Clock.millis()", clock);
        return clock.millis();
    }

    public static Instant instant(Clock clock) {
        clockRead("Clock.instant()", clock);
        return clock.instant();
    }

    public static long millis(InstantSource source) {
        clockRead("InstantSource.millis()", source);
        return source.millis();
    }

    public static Instant instant(InstantSource source) {
        clockRead("InstantSource.instant()", source);
        return source.instant();
    }

    public static Calendar calendarGetInstance() {
        LeakGuard.record(CLOCK, "Calendar.getInstance()");
        return Calendar.getInstance();
    }

    public static Calendar calendarGetInstance(TimeZone zone) {
        LeakGuard.record(CLOCK, "Calendar.getInstance(TimeZone)");
        return Calendar.getInstance(zone);
    }

    public static Calendar calendarGetInstance(Locale locale) {
        LeakGuard.record(CLOCK, "Calendar.getInstance(Locale)");
        return Calendar.getInstance(locale);
    }

    public static Calendar calendarGetInstance(TimeZone zone, Locale locale) {
        LeakGuard.record(CLOCK, "Calendar.getInstance(TimeZone, Locale)");
        return Calendar.getInstance(zone, locale);
    }

    public static Date newDate() {
        LeakGuard.record(CLOCK, "new Date()");
        return new Date();
    }

    /** A clock handed to {@code now(Clock)}: a leak only if it is the system's. */
    private static void clockArgument(String call, Clock clock) {
        if (LeakGuard.inside() && isSystem(clock)) {
            LeakGuard.record(CLOCK, call + " with " + clock);
        }
    }

    /** A read of a clock obtained earlier (perhaps outside the simulation): a leak if it is the system's. */
    private static void clockRead(String call, InstantSource source) {
        if (LeakGuard.inside() && isSystem(source)) {
            LeakGuard.record(CLOCK, call + " of " + source);
        }
    }

    /**
     * The JDK's system clocks, and the JDK's tick, offset and zone wrappers around one (seen
     * through their {@code toString}, which names the clock they wrap). A clock class of the
     * user's own that delegates to a system clock is not seen.
     */
    static boolean isSystem(InstantSource source) {
        if (source == null) {
            return false;
        }
        Class<?> type = source.getClass();
        if (type == SYSTEM_CLOCK || type == SYSTEM_SOURCE) {
            return true;
        }
        if (!type.getName().startsWith("java.time.")) {
            return false;
        }
        String text = source.toString();
        return text.contains("SystemClock[") || text.contains("SystemInstantSource");
    }

    // ---- threads and sleeps

    /** Inside a simulation the thread is not started. */
    public static void start(Thread thread) {
        if (!LeakGuard.record(THREAD, "Thread.start()") || thread.getState() != Thread.State.NEW) {
            thread.start(); // outside a simulation, or a second start that throws as it would have
        }
    }

    public static void threadSleep(long millis) throws InterruptedException {
        if (LeakGuard.record(SLEEP, "Thread.sleep(long)")) {
            skippedSleep(millis);
        } else {
            Thread.sleep(millis);
        }
    }

    public static void threadSleep(long millis, int nanos) throws InterruptedException {
        if (LeakGuard.record(SLEEP, "Thread.sleep(long, int)")) {
            skippedSleep(millis);
        } else {
            Thread.sleep(millis, nanos);
        }
    }

    /** {@code Thread.sleep(Duration)}, Java 19 and later. */
    public static void threadSleep(Duration duration) throws InterruptedException {
        if (LeakGuard.record(SLEEP, "Thread.sleep(Duration)")) {
            skippedSleep(duration.isNegative() ? -1 : 0);
        } else {
            Jdk.invoke(Jdk.SLEEP, duration);
        }
    }

    public static void sleep(TimeUnit unit, long timeout) throws InterruptedException {
        if (LeakGuard.record(SLEEP, "TimeUnit.sleep(long)")) {
            skippedSleep(0);
        } else {
            unit.sleep(timeout);
        }
    }

    /** A sleep inside a simulation returns at once, but fails as a real one would. */
    private static void skippedSleep(long millis) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("sleep interrupted");
        }
    }

    /** {@code Thread.startVirtualThread(Runnable)}, Java 21 and later; inside a simulation, not started. */
    public static Thread threadStartVirtualThread(Runnable task) {
        if (LeakGuard.record(THREAD, "Thread.startVirtualThread(Runnable)")) {
            return (Thread) Jdk.invoke(Jdk.UNSTARTED_VIRTUAL, task);
        }
        return (Thread) Jdk.invoke(Jdk.START_VIRTUAL, task);
    }

    // ---- randomness

    public static Random newRandom() {
        LeakGuard.record(RANDOM, "new Random()");
        return new Random();
    }

    public static SecureRandom newSecureRandom() {
        LeakGuard.record(RANDOM, "new SecureRandom()");
        return new SecureRandom();
    }

    public static SplittableRandom newSplittableRandom() {
        LeakGuard.record(RANDOM, "new SplittableRandom()");
        return new SplittableRandom();
    }

    public static SecureRandom secureRandomGetInstanceStrong() throws NoSuchAlgorithmException {
        LeakGuard.record(RANDOM, "SecureRandom.getInstanceStrong()");
        return SecureRandom.getInstanceStrong();
    }

    public static ThreadLocalRandom threadLocalRandomCurrent() {
        LeakGuard.record(RANDOM, "ThreadLocalRandom.current()");
        return ThreadLocalRandom.current();
    }

    public static double mathRandom() {
        LeakGuard.record(RANDOM, "Math.random()");
        return Math.random();
    }

    public static double strictMathRandom() {
        LeakGuard.record(RANDOM, "StrictMath.random()");
        return StrictMath.random();
    }

    /** A shuffle of fewer than two elements draws nothing and changes nothing: not a leak (MicroRaft shuffles such lists). */
    public static void collectionsShuffle(List<?> list) {
        if (list.size() > 1) {
            LeakGuard.record(RANDOM, "Collections.shuffle(List) of " + list.size() + " elements");
        }
        Collections.shuffle(list);
    }

    public static UUID uuidRandomUUID() {
        LeakGuard.record(RANDOM, "UUID.randomUUID()");
        return UUID.randomUUID();
    }

    /** JDK methods newer than Java 17, found when first used (rewritten code that calls them runs on a newer JDK). */
    static final class Jdk {
        static final MethodHandle SLEEP = find(Thread.class, "sleep", MethodType.methodType(void.class, Duration.class));
        static final MethodHandle START_VIRTUAL = find(Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class));
        static final MethodHandle UNSTARTED_VIRTUAL = unstartedVirtual();

        private Jdk() {}

        static MethodHandle find(Class<?> owner, String name, MethodType type) {
            try {
                return MethodHandles.publicLookup().findStatic(owner, name, type);
            } catch (ReflectiveOperationException e) {
                return null; // only called from classes compiled for a JDK that has it
            }
        }

        /** {@code Thread.ofVirtual().unstarted(task)} as a method handle of (Runnable)Thread. */
        private static MethodHandle unstartedVirtual() {
            try {
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                        MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
                MethodHandle unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
                return MethodHandles.collectArguments(unstarted, 0, ofVirtual.asType(ofVirtual.type().changeReturnType(builder)));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        static Object invoke(MethodHandle handle, Object... arguments) {
            try {
                return handle.invokeWithArguments(arguments);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw sneaky(e); // InterruptedException from sleep, as the JDK method throws it
            }
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> RuntimeException sneaky(Throwable e) throws T {
            throw (T) e;
        }
    }
}
