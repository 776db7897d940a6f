package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.sweep.Artifacts;
import dev.dst.sweep.Runner;
import dev.dst.sweep.SeedResult;
import dev.dst.sweep.SweepSummary;
import dev.dst.sweep.Target;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Shrinking failing seeds into reproductions and their files, for {@code dst sweep} and {@code dst shrink}. */
final class Failures {
    private Failures() {}

    /** A shrunk failure: its files, the command that replays it, and what to print. */
    record Shrunk(long seed, Shrinker.Result result, Artifacts.Written files, String replay, String text) {}

    /** Shrinks {@code target}'s run of {@code seed} (its given attachments, a plan, if any) within the budgets. */
    static Shrinker.Result shrink(Target target, long seed, Map<String, String> given, int attempts, long seconds, long trialMillis,
                                  Consumer<String> progress) {
        return shrinker(target, attempts, seconds, progress).shrink(seed, given, Runner.trial(target, trialMillis));
    }

    /** Shrinks {@code original} (a seed and the tape of a run that failed) within the budgets. */
    static Shrinker.Result shrink(Target target, Shrinker.Candidate original, int attempts, long seconds, long trialMillis,
                                  Consumer<String> progress) {
        return shrinker(target, attempts, seconds, progress).shrink(original, Runner.trial(target, trialMillis));
    }

    private static Shrinker shrinker(Target target, int attempts, long seconds, Consumer<String> progress) {
        return Shrinker.builder()
                .reducers(Shrinker.reducersOn(target.getClass().getClassLoader()))
                .maxAttempts(attempts)
                .maxMillis(seconds * 1000)
                .progress(progress)
                .build();
    }

    /** Where a search's first failure goes: {@code out}, or {@code dst-artifacts/NAME-SUFFIX.repro}; refused unless it ends with {@code .repro}. */
    static Path reproFile(Path out, String name, String suffix) {
        Path file = out != null ? out : Path.of("dst-artifacts", name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + suffix + ".repro");
        if (!file.getFileName().toString().endsWith(".repro")) {
            throw new IllegalArgumentException("--out '" + file + "' should end with .repro");
        }
        return file;
    }

    /**
     * Shrinks (unless {@code noShrink}) the failure a search found and writes its reproduction as
     * {@code file}, saying {@code how} it was found; null, after printing why, when its tape does
     * not fail again.
     */
    static Shrunk shrinkAndWrite(Catalog.Resolved r, String name, Shrinker.Candidate found, Path file, boolean noShrink,
                                 int attempts, long runMillis, boolean json, String how) {
        Shrinker.Result result = shrink(r.target(), found, noShrink ? 1 : attempts, 300, runMillis, line -> {
            if (!json && !noShrink) {
                System.out.println("  " + line);
            }
        });
        if (!result.failed() || !result.reproducible()) {
            String why = "the failing run does not fail again from its tape" + (result.nondeterminism() == null ? "" : ": " + result.nondeterminism());
            System.out.println(json ? Json.line(dev.dst.sweep.RunOutcome.ordered("target", name, "result", "nondeterministic", "reason", why)) : why);
            return null;
        }
        Path dir = file.toAbsolutePath().getParent();
        String base = file.getFileName().toString().substring(0, file.getFileName().toString().length() - ".repro".length());
        return write(r, result, dir, base, how + (noShrink ? "" : ", shrunk"), runMillis);
    }

    /** Writes {@code r}'s reproduction to {@code dir/base.repro} with the shrunk run's diagram, trace and transcript beside it. */
    static Shrunk write(Catalog.Resolved resolved, Shrinker.Result r, Path dir, String base, String how, long trialMillis) {
        long seed = r.original().seed();
        Reproduction rep = Artifacts.reproduction(resolved.target(), r, List.of(how + " in " + r.attempts() + " runs: " + sizes(r),
                "original: " + r.originalOutcome().violation().headline()));
        Path repro = dir.resolve(base + ".repro");
        String replay = Shell.dst() + " replay " + Shell.quote(repro.toString()) + resolved.classPath();
        Artifacts.Written files = Artifacts.write(resolved.target(), rep, dir, base, replay, trialMillis);
        StringBuilder sb = new StringBuilder();
        sb.append("shrunk ").append(Seeds.format(seed)).append(" in ").append(r.attempts()).append(" runs (").append(r.accepted())
                .append(" kept), ").append(r.wallMillis()).append(" ms: ").append(r.stopReason()).append('\n');
        sb.append("  ").append(sizes(r)).append('\n');
        sb.append("  was          ").append(r.originalOutcome().violation().headline()).append('\n');
        sb.append("  now          ").append(r.shrunkOutcome().violation().headline()).append('\n');
        String plan = rep.attachments().get(dev.dst.cluster.Cluster.PLAN_ATTACHMENT);
        if (plan != null) {
            sb.append("plan:\n").append(plan.indent(2));
        }
        sb.append(files.describe());
        sb.append("replay: ").append(replay).append('\n');
        return new Shrunk(seed, r, files, replay, sb.toString());
    }

    /** {@code fault events 12 -> 2, tape draws 900 -> 120, steps 3000 -> 800}. */
    static String sizes(Shrinker.Result r) {
        StringBuilder sb = new StringBuilder();
        r.before().attachmentSizes().forEach((k, before) -> sb.append(k.equals(dev.dst.cluster.Cluster.PLAN_ATTACHMENT) ? "fault events" : k)
                .append(' ').append(before).append(" -> ").append(r.after().attachmentSizes().getOrDefault(k, 0L)).append(", "));
        sb.append("tape draws ").append(r.before().tapeDraws()).append(" -> ").append(r.after().tapeDraws());
        sb.append(", steps ").append(r.originalOutcome().steps()).append(" -> ").append(r.shrunkOutcome().steps());
        return sb.toString();
    }

    /** After a sweep: shrinks its first {@code n} ordinary failures (not hangs, not nondeterminism) in seed order. */
    static List<Shrunk> shrinkFirst(Catalog.Resolved resolved, SweepSummary s, int n, Path dir, long trialMillis, boolean talk) {
        List<Shrunk> out = new ArrayList<>();
        for (SeedResult f : s.failures()) {
            if (out.size() >= n) {
                break;
            }
            if (!SeedResult.FAIL.equals(f.result()) || "hung".equals(f.violationKind()) || "nondeterminism".equals(f.violationKind())) {
                continue;
            }
            if (talk) {
                System.out.println("shrinking " + Seeds.format(f.seed()) + " (" + f.headline() + ") ...");
            }
            Shrinker.Result r = shrink(resolved.target(), f.seed(), Map.of(), 200, 120, trialMillis, line -> { });
            if (!r.failed() || !r.reproducible()) {
                if (talk) {
                    System.out.println("  not shrunk: " + (r.failed() ? r.nondeterminism() : "it passed when run again"));
                }
                continue;
            }
            out.add(write(resolved, r, dir, Artifacts.baseName(resolved.target(), f.seed()), "shrunk by `dst sweep`", trialMillis));
        }
        return out;
    }
}
