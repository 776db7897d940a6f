package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import dev.dst.sweep.MethodTarget;
import dev.dst.sweep.RunOutcome;
import dev.dst.sweep.Runner;
import dev.dst.sweep.SeedResult;
import dev.dst.sweep.Sweep;
import dev.dst.sweep.SweepSummary;
import dev.dst.trace.Durations;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One {@link SimulationTest} method in one test run: its settings, and the JUnit tests it
 * shows. The sweep test runs every seed through the sweep engine on JUnit's instance of the
 * test class; after it, one test per failing seed runs that seed again on its own (with JUnit's
 * lifecycle around it) and fails with the seed's message, the first of them shrunk.
 */
final class MethodRun {
    private final Method method;
    private final SimulationTest annotation;
    private final TestSettings settings;
    private final FailingSeeds store;
    private final Path dir;
    private final String replayPrefix;
    private final Map<String, String> options;
    /** Failing seeds the sweep test's own message lists, beyond those with tests of their own: the report stays small. */
    static final int LISTED = 20;
    private final CountDownLatch sweepDone = new CountDownLatch(1);
    private final AtomicBoolean shrunk = new AtomicBoolean();
    private volatile Sweep.Result result;

    MethodRun(Method method, SimulationTest annotation, TestSettings settings, FailingSeeds store, Path dir, String replayPrefix) {
        this.method = method;
        this.annotation = annotation;
        this.settings = settings;
        this.store = store;
        this.dir = dir;
        this.replayPrefix = replayPrefix;
        this.options = recordedProperties(annotation.replayProperties());
    }

    /** The named properties that are set, as {@code -Dname -> value}: what result files and reproductions record. */
    static Map<String, String> recordedProperties(String[] names) {
        Map<String, String> m = new TreeMap<>();
        for (String p : names) {
            String v = System.getProperty(p);
            if (v != null) {
                m.put("-D" + p, v);
            }
        }
        return m;
    }

    UnaryOperator<Simulation.Builder> simulationSettings() {
        return b -> b.invariantEvery(annotation.invariantEvery()).maxSteps(annotation.maxSteps());
    }

    MethodTarget target(Object instance, Object[] args) {
        return new MethodTarget(method, () -> instance, args, options, seed -> replayPrefix + Seeds.format(seed), simulationSettings());
    }

    // ---------------------------------------------------------------- the tests JUnit shows

    TestTemplateInvocationContext sweepInvocation() {
        return new JUnitTest(settings.describe(), this::runSweep, true);
    }

    /** The tests of the failing seeds, once the sweep has run (it has, when JUnit runs tests one after another). */
    Stream<TestTemplateInvocationContext> failingSeedInvocations() {
        awaitSweep();
        Sweep.Result r = result;
        if (r == null) {
            return Stream.empty(); // the sweep did not run (disabled, aborted, failed before it began)
        }
        List<TestTemplateInvocationContext> tests = new ArrayList<>();
        for (SeedResult f : rerunnable(r.summary())) {
            tests.add(seedInvocation(f.seed(), label(f), tests.isEmpty() && TestShrinker.enabled(), true));
        }
        return tests.stream();
    }

    TestTemplateInvocationContext seedInvocation(long seed, String label, boolean shrink, boolean failedInSweep) {
        return new JUnitTest(label, (instance, args) -> runSeed(instance, args, seed, shrink, failedInSweep), false);
    }

    private String label(SeedResult f) {
        return "seed " + Seeds.format(f.seed()) + (f.index() < 0 ? " (failed before)" : " [" + (f.index() + 1) + "/" + settings.count() + "]");
    }

    /** Failing seeds a test of their own can show: ordinary failures, not hangs or nondeterminism (the sweep test reports those). */
    private List<SeedResult> rerunnable(SweepSummary s) {
        List<SeedResult> out = new ArrayList<>();
        for (SeedResult f : s.failures()) {
            if (out.size() == settings.failuresShown()) {
                break;
            }
            if (SeedResult.FAIL.equals(f.result()) && !"hung".equals(f.violationKind()) && !"nondeterminism".equals(f.violationKind())) {
                out.add(f);
            }
        }
        return out;
    }

