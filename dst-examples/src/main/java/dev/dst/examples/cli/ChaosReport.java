package dev.dst.examples.cli;

import dev.dst.chaos.ChaosRun;
import dev.dst.chaos.Deployment;
import dev.dst.entropy.Seeds;
import dev.dst.history.Op;
import dev.dst.history.OpType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The report of a chaos run, as Jepsen's: the nodes, the duration, the operations (ok, fail,
 * info), the nemesis events interleaved with the nodes' own on a timeline (with the
 * operations completed between lines), the check table, the verdict and the command to rerun.
 */
final class ChaosReport {
    private final Deployment d;
    private final long seed;
    private final String bug;
    private final String plan;
    private final Duration limit;
    private final ChaosRun.Result r;
    private final List<Deployment.Check> checks;
    private final Path dir;
    private final String rerun;

    ChaosReport(Deployment d, long seed, String bug, String plan, Duration limit, ChaosRun.Result r, List<Deployment.Check> checks,
                Path dir, String rerun) {
        this.d = d;
        this.seed = seed;
        this.bug = bug;
        this.plan = plan;
        this.limit = limit;
        this.r = r;
        this.checks = checks;
        this.dir = dir;
        this.rerun = rerun;
    }

    boolean passed() {
        return checks.stream().noneMatch(Deployment.Check::failed);
    }

    /** The history (dst JSONL and Jepsen EDN), the timeline and the report, in the run's directory. */
    void writeFiles() throws IOException {
        Files.writeString(dir.resolve("history.jsonl"), r.history().toJsonl(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("history.edn"), r.history().toEdn(), StandardCharsets.UTF_8);
        StringBuilder t = new StringBuilder();
        for (ChaosRun.Line l : r.timeline()) {
            t.append(String.format("%10.3fs  %-8s %s%n", l.atNanos() / 1e9, l.who(), l.text()));
        }
        Files.writeString(dir.resolve("timeline.txt"), t.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.txt"), text(), StandardCharsets.UTF_8);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        long[] all = counts(Long.MIN_VALUE, Long.MAX_VALUE);
        long invoked = all[0] + all[1] + all[2] + all[3];
        double seconds = r.endNanos() / 1e9;
        sb.append("scenario    ").append(d.name()).append(bug == null ? "" : " (bug: " + bug + ")").append(", on real processes\n");
        sb.append("seed        ").append(Seeds.format(seed)).append('\n');
        sb.append("nodes       ").append(String.join(", ", d.servers())).append(": ").append(d.servers().size())
                .append(" processes on loopback, ").append(r.processesStarted()).append(" started in all (restarts included)")
                .append(readiness()).append("; clients ").append(String.join(", ", d.clients())).append('\n');
        sb.append("plan        ").append(plan).append('\n');
        if (r.aimed() != null) {
            sb.append("aimed       ").append(r.aimed()).append(": ").append(r.aimedApplied()).append(" applied\n");
        }
        sb.append(String.format("duration    %.3f s: fault phase %d s, heal at %.3f s, %s, end at %.3f s%n", seconds, limit.toSeconds(),
                r.healNanos() / 1e9, r.progressNanos() >= 0 ? String.format("progress at %.3f s", r.progressNanos() / 1e9) : "no progress",
                seconds));
        sb.append(String.format("operations  %d invoked (%.1f/s): %d ok, %d fail, %d info%s%n", invoked, invoked / Math.max(seconds, 1e-9),
                all[1], all[2], all[3], all[0] > 0 ? ", " + all[0] + " open" : ""));
        sb.append("faults      ").append(faults()).append('\n');
        sb.append("proxy       ").append(r.proxy()).append('\n');
        sb.append("\ntimeline (ok/fail/info: operations completed since the line before)\n");
        long previous = Long.MIN_VALUE;
        for (ChaosRun.Line l : r.timeline()) {
            long[] c = counts(previous, l.atNanos());
            previous = l.atNanos();
            sb.append(String.format("%10.3fs  %-8s %-70s %5d %5d %5d%n", l.atNanos() / 1e9, l.who(), l.text(), c[1], c[2], c[3]));
        }
        long[] tail = counts(previous, Long.MAX_VALUE);
        sb.append(String.format("%10.3fs  %-8s %-70s %5d %5d %5d%n", r.endNanos() / 1e9, "run", "end: the clients stopped", tail[1], tail[2],
                tail[3]));
        sb.append("\nresult      ").append(passed() ? "PASS" : "FAIL").append('\n');
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
        sb.append(String.format("  %-" + width + "s  %-8s %s%n", "check", "status", "detail"));
        for (Deployment.Check c : checks) {
            String first = c.detail().lines().findFirst().orElse("");
            sb.append(String.format("  %-" + width + "s  %-8s %s%n", c.name(), c.status().name().toLowerCase(java.util.Locale.ROOT), first));
        }
        for (Deployment.Check c : checks) {
            if (c.failed() && c.detail().lines().count() > 1) {
                sb.append('\n').append(c.name()).append(":\n").append(c.detail().strip().indent(2));
            }
        }
        sb.append("\nfiles       ").append(dir).append(": history.jsonl, history.edn, plan.txt, timeline.txt, report.txt, ")
                .append(String.join(", ", d.servers())).append(" (storage), ").append(d.servers().get(0)).append(".log ...\n");
        sb.append("rerun       ").append(rerun).append('\n');
        sb.append("            (not deterministic: the seed gives the same plan, operations and node randomness, not the same timing)\n");
        return sb.toString();
    }

    /** {@code , start to ready: median 0.9 s, max 2.1 s}. */
    private String readiness() {
        List<Long> ready = r.readyNanos();
        if (ready.isEmpty()) {
            return "";
        }
        return String.format(", start to ready: median %.2f s, max %.2f s", ready.get(ready.size() / 2) / 1e9, ready.get(ready.size() - 1) / 1e9);
    }

    private String faults() {
        if (r.faultsApplied().isEmpty()) {
            return "none applied" + (r.stepsSkipped() > 0 ? " (" + r.stepsSkipped() + " steps at or after the time limit skipped)" : "");
        }
        StringBuilder sb = new StringBuilder();
        int total = 0;
        for (Map.Entry<String, Integer> e : r.faultsApplied().entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue());
            total += e.getValue();
        }
        return total + " applied" + (r.aimedApplied() > 0 ? " (" + r.aimedApplied() + " aimed)" : "") + ": " + sb + (r.stepsSkipped() > 0 ? "; " + r.stepsSkipped() + " steps at or after the time limit skipped" : "");
    }

    /** {open, ok, fail, info}: completions in (from, to], and for the whole run invocations never completed. */
    private long[] counts(long fromNanos, long toNanos) {
        long[] c = new long[4];
        long invokes = 0;
        for (Op op : r.history().ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                invokes++;
                continue;
            }
            if (op.timeNanos() <= fromNanos || op.timeNanos() > toNanos) {
                continue;
            }
            c[op.type() == OpType.OK ? 1 : op.type() == OpType.FAIL ? 2 : 3]++;
        }
        if (fromNanos == Long.MIN_VALUE && toNanos == Long.MAX_VALUE) {
            c[0] = invokes - c[1] - c[2] - c[3];
        }
        return c;
    }
}
