package dev.dst.examples.cli;

import dev.dst.elle.Anomaly;
import dev.dst.elle.ConsistencyModel;
import dev.dst.elle.ElleHtml;
import dev.dst.elle.ElleResult;
import dev.dst.elle.ListAppend;
import dev.dst.elle.RwRegister;
import dev.dst.history.History;
import dev.dst.io.TextFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dst check --workload list-append|rw-register}: a transactional history checked by
 * Elle's inference for that workload against a consistency model. Exit 0 when the history allows the model,
 * 1 when it rules it out, or when a cycle search stopped at its budget without a witness
 * against it (unknown).
 */
final class TxnCheck {
    static final String LIST_APPEND = "list-append";
    static final String RW_REGISTER = "rw-register";
    static final List<String> WORKLOADS = List.of(LIST_APPEND, RW_REGISTER);
    /** Anomalies printed in full per file; the rest are counted in the summary. */
    static final int SHOWN = 10;

    private TxnCheck() {}

    /** The model named by {@code --consistency}, strict-serializable when none is given. */
    static ConsistencyModel model(String workload, String consistency) {
        if (!WORKLOADS.contains(workload)) {
            throw new IllegalArgumentException("unknown workload '" + workload + "': dst checks " + String.join(", ", WORKLOADS));
        }
        return consistency == null ? ConsistencyModel.STRICT_SERIALIZABLE : ConsistencyModel.named(consistency);
    }

    /**
     * Checks one parsed history; prints the text report or one JSON line; writes the HTML page
     * to {@code html} unless it is null; returns the exit code.
     *
     * @throws UncheckedIOException when the page cannot be written (not an IllegalArgumentException, which would blame the history)
     */
    static int check(Path file, History history, String workload, boolean writesFollowReads, ConsistencyModel model,
                     boolean json, Path html) {
        ElleResult r = workload.equals(RW_REGISTER) ? RwRegister.check(history, new RwRegister.Options(writesFollowReads))
                : ListAppend.check(history);
        boolean allowed = r.allows(model);
        boolean unknown = allowed && r.truncatedSearches() > 0;
        String verdict = unknown ? "unknown" : allowed ? "allowed" : "ruled-out";
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", file.toString());
            o.put("workload", r.workload());
            o.put("consistency", model.label());
            o.put("verdict", verdict);
            o.put("transactions", r.transactions());
            o.put("committed", r.committed());
            List<String> ruledOut = new ArrayList<>();
            r.ruledOut().forEach(m -> ruledOut.add(m.label()));
            o.put("ruledOut", ruledOut);
            List<Map<String, Object>> anomalies = new ArrayList<>();
            for (Anomaly a : r.anomalies()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("type", a.type().elleName());
                j.put("text", a.text());
                anomalies.add(j);
            }
            o.put("anomalies", anomalies);
            o.put("truncatedSearches", r.truncatedSearches());
            System.out.println(Json.line(o));
        } else {
            System.out.println(file + ": " + model.label() + " " + verdict + " — " + r.summary());
            r.anomalies().stream().limit(SHOWN).forEach(a -> System.out.println(a.text()));
            if (r.anomalies().size() > SHOWN) {
                System.out.println("... and " + (r.anomalies().size() - SHOWN) + " more anomalies (--json lists them all)");
            }
        }
        if (html != null) {
            try {
                Files.writeString(html, ElleHtml.render(history, r, file.getFileName() + " — list-append: " + model.label() + " " + verdict));
            } catch (IOException e) {
                String why = e instanceof NoSuchFileException ? "no such directory" : TextFile.reason(e);
                throw new UncheckedIOException("cannot write --html file '" + html + "': " + why, e);
            }
            if (!json) {
                System.out.println("  report: " + html);
            }
        }
        return allowed && !unknown ? Main.PASS : Main.VIOLATION;
    }
}
