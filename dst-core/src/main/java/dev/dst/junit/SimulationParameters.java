package dev.dst.junit;

import dev.dst.sim.Simulation;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.reflect.Method;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What a simulation test method may take, for {@link SimulationTest}, {@link Replay} and the
 * shrinker that calls the method again: the invocation's {@link Simulation} and the
 * {@code long} seed.
 */
final class SimulationParameters implements ParameterResolver {
    private final LongSupplier seed;
    private final Function<ExtensionContext, Simulation> simulation;

    SimulationParameters(LongSupplier seed, Function<ExtensionContext, Simulation> simulation) {
        this.seed = seed;
        this.simulation = simulation;
    }

    static boolean supported(Class<?> type) {
        return type == Simulation.class || type == long.class;
    }

    /** The arguments for {@code method} on {@code sim}; every parameter must be {@link #supported}. */
    static Object[] arguments(Method method, Simulation sim) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == Simulation.class ? sim : (Object) sim.seed();
        }
        return args;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return supported(p.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == long.class ? (Object) seed.getAsLong() : simulation.apply(e);
    }
}
