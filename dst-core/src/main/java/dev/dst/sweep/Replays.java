package dev.dst.sweep;

import dev.dst.shrink.Reproduction;
import dev.dst.sim.BadInputException;
import dev.dst.trace.TraceSink;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Running a {@link Reproduction} again, from user code as from {@code dst replay} and
 * {@code @Replay}: the file's seed, its tape (fresh draws past its end, so that code that now
 * draws more, because a bug was fixed, runs on as a normal run) and its attachments (the plan),
 * with the system properties it recorded ({@code -Dname} options) set for the run — except
 * those already set: a property given on the command line wins over the file's (see
 * {@link #overridden}), so that {@code -Dbug=none} can replay a planted bug's file without it.
 *
 * <pre>{@code
 * Reproduction rep = Reproduction.read(Path.of("target/dst/repro/PbTest.failover-0x2a.repro"));
 * RunOutcome o = Replays.replay(myTarget, rep, null, "my replay", 60_000);
 * System.out.println(Replays.verdict(rep, o));
 * }</pre>
 */
public final class Replays {
    private Replays() {}

    /** Runs {@code rep} on {@code target} (guarded by {@code wallBudgetMillis}); {@code sink} gets the trace, if given. */
    public static RunOutcome replay(Target target, Reproduction rep, TraceSink sink, String replayLine, long wallBudgetMillis) {
        Map<String, String> saved = setProperties(rep.options());
        try {
            return Runner.run(target, rep.candidate(), Runner.Mode.REPLAY, sink, replayLine, wallBudgetMillis);
        } finally {
            restore(saved);
        }
    }

    /**
     * What a replay's bad input says, placed in the reproduction file: a mistake in an
     * attachment the file holds (a plan edited by hand) is named by the file's line, {@code
     * "F.repro line 17 (line 3 of its nemesis-plan): revert of ..."}; other bad input as it is.
     */
    public static String badInput(String file, String text, RunOutcome o) {
        assert o.badInput() != null;
        for (Throwable t = o.thrown(); t != null; t = t.getCause()) {
            if (t instanceof BadInputException b && b.attachment() != null && b.line() > 0) {
                int begin = text == null ? 0 : Reproduction.attachmentLine(text, b.attachment());
                if (begin > 0) {
                    return file + " line " + (begin + b.line() - 1) + " (line " + b.line() + " of its " + b.attachment() + "): " + b.reason();
                }
            }
        }
        return file + ": " + o.badInput();
    }

    /** Whether the run failed the way the file says (the same kind of violation of the same check). */
    public static boolean sameFailure(Reproduction rep, RunOutcome o) {
        return rep.failure().matches(o.violation());
    }

    /** One line: reproduced (with or without the same trace), not reproduced (passed, or failed otherwise). */
    public static String verdict(Reproduction rep, RunOutcome o) {
        boolean same = sameFailure(rep, o);
        boolean sameHash = o.report().traceHash() == rep.traceHash();
        if (same && sameHash) {
            return "reproduced: the same violation and the same trace hash";
        }
        if (same) {
            return "reproduced the violation, but the trace hash differs (" + o.report().traceHashHex() + ", file "
                    + String.format(Locale.ROOT, "%016x", rep.traceHash()) + "): the code changed since the file was written?";
        }
        if (o.violation() == null) {
            return "not reproduced: the run passed (the bug is fixed, or the code draws differently now)";
        }
        return "not reproduced: a different failure (" + o.violation().headline() + "; the file has " + rep.failure() + ")";
    }

    /**
     * The recorded properties that the running JVM sets otherwise (given on the command line),
     * one line each: {@code -Dbug=none (the file recorded ack-early)}. They win over the file's.
     */
    public static java.util.List<String> overridden(Reproduction rep) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        rep.options().forEach((k, v) -> {
            if (k.startsWith("-D") && k.length() > 2) {
                String now = System.getProperty(k.substring(2));
                if (now != null && !now.equals(v)) {
                    lines.add(k + "=" + now + " (the file recorded " + v + ")");
                }
            }
        });
        return lines;
    }

    /** Sets the {@code -Dname} options that are not set already; returns what they were, for {@link #restore}. */
    static Map<String, String> setProperties(Map<String, String> options) {
        Map<String, String> saved = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith("-D") && k.length() > 2 && System.getProperty(k.substring(2)) == null) {
                String name = k.substring(2);
                saved.put(name, null);
                System.setProperty(name, v);
            }
        });
        return saved;
    }

    static void restore(Map<String, String> saved) {
        saved.forEach((name, v) -> {
            if (v == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, v);
            }
        });
    }
}
