package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.shrink.Reducer;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.Violation;
import dev.dst.sweep.Artifacts;
import dev.dst.sweep.MethodTarget;
import dev.dst.sweep.Runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Shrinks the failing seed of a {@link SimulationTest}: calls the test method again, on the
 * same test instance, with a fresh simulation per candidate, and writes the smallest failing
 * run under {@code target/dst/repro/}: the reproduction file, and the shrunk run's Lamport
 * diagram, trace and transcript beside it. Reducers come from
 * {@link Shrinker#reducersOn} (dst-net registers the nemesis plan's).
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
    private static final long TRIAL_MILLIS = 60_000;

    private TestShrinker() {}

    /** On unless {@code dst.shrink=false}; off while replaying one seed ({@code -Ddst.seed}) unless {@code dst.shrink=true}. */
    static boolean enabled() {
        String p = System.getProperty(ENABLED);
        if (p != null) {
            return !"false".equalsIgnoreCase(p);
        }
        return TestSettings.property(TestSettings.SEED) == null;
    }

    /**
     * Shrinks and returns the report to show (several lines), or a one-line note when it could
     * not. Never throws: shrinking is a help on top of a failure already reported.
     */
    static String shrink(MethodTarget target, long seed, Path dir, String replayPrefix) {
        try {
            Shrinker shrinker = Shrinker.builder()
                    .reducers(reducers())
                    .maxAttempts(Integer.getInteger(ATTEMPTS, 200))
                    .maxMillis(Long.getLong(SECONDS, 60) * 1000)
                    .build();
            Shrinker.Result r = shrinker.shrink(seed, Map.of(), Runner.trial(target, TRIAL_MILLIS));
            if (!r.failed()) {
                return "dst: not shrinking seed " + Seeds.format(seed) + ": run again, it passed (does the test depend on something"
                        + " outside the simulation, or on state left by an earlier run?)";
            }
            if (!r.reproducible()) {
                return "dst: no reproduction of seed " + Seeds.format(seed) + " written: " + r.nondeterminism();
            }
            return report(target, r, seed, dir, replayPrefix);
        } catch (RuntimeException | Error e) {
            return "dst: shrinking seed " + Seeds.format(seed) + " stopped: " + e;
        }
    }

    static List<Reducer> reducers() {
        return Shrinker.reducersOn(TestShrinker.class.getClassLoader());
    }

    /** {@code before -> after} per attachment, then the tape's draws. */
    static String sizes(Shrinker.Result r) {
        StringBuilder sizes = new StringBuilder();
        r.before().attachmentSizes().forEach((k, before) -> sizes.append(k).append(' ').append(before).append(" -> ")
                .append(r.after().attachmentSizes().getOrDefault(k, 0L)).append(", "));
        sizes.append("tape draws ").append(r.before().tapeDraws()).append(" -> ").append(r.after().tapeDraws());
        return sizes.toString();
    }

    private static String report(MethodTarget target, Shrinker.Result r, long seed, Path dir, String replayPrefix) {
        String simpleName = target.method().getDeclaringClass().getSimpleName();
        String methodName = target.method().getName();
        String sizes = sizes(r);
        Reproduction rep = Artifacts.reproduction(target, r, List.of("shrunk by @SimulationTest in " + r.attempts() + " runs: " + sizes,
                "original: " + r.originalOutcome().violation().headline()));
        Path folder = dir.resolve("repro").toAbsolutePath().normalize();
        String base = Artifacts.baseName(target, seed);
        String replayCommand = replayPrefix.substring(0, replayPrefix.length() - ("-D" + TestSettings.SEED + "=").length())
                + "-D" + TestSettings.REPRO + "=" + folder.resolve(base + ".repro");
        Artifacts.Written files = Artifacts.write(target, rep, folder, base, replayCommand, TRIAL_MILLIS);
        Violation v = r.shrunkOutcome().violation();
        StringBuilder sb = new StringBuilder();
        sb.append("dst: shrunk seed ").append(Seeds.format(seed)).append(" of ").append(simpleName).append('#').append(methodName)
                .append(" in ").append(r.attempts()).append(" runs (").append(r.wallMillis()).append(" ms, ").append(r.stopReason())
                .append("): ").append(sizes).append('\n');
        sb.append("  was: ").append(r.originalOutcome().violation().headline()).append('\n');
        sb.append("  now: ").append(v.headline()).append('\n');
        rep.attachments().forEach((k, text) -> sb.append("  ").append(k).append(":\n").append(text.strip().indent(4)));
        sb.append(files.describe());
        sb.append("  replay it: ").append(replayCommand).append('\n');
        sb.append("  keep it as a regression test: copy it to src/test/resources/repro/ and add\n")
                .append("    @Replay(\"repro/").append(files.repro().getFileName()).append("\")\n")
                .append("    void ").append(methodName).append("StaysFixed(Simulation sim) { ...the same body... }\n");
        return sb.toString();
    }
}
