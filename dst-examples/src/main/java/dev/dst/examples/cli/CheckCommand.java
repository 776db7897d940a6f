package dev.dst.examples.cli;

import dev.dst.history.Edn;
import dev.dst.history.Format;
import dev.dst.history.History;
import dev.dst.history.HistoryFormatException;
import dev.dst.linearizability.HtmlReport;
import dev.dst.linearizability.Linearizability;
import dev.dst.linearizability.LinearizabilityResult;
import dev.dst.linearizability.Model;
import dev.dst.linearizability.Models;
import dev.dst.linearizability.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dst check}: checks history files (Jepsen EDN, EDN lines, Jepsen text logs, dst JSONL)
 * for linearizability against a model, or, with {@code --workload list-append}, histories of
 * transactions against a consistency model ({@link TxnCheck}). Exit 0 when every file is linearizable, 1 when one is
 * not (or its check ran out of budget: unknown), 2 when a file cannot be read or the model is unknown.
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check history files for linearizability against a model, or transactions against a consistency model (see docs/checkers.md).")
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--model",
            description = "register, cas-register, etcd, multi-register, kv, mutex, set, queue or counter (linearizability).")
    String model;

    @Option(names = "--workload", description = "list-append or rw-register: histories of transactions, checked as Elle does, instead of --model.")
    String workload;

    @Option(names = "--consistency", description = "With --workload: the model the history must allow (default strict-serializable): "
            + "read-uncommitted, read-committed, repeatable-read, snapshot-isolation, strong-session-snapshot-isolation, "
            + "strong-snapshot-isolation, serializable, strong-session-serializable, strict-serializable.")
    String consistency;

    @Option(names = "--writes-follow-reads", description = "With --workload rw-register: a transaction's write of a key makes a "
            + "later version than the one it read (Elle's wfr-keys), which orders more versions.")
    boolean writesFollowReads;

    @Option(names = "--format", defaultValue = "auto", description = "edn, edn-lines, jepsen-log, jsonl or auto (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--initial", description = "The model's initial value, in EDN (for example 0, nil, \"\" or {:x 0}).")
    String initial;

    @Option(names = "--html", description = "Write a self-contained HTML page: the timeline, or with --workload the anomalies and models "
            + "(with several files: one per file, named after it).")
    Path html;

    @Option(names = "--json", description = "One JSON object per file: file, verdict, operations, processes, checkMillis, ...")
    boolean json;

    @Option(names = "--timeout", description = "Give up with verdict unknown after this many seconds per file (default: ${DEFAULT-VALUE}; "
            + "up to 604800, a week).", defaultValue = "60")
    double timeoutSeconds;

    @Option(names = "--max-states", description = "Give up with verdict unknown after memoizing this many states per partition (default: ${DEFAULT-VALUE}).",
            defaultValue = "20000000")
    long maxStates;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "History files.")
    List<Path> files;

    @Override
    public Integer call() {
        Object initialValue = null;
        if (initial != null) {
            try {
                initialValue = Edn.readOne(initial);
            } catch (HistoryFormatException e) {
                throw new IllegalArgumentException("--initial is not an EDN value: " + e.reason());
            }
        }
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 7 * 86_400)) {
            throw new IllegalArgumentException("--timeout must be a number of seconds from more than 0 to 604800 (a week), got " + timeoutSeconds);
        }
        if (maxStates < 1) {
            throw new IllegalArgumentException("--max-states must be at least 1, got " + maxStates);
        }
        Format f = Format.named(format);
        if ((model == null) == (workload == null)) {
            throw new IllegalArgumentException("give --model (linearizability) or --workload (transactions), one of them");
        }
        if (workload != null) {
            return checkTransactions(f);
        }
        if (consistency != null || writesFollowReads) {
            throw new IllegalArgumentException((consistency != null ? "--consistency" : "--writes-follow-reads")
                    + " goes with --workload; linearizability is --model's only verdict");
        }
        Model<?> m = Models.named(model, initialValue);
        Linearizability.Options options = Linearizability.Options.defaults().withMaxStates(maxStates)
                .withTimeout(Duration.ofNanos((long) (timeoutSeconds * 1e9)));
        int exit = Main.PASS;
        for (Path file : files) {
            int code = checkOne(file, f, m, options);
            exit = Math.max(exit, code);
        }
        return exit;
    }

    private int checkTransactions(Format format) {
        dev.dst.elle.ConsistencyModel cm = TxnCheck.model(workload, consistency);
        if (writesFollowReads && !workload.equals(TxnCheck.RW_REGISTER)) {
            throw new IllegalArgumentException("--writes-follow-reads goes with --workload rw-register");
        }
        if (initial != null) {
            throw new IllegalArgumentException("--initial goes with --model, not --workload");
        }
        int exit = Main.PASS;
        for (Path file : files) {
            History history = read(file, format);
            int code;
            if (history == null) {
                code = Main.BAD_INPUT;
            } else {
                try {
                    code = TxnCheck.check(file, history, workload, writesFollowReads, cm, json,
                            html == null ? null : files.size() == 1 ? html : siblingFor(html, file));
                } catch (IllegalArgumentException e) {
                    code = unreadable(file, e.getMessage());
                }
            }
            exit = Math.max(exit, code);
        }
        return exit;
    }

    /** The history in {@code file}, or null when it cannot be read (said on stderr, and as JSON with --json). */
    private History read(Path file, Format format) {
        try {
            return History.parse(dev.dst.io.TextFile.read(file, "history file", 1L << 30), format);
        } catch (dev.dst.sim.BadInputException e) {
            unreadable(file, e.getMessage());
        } catch (HistoryFormatException e) {
            unreadable(file, e.getMessage());
        }
        return null;
    }

    private int checkOne(Path file, Format format, Model<?> m, Linearizability.Options options) {
        History history = read(file, format);
        if (history == null) {
            return Main.BAD_INPUT;
        }
        LinearizabilityResult r;
        try {
            r = Linearizability.check(history, m, options);
        } catch (IllegalArgumentException e) {
            return unreadable(file, e.getMessage());
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", file.toString());
            o.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
            o.put("linearizable", r.verdict() == Verdict.UNKNOWN ? null : r.isValid());
            o.put("model", r.model());
            o.put("operations", r.operations());
            o.put("processes", r.processes());
            o.put("partitions", r.partitions());
            o.put("states", r.statesExplored());
            o.put("checkMillis", r.checkNanos() / 1e6);
            if (r.reason() != null) {
                o.put("reason", r.reason());
            }
            if (r.parts().size() > 1) {
                o.put("parts", r.parts().stream().map(p -> {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("name", p.name());
                    j.put("operations", p.operations());
                    j.put("verdict", p.verdict().name().toLowerCase(java.util.Locale.ROOT));
                    j.put("states", p.states());
                    if (p.reason() != null) {
                        j.put("reason", p.reason());
                    }
                    return j;
                }).toList());
            }
            if (r.explanation() != null) {
                o.put("prefix", r.explanation().prefix().size());
                o.put("unplaceable", r.explanation().unplaceable().stream().map(u -> u.operation().toString()).toList());
            }
            System.out.println(Json.line(o));
        } else {
            System.out.println(file + ": " + r.summary());
            if (!r.isValid()) {
                System.out.print(r.partsText());
            }
            if (r.explanation() != null) {
                System.out.print(r.explanation().toText());
            }
        }
        if (html != null) {
            Path out = files.size() == 1 ? html : siblingFor(html, file);
            try {
                Files.writeString(out, HtmlReport.render(history, r, file.getFileName() + " — " + r.model()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write " + out + ": " + e.getMessage());
            }
            if (!json) {
                System.out.println("  timeline: " + out);
            }
        }
        return r.verdict() == Verdict.VALID ? Main.PASS : Main.VIOLATION;
    }

    /** {@code report.html} for {@code a/b/etcd_001.log} becomes {@code report-etcd_001.log.html}. */
    static Path siblingFor(Path html, Path file) {
        String name = html.getFileName().toString();
        String stem = name.endsWith(".html") ? name.substring(0, name.length() - 5) : name;
        return html.resolveSibling(stem + "-" + file.getFileName() + ".html");
    }

    private int unreadable(Path file, String reason) {
        System.err.println("dst: " + file + ": " + reason);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", file.toString());
            o.put("verdict", "unreadable");
            o.put("error", reason);
            System.out.println(Json.line(o));
        }
        return Main.BAD_INPUT;
    }
}
