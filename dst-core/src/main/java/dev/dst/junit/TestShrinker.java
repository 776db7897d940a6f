package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.shrink.Reducer;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.shrink.SimulationTrial;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * Shrinks the failing seed of a {@link SimulationTest}: calls the test method again, on the
 * same test instance, with a fresh simulation per candidate, and writes the smallest failing
 * run as a reproduction file under {@code target/dst/repro/}. Reducers come from
 * {@link ServiceLoader} (dst-net registers the nemesis plan's).
 *
 * <p>On by default with a small budget, except while a single seed is replayed
 * ({@code -Ddst.seed}); {@code -Ddst.shrink=false} turns it off, {@code -Ddst.shrink=true} on,
 * {@code -Ddst.shrink.attempts=N} (default 200) and {@code -Ddst.shrink.seconds=S} (default 60)
 * size it.
 */
final class TestShrinker {
    static final String ENABLED = "dst.shrink";
    static final String ATTEMPTS = "dst.shrink.attempts";
    static final String SECONDS = "dst.shrink.seconds";

    private TestShrinker() {}

    /** On unless {@code dst.shrink=false}; off while replaying one seed ({@code -Ddst.seed}) unless {@code dst.shrink=true}. */
    static boolean enabled() {
        String p = System.getProperty(ENABLED);
        if (p != null) {
            return !"false".equalsIgnoreCase(p);
        }
        return System.getProperty("dst.seed") == null || System.getProperty("dst.seed").isBlank();
    }

    /** Why the method cannot be called again by the shrinker, or null when it can. */
    static String unsupported(Method method) {
        for (Class<?> t : method.getParameterTypes()) {
            if (!SimulationParameters.supported(t)) {
                return "its parameter of type " + t.getSimpleName() + " is not a Simulation or the long seed";
            }
        }
        return null;
    }

    /**
     * Shrinks and returns the report to show (several lines), or a one-line note when it could
     * not. Never throws: shrinking is a help on top of a failure already reported.
     */
    static String shrink(Object instance, Method method, long seed, UnaryOperator<Simulation.Builder> configure, Path dir) {
        String why = unsupported(method);
        if (why != null) {
            return "dst: not shrinking " + method.getName() + ": " + why;
        }
        try {
            method.setAccessible(true);
            SimulationTrial.Body body = sim -> invoke(instance, method, sim);
            Shrinker shrinker = Shrinker.builder()
                    .reducers(reducers())
                    .maxAttempts(Integer.getInteger(ATTEMPTS, 200))
                    .maxMillis(Long.getLong(SECONDS, 60) * 1000)
                    .build();
            Shrinker.Result r = shrinker.shrink(seed, Map.of(), new SimulationTrial(configure, body, 60_000));
            if (!r.failed()) {
                return "dst: not shrinking seed " + Seeds.format(seed) + ": run again, it passed (does the test depend on something"
                        + " outside the simulation, or on state left by an earlier run?)";
            }
            return report(r, method, seed, dir);
        } catch (RuntimeException | Error e) {
            return "dst: shrinking seed " + Seeds.format(seed) + " stopped: " + e;
        }
    }

    private static void invoke(Object instance, Method method, Simulation sim) throws Throwable {
        try {
            method.invoke(instance, SimulationParameters.arguments(method, sim));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static List<Reducer> reducers() {
        List<Reducer> list = new ArrayList<>();
        ServiceLoader.load(Reducer.class, TestShrinker.class.getClassLoader()).forEach(list::add);
        list.sort((a, b) -> a.key().compareTo(b.key())); // a stable order whatever the class path order
        return list;
    }

    private static String report(Shrinker.Result r, Method method, long seed, Path dir) {
        String className = method.getDeclaringClass().getName();
        String simpleName = method.getDeclaringClass().getSimpleName();
        Violation v = r.shrunkOutcome().violation();
        StringBuilder sizes = new StringBuilder();
        r.before().attachmentSizes().forEach((k, before) -> sizes.append(k).append(' ').append(before).append(" -> ")
                .append(r.after().attachmentSizes().getOrDefault(k, 0L)).append(", "));
        sizes.append("tape draws ").append(r.before().tapeDraws()).append(" -> ").append(r.after().tapeDraws());
        Path file = dir.resolve("repro").resolve((simpleName + "." + method.getName()).replaceAll("[^A-Za-z0-9._-]", "_")
                + "-" + Seeds.format(seed) + ".repro");
        Reproduction rep = new Reproduction(Reproduction.currentDstVersion(), Reproduction.TEST, className + "#" + method.getName(),
                seed, Map.of(), v.kind(), v.name(), v.headline(), r.shrunkOutcome().traceHash(), r.shrunk().attachments(),
                r.shrunk().tape(), List.of("shrunk by @SimulationTest in " + r.attempts() + " runs: " + sizes,
                        "original: " + r.originalOutcome().violation().headline()));
        rep.write(file);
        StringBuilder sb = new StringBuilder();
        sb.append("dst: shrunk seed ").append(Seeds.format(seed)).append(" of ").append(simpleName).append('#').append(method.getName())
                .append(" in ").append(r.attempts()).append(" runs (").append(r.wallMillis()).append(" ms, ").append(r.stopReason())
                .append("): ").append(sizes).append('\n');
        sb.append("  was: ").append(r.originalOutcome().violation().headline()).append('\n');
        sb.append("  now: ").append(v.headline()).append('\n');
        r.shrunk().attachments().forEach((k, text) -> sb.append("  ").append(k).append(":\n").append(text.strip().indent(4)));
        sb.append("  reproduction: ").append(file.toAbsolutePath().normalize()).append('\n');
        sb.append("  keep it as a regression test: copy it to src/test/resources/repro/ and add\n")
                .append("    @Replay(\"repro/").append(file.getFileName()).append("\")\n")
                .append("    void ").append(method.getName()).append("StaysFixed(Simulation sim) { ...the same body... }\n");
        return sb.toString();
    }
}
