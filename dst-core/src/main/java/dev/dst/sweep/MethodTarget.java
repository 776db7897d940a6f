package dev.dst.sweep;

import dev.dst.shrink.Reproduction;
import dev.dst.sim.Simulation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A simulation test method as a {@link Target}: each run calls the method with a fresh
 * {@link Simulation} (and the {@code long} seed, where it takes one) on an instance of its
 * class. JUnit's {@code @SimulationTest} hands it JUnit's own instance and the other arguments
 * JUnit resolved; the {@code dst} command makes an instance with the class's no-argument
 * constructor.
 */
public final class MethodTarget implements Target {
    private final Method method;
    private final Supplier<Object> instance;
    private final Object[] arguments;
    private final Map<String, String> options;
    private final LongFunction<String> replayLine;
    private final UnaryOperator<Simulation.Builder> settings;

    /**
     * @param method the test method; its parameters of type {@link Simulation} and {@code long}
     *     get the run's simulation and seed
     * @param instance the object to call it on (called once per run)
     * @param arguments the method's other arguments, by position (entries for the simulation and
     *     the seed are ignored); {@code null}: it takes nothing else
     * @param options what a result file and a reproduction record (system properties the test reads)
     * @param replayLine the command that reruns a seed
     * @param settings every run's simulation settings (the annotation's invariant cadence, step budget)
     */
    public MethodTarget(Method method, Supplier<Object> instance, Object[] arguments, Map<String, String> options,
                        LongFunction<String> replayLine, UnaryOperator<Simulation.Builder> settings) {
        String why = unsupported(method, arguments != null);
        if (why != null) {
            throw new IllegalArgumentException(name(method) + " cannot run as a simulation: " + why);
        }
        this.method = method;
        this.instance = instance;
        this.arguments = arguments == null ? new Object[method.getParameterCount()] : arguments.clone();
        this.options = new TreeMap<>(options);
        this.replayLine = replayLine;
        this.settings = settings;
        method.setAccessible(true);
    }

    /** {@code com.acme.PbTest#failover}. */
    public static String name(Method m) {
        return m.getDeclaringClass().getName() + "#" + m.getName();
    }

    /**
     * Why {@code m} cannot be run by dst, or null: it must be an instance method, and without
     * {@code otherArguments} take only a {@link Simulation} and the {@code long} seed.
     */
    public static String unsupported(Method m, boolean otherArguments) {
        if (Modifier.isStatic(m.getModifiers())) {
            return "it is static";
        }
        if (!otherArguments) {
            for (Class<?> t : m.getParameterTypes()) {
                if (!takes(t)) {
                    return "its parameter of type " + t.getSimpleName() + " is not a Simulation or the long seed";
                }
            }
        }
        return null;
    }

    /** Whether dst supplies a parameter of this type: the simulation, or the seed. */
    public static boolean takes(Class<?> type) {
        return type == Simulation.class || type == long.class;
    }

    public Method method() {
        return method;
    }

    @Override
    public String name() {
        return name(method);
    }

    @Override
    public String kind() {
        return Reproduction.TEST;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public String replayLine(long seed) {
        return replayLine.apply(seed);
    }

    @Override
    public Simulation.Builder configure(Simulation.Builder builder) {
        return settings.apply(builder);
    }

    @Override
    public void run(Simulation sim) throws Throwable {
        Object[] args = Arrays.copyOf(arguments, arguments.length);
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Simulation.class) {
                args[i] = sim;
            } else if (types[i] == long.class) {
                args[i] = sim.seed();
            }
        }
        try {
            method.invoke(instance.get(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