    private void awaitSweep() {
        try {
            if (Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread) {
                ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() { // JUnit's parallel mode: let the pool run the sweep meanwhile
                    @Override
                    public boolean block() throws InterruptedException {
                        sweepDone.await();
                        return true;
                    }

                    @Override
                    public boolean isReleasable() {
                        return sweepDone.getCount() == 0;
                    }
                });
            } else {
                sweepDone.await(1, TimeUnit.MILLISECONDS); // run one after another, the sweep test has ended
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- running

    private void runSweep(Object instance, Object[] args) {
        MethodTarget target = target(instance, args);
        Sweep.Result r;
        try {
            r = Sweep.of(target, settings.seeds())
                    .first(settings.shard().equals(dev.dst.sweep.Shard.WHOLE) ? store.load() : List.of()) // a shard is an exact part
                    .threads(settings.threads())
                    .wallBudgetMillis(settings.timeoutMillis())
                    .out(settings.out(), true)
                    .keepFailures(0)
                    .run();
        } catch (dev.dst.sim.BadInputException e) {
            throw new IllegalArgumentException(e.getMessage() + (e.getMessage().contains("holds a sweep of") ? " (several simulation"
                    + " tests in one run: give -D" + TestSettings.OUT + " a directory, such as -D" + TestSettings.OUT
                    + "=target/sweeps/, for a file per test method)" : ""), e);
        }
        result = r;
        SweepSummary s = r.summary();
        if (r.badInput() != null) {
            throw new IllegalArgumentException(r.badInput()); // stopped early: the stored seeds did not all run, and stay
        }
        if (settings.shard().equals(dev.dst.sweep.Shard.WHOLE)) {
            store.replace(s.failures().stream().map(SeedResult::seed).toList()); // every stored seed ran: what fails now
        } else {
            s.failures().forEach(f -> store.record(f.seed(), true)); // a shard adds its failures, and keeps the other shards'
        }
        System.out.print("dst: " + s.toText(Math.min(5, settings.failuresShown())));
        List<String> problems = problems(s);
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    /** What makes the sweep test itself fail: seeds that hung or ran differently twice, failures beyond those shown, probes never hit. */
    private List<String> problems(SweepSummary s) {
        List<String> problems = new ArrayList<>();
        List<SeedResult> shown = rerunnable(s);
        int listed = 0;
        for (SeedResult f : s.failures()) {
            if (!shown.contains(f) && ++listed > LISTED) {
                problems.add("... and more failing seeds: the summary above counts them, -Ddst.out's file has each one");
                break;
            }
            if (!shown.contains(f)) {
                boolean explain = "hung".equals(f.violationKind()) || "nondeterminism".equals(f.violationKind());
                problems.add("seed " + Seeds.format(f.seed()) + ": " + f.headline() + "\n  replay: " + f.replay()
                        + (explain && f.detail() != null ? "\n  " + f.detail().replace("\n", "\n  ") : ""));
            }
        }
        if (listed <= LISTED && s.failureCount() > s.failures().size()) {
            problems.add("... and " + (s.failureCount() - s.failures().size()) + " more failing seeds");
        }
        List<String> never = s.probesNeverHit();
        if (settings.requireProbes() && s.seeds() > 1 && !never.isEmpty()) {
            problems.add("'sometimes' probes never hit in " + s.seeds() + " seeds: " + never + ": the sweep never reached them."
                    + " Run more seeds, aim the faults at them, or turn the check off with @SimulationTest(requireProbes = false)"
                    + " or -D" + TestSettings.REQUIRE_PROBES + "=false");
        }
        if (!problems.isEmpty() && s.failureCount() > 0) {
            problems.add(0, s.failureCount() + " of " + s.seeds() + " seeds failed" + (shown.isEmpty() ? "" : "; the first "
                    + shown.size() + " follow as tests of their own") + ":");
        }
        return problems;
    }

    private void runSeed(Object instance, Object[] args, long seed, boolean shrink, boolean failedInSweep) throws Throwable {
        MethodTarget target = target(instance, args);
        RunOutcome o = Runner.run(target, seed, null, settings.timeoutMillis());
        if (o.badInput() != null) {
            throw new IllegalArgumentException(o.badInput(), o.thrown());
        }
        if (o.passed()) {
            store.record(seed, false);
            if (!failedInSweep) {
                System.out.println("dst: " + method.getDeclaringClass().getSimpleName() + "#" + method.getName() + " seed "
                        + Seeds.format(seed) + " passed: " + o.report().steps() + " steps, trace hash " + o.report().traceHashHex());
            }
            if (failedInSweep) {
                throw new AssertionError("seed " + Seeds.format(seed) + " failed in the sweep but passes when run again on its own:"
                        + " the run depends on something besides its seed (state kept in fields or statics between seeds,"
                        + " another thread, the wall clock)\n  replay: " + o.report().replayLine());
            }
            return;
        }
        store.record(seed, true);
        Throwable failure = failureOf(o);
        if (shrink && shrunk.compareAndSet(false, true)) {
            String report = TestShrinker.shrink(target, seed, dir, replayPrefix);
            System.out.println(report);
            failure.addSuppressed(new SimulationExtension.ShrinkReport(report));
        }
        throw failure;
    }

    /** The throwable a failing seed's test ends with: the simulation's failure, or the test's own wrapped with the seed and replay line. */
    static Throwable failureOf(RunOutcome o) {
        if (o.thrown() instanceof SimulationFailure f) {
            return f;
        }
        Violation v = o.violation();
        String seed = Seeds.format(o.seed());
        String replay = o.report().replayLine();
        if (o.thrown() != null && v.kind() == Violation.Kind.END_CHECK) {
            Throwable t = o.thrown();
            return new AssertionError("seed " + seed + ": " + t.getClass().getSimpleName() + " at step " + v.step() + ", t="
                    + Durations.format(v.simTimeNanos()) + ": " + t.getMessage() + "\n  replay: " + replay, t);
        }
        return new AssertionError("seed " + seed + ": " + v.headline() + "\n  replay: " + replay
                + (v.detail() == null ? "" : "\n  " + v.detail().replace("\n", "\n  ")), o.thrown());
    }

    /** {@code -Ddst.repro=F}: the method on the reproduction's seed, tape and plan, its recorded properties set; fails as the run does. */
    TestTemplateInvocationContext reproInvocation(Path file) {
        Reproductions.Loaded loaded = Reproductions.load(file.toString(), method.getDeclaringClass());
        String name = "replay " + file.getFileName() + (loaded.reproduction() == null ? "" : " (seed "
                + Seeds.format(loaded.reproduction().seed()) + ")");
        return new JUnitTest(name, (instance, args) -> {
            dev.dst.shrink.Reproduction rep = loaded.require();
            MethodTarget target = target(instance, args);
            String replay = replayPrefix.substring(0, replayPrefix.length() - ("-D" + TestSettings.SEED + "=").length())
                    + "-D" + TestSettings.REPRO + "=" + file;
            RunOutcome o = Reproductions.replay(target, rep, replay, settings.timeoutMillis());
            if (o.badInput() != null) {
                throw new IllegalArgumentException(Reproductions.badInput(file.toString(), loaded, o), o.thrown());
            }
            System.out.println("dst: " + Reproductions.verdict(rep, o));
            if (!o.passed()) {
                throw failureOf(o);
            }
        }, false);
    }

    // ---------------------------------------------------------------- one JUnit test

    @FunctionalInterface
    interface Body {
        void run(Object instance, Object[] args) throws Throwable;
    }

    /** One test JUnit shows: it resolves the method's parameters, then runs {@code body} instead of calling the method once. */
    private final class JUnitTest implements TestTemplateInvocationContext {
        private final String name;
        private final Body body;
        private final boolean isSweep;

        JUnitTest(String name, Body body, boolean isSweep) {
            this.name = name;
            this.body = body;
            this.isSweep = isSweep;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return name;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            List<Extension> list = new ArrayList<>();
            list.add(new SimulationParameters(() -> 0L, e -> Simulation.create(0))); // replaced per run
            list.add(new InvocationInterceptor() {
                @Override
                public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                                        ExtensionContext context) throws Throwable {
                    invocation.skip();
                    body.run(call.getTarget().orElseThrow(), call.getArguments().toArray());
                }
            });
            if (isSweep) {
                list.add(new TestWatcher() { // in every ending, the failing seeds' tests may be made now
                    @Override
                    public void testSuccessful(ExtensionContext context) {
                        sweepDone.countDown();
                    }

                    @Override
                    public void testFailed(ExtensionContext context, Throwable cause) {
                        sweepDone.countDown();
                    }

                    @Override
                    public void testAborted(ExtensionContext context, Throwable cause) {
                        sweepDone.countDown();
                    }

                    @Override
                    public void testDisabled(ExtensionContext context, Optional<String> reason) {
                        sweepDone.countDown();
                    }
                });
            }
            return list;
        }
    }
}
