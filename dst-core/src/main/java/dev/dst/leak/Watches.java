package dev.dst.leak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The watched JDK calls and the trap each becomes: the rewriter's whole table. Names are
 * internal (slashes), descriptors as in the class file.
 *
 * <ul>
 *   <li>{@link Kind#STATIC}: {@code invokestatic owner.name desc} becomes {@code invokestatic
 *       trap} with the same descriptor.
 *   <li>{@link Kind#INSTANCE}: {@code invokevirtual} or {@code invokeinterface owner.name desc}
 *       becomes {@code invokestatic trap} whose first parameter is the receiver.
 *   <li>{@link Kind#NO_ARG_NEW}: {@code new X; dup; invokespecial X.<init>()V} becomes a static
 *       factory that returns a real {@code X}.
 *   <li>{@link Kind#NEW}: {@code new X} and its {@code invokespecial X.<init>(desc)} name a trap
 *       subclass of {@code X} instead, with the same constructor.
 * </ul>
 */
final class Watches {
    enum Kind { STATIC, INSTANCE, NO_ARG_NEW, NEW }

    /** The method (or constructor, when {@code name} is {@code <init>}) a watched call becomes. */
    record Trap(String owner, String name, String desc) {}

    /** One watched call; {@code since}: the first Java release that has it. */
    record Entry(Kind kind, String owner, String name, String desc, Trap trap, int since) {}

    static final String TRAPS = "dev/dst/leak/Traps";
    static final String ASYNC = "dev/dst/leak/AsyncTraps";

    private static final String THREAD = "java/lang/Thread";
    private static final String CF = "java/util/concurrent/CompletableFuture";
    private static final String CS = "java/util/concurrent/CompletionStage";
    private static final String TF = "Ljava/util/concurrent/ThreadFactory;";
    private static final String REH = "Ljava/util/concurrent/RejectedExecutionHandler;";
    private static final String UNIT = "Ljava/util/concurrent/TimeUnit;";
    private static final String ES = "Ljava/util/concurrent/ExecutorService;";
    private static final String SES = "Ljava/util/concurrent/ScheduledExecutorService;";

    /** Thread.start() on a subclass of Thread that the table cannot list: see {@link #instance}. */
    static final Trap THREAD_START = new Trap(TRAPS, "start", "(Ljava/lang/Thread;)V");
    /** Collection.parallelStream() on any java.util collection type. */
    static final Trap PARALLEL_STREAM = new Trap(ASYNC, "parallelStream", "(Ljava/util/Collection;)Ljava/util/stream/Stream;");

    private static final List<Entry> ALL = new ArrayList<>();
    private static final Map<String, Entry> CALLS = new HashMap<>();       // owner.name desc: static and instance methods
    private static final Map<String, Trap> FACTORIES = new HashMap<>();    // owner of a no-arg constructor
    private static final Map<String, Trap> CONSTRUCTORS = new HashMap<>(); // owner.<init>desc
    private static final Set<String> SUBCLASSED = new HashSet<>();         // owners with a trap subclass
    private static final Set<String> OWNERS = new HashSet<>();

    static {
        wallClock();
        threads();
        executors();
        completableFutures();
        randomness();
    }

    private static void wallClock() {
        statik("java/lang/System", "currentTimeMillis", "()J", TRAPS, "currentTimeMillis");
        statik("java/lang/System", "nanoTime", "()J", TRAPS, "nanoTime");
        statik("java/time/Instant", "now", "()Ljava/time/Instant;", TRAPS, "instantNow");
        statik("java/time/Instant", "now", "(Ljava/time/Clock;)Ljava/time/Instant;", TRAPS, "instantNow");
        for (String type : List.of("LocalDateTime", "LocalDate", "LocalTime", "ZonedDateTime", "OffsetDateTime",
                "OffsetTime", "Year", "YearMonth", "MonthDay")) {
            String owner = "java/time/" + type;
            String trap = Character.toLowerCase(type.charAt(0)) + type.substring(1) + "Now";
            statik(owner, "now", "()L" + owner + ";", TRAPS, trap);
            statik(owner, "now", "(Ljava/time/ZoneId;)L" + owner + ";", TRAPS, trap);
            statik(owner, "now", "(Ljava/time/Clock;)L" + owner + ";", TRAPS, trap);
        }
        String clock = "java/time/Clock";
        statik(clock, "systemUTC", "()Ljava/time/Clock;", TRAPS, "clockSystemUTC");
        statik(clock, "systemDefaultZone", "()Ljava/time/Clock;", TRAPS, "clockSystemDefaultZone");
        for (String name : List.of("system", "tickMillis", "tickSeconds", "tickMinutes")) {
            statik(clock, name, "(Ljava/time/ZoneId;)Ljava/time/Clock;", TRAPS, "clock" + capitalized(name));
        }
        statik("java/time/InstantSource", "system", "()Ljava/time/InstantSource;", TRAPS, "instantSourceSystem");
        instance(clock, "millis", "()J", TRAPS);
        instance(clock, "instant", "()Ljava/time/Instant;", TRAPS);
        instance("java/time/InstantSource", "millis", "()J", TRAPS);
        instance("java/time/InstantSource", "instant", "()Ljava/time/Instant;", TRAPS);
        for (String args : List.of("", "Ljava/util/TimeZone;", "Ljava/util/Locale;", "Ljava/util/TimeZone;Ljava/util/Locale;")) {
            statik("java/util/Calendar", "getInstance", "(" + args + ")Ljava/util/Calendar;", TRAPS, "calendarGetInstance");
        }
        noArgNew("java/util/Date", TRAPS);
    }

    private static void threads() {
        instance(THREAD, "start", "()V", TRAPS);
        statik(THREAD, "sleep", "(J)V", TRAPS, "threadSleep");
        statik(THREAD, "sleep", "(JI)V", TRAPS, "threadSleep");
        add(Kind.STATIC, THREAD, "sleep", "(Ljava/time/Duration;)V", new Trap(TRAPS, "threadSleep", "(Ljava/time/Duration;)V"), 19);
        add(Kind.STATIC, THREAD, "startVirtualThread", "(Ljava/lang/Runnable;)Ljava/lang/Thread;",
                new Trap(TRAPS, "threadStartVirtualThread", "(Ljava/lang/Runnable;)Ljava/lang/Thread;"), 21);
        instance("java/util/concurrent/TimeUnit", "sleep", "(J)V", TRAPS);
        noArgNew("java/util/Timer", ASYNC);
        subclass("java/util/Timer", "(Z)V", "(Ljava/lang/String;)V", "(Ljava/lang/String;Z)V");
    }

    private static void executors() {
        String executors = "java/util/concurrent/Executors";
        String[][] factories = {
            {"newFixedThreadPool", "(I)" + ES, "(I" + TF + ")" + ES},
            {"newWorkStealingPool", "()" + ES, "(I)" + ES},
            {"newSingleThreadExecutor", "()" + ES, "(" + TF + ")" + ES},
            {"newCachedThreadPool", "()" + ES, "(" + TF + ")" + ES},
            {"newSingleThreadScheduledExecutor", "()" + SES, "(" + TF + ")" + SES},
            {"newScheduledThreadPool", "(I)" + SES, "(I" + TF + ")" + SES},
        };
        for (String[] f : factories) {
            for (int i = 1; i < f.length; i++) {
                statik(executors, f[0], f[i], ASYNC, "executors" + capitalized(f[0]));
            }
        }
        add(Kind.STATIC, executors, "newVirtualThreadPerTaskExecutor", "()" + ES,
                new Trap(ASYNC, "executorsNewVirtualThreadPerTaskExecutor", "()" + ES), 21);
        add(Kind.STATIC, executors, "newThreadPerTaskExecutor", "(" + TF + ")" + ES,
                new Trap(ASYNC, "executorsNewThreadPerTaskExecutor", "(" + TF + ")" + ES), 21);
        String queue = "IIJ" + UNIT + "Ljava/util/concurrent/BlockingQueue;";
        subclass("java/util/concurrent/ThreadPoolExecutor",
                "(" + queue + ")V", "(" + queue + TF + ")V", "(" + queue + REH + ")V", "(" + queue + TF + REH + ")V");
        subclass("java/util/concurrent/ScheduledThreadPoolExecutor",
                "(I)V", "(I" + TF + ")V", "(I" + REH + ")V", "(I" + TF + REH + ")V");
        String pool = "java/util/concurrent/ForkJoinPool";
        String workers = "ILjava/util/concurrent/ForkJoinPool$ForkJoinWorkerThreadFactory;Ljava/lang/Thread$UncaughtExceptionHandler;Z";
        noArgNew(pool, ASYNC);
        subclass(pool, "(I)V", "(" + workers + ")V",
                "(" + workers + "IIILjava/util/function/Predicate;J" + UNIT + ")V");
        statik(pool, "commonPool", "()Ljava/util/concurrent/ForkJoinPool;", ASYNC, "forkJoinPoolCommonPool");
        for (String stream : List.of("IntStream", "LongStream", "DoubleStream")) {
            String owner = "java/util/stream/" + stream;
            instance(owner, "parallel", "()L" + owner + ";", ASYNC);
        }
        // Stream inherits BaseStream's parallel(), so a call on a Stream returns BaseStream
        for (String owner : List.of("java/util/stream/Stream", "java/util/stream/BaseStream")) {
            instance(owner, "parallel", "()Ljava/util/stream/BaseStream;", ASYNC);
        }
    }

    private static void completableFutures() {
        statik(CF, "supplyAsync", "(Ljava/util/function/Supplier;)L" + CF + ";", ASYNC, "supplyAsync");
        statik(CF, "runAsync", "(Ljava/lang/Runnable;)L" + CF + ";", ASYNC, "runAsync");
        statik(CF, "delayedExecutor", "(J" + UNIT + ")Ljava/util/concurrent/Executor;", ASYNC, "delayedExecutor");
        statik(CF, "delayedExecutor", "(J" + UNIT + "Ljava/util/concurrent/Executor;)Ljava/util/concurrent/Executor;", ASYNC, "delayedExecutor");
        String stage = "L" + CS + ";";
        String[][] async = { // name, parameters, release
            {"thenApplyAsync", "Ljava/util/function/Function;", "8"},
            {"thenAcceptAsync", "Ljava/util/function/Consumer;", "8"},
            {"thenRunAsync", "Ljava/lang/Runnable;", "8"},
            {"thenCombineAsync", stage + "Ljava/util/function/BiFunction;", "8"},
            {"thenAcceptBothAsync", stage + "Ljava/util/function/BiConsumer;", "8"},
            {"runAfterBothAsync", stage + "Ljava/lang/Runnable;", "8"},
            {"applyToEitherAsync", stage + "Ljava/util/function/Function;", "8"},
            {"acceptEitherAsync", stage + "Ljava/util/function/Consumer;", "8"},
            {"runAfterEitherAsync", stage + "Ljava/lang/Runnable;", "8"},
            {"thenComposeAsync", "Ljava/util/function/Function;", "8"},
            {"handleAsync", "Ljava/util/function/BiFunction;", "8"},
            {"whenCompleteAsync", "Ljava/util/function/BiConsumer;", "8"},
            {"exceptionallyAsync", "Ljava/util/function/Function;", "12"},
            {"exceptionallyComposeAsync", "Ljava/util/function/Function;", "12"},
        };
        for (String[] a : async) {
            for (String owner : List.of(CF, CS)) {
                String desc = "(" + a[1] + ")L" + owner + ";";
                add(Kind.INSTANCE, owner, a[0], desc, new Trap(ASYNC, a[0], receiverFirst(owner, desc)), Integer.parseInt(a[2]));
            }
        }
        instance(CF, "completeAsync", "(Ljava/util/function/Supplier;)L" + CF + ";", ASYNC);
        instance(CF, "orTimeout", "(J" + UNIT + ")L" + CF + ";", ASYNC);
        instance(CF, "completeOnTimeout", "(Ljava/lang/Object;J" + UNIT + ")L" + CF + ";", ASYNC);
    }

    private static void randomness() {
        noArgNew("java/util/Random", TRAPS);
        noArgNew("java/security/SecureRandom", TRAPS);
        subclass("java/security/SecureRandom", "([B)V");
        noArgNew("java/util/SplittableRandom", TRAPS);
        statik("java/security/SecureRandom", "getInstanceStrong", "()Ljava/security/SecureRandom;", TRAPS, "secureRandomGetInstanceStrong");
        statik("java/util/concurrent/ThreadLocalRandom", "current", "()Ljava/util/concurrent/ThreadLocalRandom;", TRAPS, "threadLocalRandomCurrent");
        statik("java/lang/Math", "random", "()D", TRAPS, "mathRandom");
        statik("java/lang/StrictMath", "random", "()D", TRAPS, "strictMathRandom");
        statik("java/util/Collections", "shuffle", "(Ljava/util/List;)V", TRAPS, "collectionsShuffle");
        statik("java/util/UUID", "randomUUID", "()Ljava/util/UUID;", TRAPS, "uuidRandomUUID");
    }

    private static void statik(String owner, String name, String desc, String trapOwner, String trapName) {
        add(Kind.STATIC, owner, name, desc, new Trap(trapOwner, trapName, desc), 8);
    }

    private static void instance(String owner, String name, String desc, String trapOwner) {
        add(Kind.INSTANCE, owner, name, desc, new Trap(trapOwner, name, receiverFirst(owner, desc)), 8);
    }

    /**
     * A watched class's no-arg constructor, by a static factory ({@code newX}) that returns a
     * real {@code X}. javac always writes {@code new X()} as {@code new X; dup; invokespecial};
     * one written otherwise is left alone.
     */
    private static void noArgNew(String owner, String factoryOwner) {
        add(Kind.NO_ARG_NEW, owner, "<init>", "()V", new Trap(factoryOwner, "new" + simpleName(owner), "()L" + owner + ";"), 8);
    }

    /** A watched class's constructors with arguments, by the trap subclass {@code dev/dst/leak/TrapX}. */
    private static void subclass(String owner, String... inits) {
        for (String init : inits) {
            add(Kind.NEW, owner, "<init>", init, new Trap("dev/dst/leak/Trap" + simpleName(owner), "<init>", init), 8);
        }
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    private static void add(Kind kind, String owner, String name, String desc, Trap trap, int since) {
        Entry e = new Entry(kind, owner, name, desc, trap, since);
        ALL.add(e);
        OWNERS.add(owner);
        String key = owner + '.' + name + desc;
        Object previous = switch (kind) {
            case STATIC, INSTANCE -> CALLS.put(key, e);
            case NO_ARG_NEW -> FACTORIES.put(owner, trap);
            case NEW -> {
                SUBCLASSED.add(owner);
                yield CONSTRUCTORS.put(key, trap);
            }
        };
        assert previous == null : "watched twice: " + key;
    }

    private static String receiverFirst(String owner, String desc) {
        return "(L" + owner + ";" + desc.substring(1);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private Watches() {}

    /** Every entry, for tests that hold the table against the JDK and the traps. */
    static List<Entry> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** Whether a member reference to {@code owner} might be watched (a cheap first filter). */
    static boolean mayWatch(String owner, String name) {
        return OWNERS.contains(owner) || name.equals("start") || name.equals("parallelStream") && owner.startsWith("java/util/");
    }

    /** The trap for {@code invokestatic owner.name desc}, or null. */
    static Trap forStatic(String owner, String name, String desc) {
        Entry e = CALLS.get(owner + '.' + name + desc);
        return e != null && e.kind() == Kind.STATIC ? e.trap() : null;
    }

    /**
     * The trap for {@code invokevirtual} or {@code invokeinterface owner.name desc}, or null.
     * {@code isThread} answers whether an owner is {@code java/lang/Thread} or a subclass (asked
     * only for a {@code start()V} that the table does not list).
     */
    static Trap forInstance(String owner, String name, String desc, Predicate<String> isThread) {
        Entry e = CALLS.get(owner + '.' + name + desc);
        if (e != null) {
            return e.kind() == Kind.INSTANCE ? e.trap() : null;
        }
        if (name.equals("parallelStream") && desc.equals("()Ljava/util/stream/Stream;") && owner.startsWith("java/util/")) {
            return PARALLEL_STREAM;
        }
        if (name.equals("start") && desc.equals("()V") && !owner.startsWith("[") && isThread.test(owner)) {
            return THREAD_START;
        }
        return null;
    }

    /** The factory for {@code new owner()} with no arguments, or null. */
    static Trap factory(String owner) {
        return FACTORIES.get(owner);
    }

    /** Whether {@code new owner} may be paired with a trap subclass's constructor. */
    static boolean hasSubclass(String owner) {
        return SUBCLASSED.contains(owner);
    }

    /** The trap subclass's constructor for {@code owner.<init>desc}, or null. */
    static Trap constructor(String owner, String desc) {
        return CONSTRUCTORS.get(owner + ".<init>" + desc);
    }
}
