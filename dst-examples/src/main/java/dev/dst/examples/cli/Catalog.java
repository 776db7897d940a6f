package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.examples.Scenarios;
import dev.dst.junit.SimulationTest;
import dev.dst.nemesis.Nemesis;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.BadInputException;
import dev.dst.sweep.MethodTarget;
import dev.dst.sweep.Target;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a command's TARGET names: a scenario (bundled, or of yours: found by
 * {@link java.util.ServiceLoader} on the class path, or by its class name), or a simulation test
 * method ({@code com.acme.PbTest#failover}), which dst calls with a fresh simulation per seed on
 * an instance made by the class's no-argument constructor.
 */
final class Catalog {
    private final ClassPath classPath;
    private final ClassLoader loader;
    private final Scenarios scenarios;

    private Catalog(ClassPath classPath) {
        this.classPath = classPath;
        this.loader = classPath.loader(Catalog.class.getClassLoader());
        this.scenarios = Scenarios.on(loader);
    }

    static Catalog of(String classPath) {
        return on(ClassPath.parse(classPath));
    }

    static Catalog on(ClassPath classPath) {
        return new Catalog(classPath);
    }

    ClassPath classPath() {
        return classPath;
    }

    List<Scenario> scenarios() {
        return scenarios.all();
    }

    /** A resolved TARGET: what runs, the scenario and its options if it is one, and how a seed is replayed. */
    record Resolved(Target target, Scenario scenario, ScenarioOptions scenarioOptions, String classPath) {
        /** {@code java -jar dst.jar run NAME --seed S ...}. */
        String replayLine(long seed) {
            return target.replayLine(seed);
        }
    }

    /**
     * Resolves {@code name} with the given options; {@code planText}/{@code planFile} only for
     * scenarios. Sets the {@code -D} properties (they are the options of a test method).
     */
    Resolved resolve(String name, TargetOptions o, String planText) {
        o.properties.forEach(System::setProperty);
        Map<String, String> props = new TreeMap<>();
        o.properties.forEach((k, v) -> props.put("-D" + k, v));
        if (name.contains("#")) {
            if (o.bug != null || o.faults != null || o.plan != null || o.strategy != null) {
                throw new IllegalArgumentException("--bug, --faults, --strategy and --plan choose a scenario's variant; the test method " + name
                        + " reads its own settings: pass them as -Dname=value");
            }
            return testMethod(name, props);
        }
        Scenario s = scenarios.find(name);
        if (s == null && name.contains(".")) {
            s = scenarioClass(name);
        }
        if (s == null) {
            scenarios.named(name); // the error that lists the known names
        }
        String faults = o.faults == null ? ScenarioOptions.DEFAULT_FAULTS : checkFaults(o.faults);
        String strategy = o.strategy == null ? ScenarioOptions.DEFAULT_STRATEGY : checkStrategy(o.strategy);
        ScenarioOptions options = new ScenarioOptions(Scenarios.checkBug(s, o.bug), faults, planText,
                o.plan == null ? null : o.plan.toString(), strategy);
        String suffix = (options.bug() == null ? "" : " --bug " + options.bug())
                + (faults.equals(ScenarioOptions.DEFAULT_FAULTS) || options.planFile() != null ? "" : " --faults " + faults)
                + (strategy.equals(ScenarioOptions.DEFAULT_STRATEGY) ? "" : " --strategy " + strategy)
                + (options.planFile() == null ? "" : " --plan " + Shell.quote(options.planFile()))
                + properties(o.properties) + classPath.option();
        String runName = name;
        Target base = Target.scenario(s, options, seed -> Shell.dst() + " run " + runName + " --seed " + Seeds.format(seed) + suffix);
        Target target = props.isEmpty() ? base : Target.withOptions(base, props);
        return new Resolved(target, s, options, classPath.option());
    }

    /** The strategy, checked now so that a bad name is a usage error, not a failed run. */
    static String checkStrategy(String value) {
        String name = value.toLowerCase(Locale.ROOT);
        if (!dev.dst.strategy.Pct.known(name)) {
            throw new IllegalArgumentException("unknown strategy '" + value + "'; strategies: random, pct");
        }
        return name;
    }

    /** The fault package, checked now so that a bad name is a usage error, not a failed run. */
    static String checkFaults(String value) {
        Nemesis.named(value);
        return value.toLowerCase(Locale.ROOT);
    }

    private static String properties(Map<String, String> props) {
        StringBuilder sb = new StringBuilder();
        props.forEach((k, v) -> sb.append(" -D").append(k).append('=').append(Shell.quote(v)));
        return sb.toString();
    }

    /** A user's class by name, which must be a {@code type}, made with its no-argument constructor (a usage error otherwise). */
    <T> T instance(String className, Class<T> type) {
        Class<?> c = load(className);
        if (!type.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " is not a " + type.getName());
        }
        return type.cast(instantiate(c).get());
    }

    private Scenario scenarioClass(String className) {
        Class<?> c = load(className);
        if (!Scenario.class.isAssignableFrom(c)) {
            List<String> tests = simulationTests(c);
            throw new IllegalArgumentException(className + " is not a Scenario" + (tests.isEmpty() ? ""
                    : "; name one of its simulation tests: " + String.join(", ", tests.stream().map(m -> className + "#" + m).toList())));
        }
        return (Scenario) instantiate(c).get();
    }

    private Resolved testMethod(String name, Map<String, String> props) {
        String className = name.substring(0, name.indexOf('#'));
        String methodName = name.substring(name.indexOf('#') + 1);
        Class<?> c = load(className);
        Method m = null;
        for (Method candidate : c.getDeclaredMethods()) {
            if (candidate.getName().equals(methodName) && MethodTarget.unsupported(candidate, false) == null) {
                m = candidate;
            }
        }
        if (m == null) {
            List<String> tests = simulationTests(c);
            throw new IllegalArgumentException("no method " + methodName + "(Simulation) in " + className
                    + (tests.isEmpty() ? "" : "; its simulation tests: " + String.join(", ", tests)));
        }
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            throw new IllegalArgumentException(className + " is an inner class (a @Nested test?): dst can run the methods of a top-level"
                    + " or static nested class only");
        }
        warnAboutLifecycle(c);
        SimulationTest a = m.getAnnotation(SimulationTest.class);
        int every = a == null ? 1 : a.invariantEvery();
        long maxSteps = a == null ? 100_000_000L : a.maxSteps();
        String suffix = properties(unprefixed(props)) + classPath.option();
        MethodTarget target = new MethodTarget(m, instantiate(c), null, props,
                seed -> Shell.dst() + " run " + Shell.quote(name) + " --seed " + Seeds.format(seed) + suffix,
                b -> b.invariantEvery(every).maxSteps(maxSteps));
        return new Resolved(target, null, null, classPath.option());
    }

    private static Map<String, String> unprefixed(Map<String, String> props) {
        Map<String, String> m = new TreeMap<>();
        props.forEach((k, v) -> m.put(k.substring(2), v));
        return m;
    }

    private static void warnAboutLifecycle(Class<?> c) {
        List<String> found = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            for (Annotation an : m.getAnnotations()) {
                String t = an.annotationType().getName();
                if (t.equals("org.junit.jupiter.api.BeforeEach") || t.equals("org.junit.jupiter.api.AfterEach")
                        || t.equals("org.junit.jupiter.api.BeforeAll") || t.equals("org.junit.jupiter.api.AfterAll")) {
                    found.add("@" + an.annotationType().getSimpleName() + " " + m.getName());
                }
            }
        }
        if (!found.isEmpty()) {
            System.err.println("dst: note: " + c.getName() + " has " + String.join(", ", found)
                    + "; dst runs the test method without JUnit, so they do not run (set up what a run needs inside the method)");
        }
    }

    /** Names of the methods of {@code c} annotated {@code @SimulationTest}. */
    private static List<String> simulationTests(Class<?> c) {
        return Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(SimulationTest.class)).map(Method::getName)
                .sorted().toList();
    }

    private Class<?> load(String className) {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class '" + className + "' on the class path"
                    + (classPath.entries().isEmpty() ? " (give --class-path: your test classes, your classes and their dependencies;"
                    + " docs/cli.md shows how to get it from Maven)" : " (--class-path " + shortened(classPath.text()) + ")"));
        } catch (LinkageError e) {
            throw new IllegalArgumentException("class '" + className + "' cannot be loaded: " + e
                    + " (is a dependency missing from --class-path? docs/cli.md shows how to get the whole test class path)");
        }
    }

    /** A long class path cut for a message: its start and how much was left out. */
    static String shortened(String text) {
        return text.length() <= 160 ? text : text.substring(0, 120) + "... (" + (text.length() - 120) + " more characters)";
    }

    private static Supplier<Object> instantiate(Class<?> c) {
        Constructor<?> ctor;
        try {
            ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException(c.getName() + " needs a constructor without arguments for dst to make one");
        }
        Supplier<Object> make = () -> {
            try {
                return ctor.newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(c.getName() + "'s constructor threw " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new BadInputException("cannot make a " + c.getName() + ": " + e, e);
            }
        };
        try {
            make.get(); // a constructor that cannot run is a usage error now, not a failure of every seed
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("cannot make a " + c.getName() + ": " + (e.getCause() != null ? e.getCause() : e)
                    + " (dst makes one with the no-argument constructor)", e);
        }
        return make;
    }
}
