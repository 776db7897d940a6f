package dev.dst.elle;

import dev.dst.history.History;
import dev.dst.history.Operation;
import dev.dst.report.Html;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page (inline CSS and SVG, no script, nothing fetched) for what
 * {@link ListAppend#check} found: the summary; every {@link ConsistencyModel} as allowed or
 * ruled out, with the anomaly types that rule it out; then the anomalies grouped by type, in
 * the order the checker reports them. A cycle is drawn as its transactions around a circle with
 * an arrow per dependency, coloured by {@link EdgeKind}, with a table of its edges in words and
 * each transaction's micro-ops, process, outcome and place in the history; a read anomaly shows
 * its key, transactions and explanation. At most {@value #SHOWN_PER_TYPE} anomalies of a type
 * are shown, and the page says how many more there are; a cycle of more than
 * {@value CycleDrawing#STEPS_DRAWN_MAX} transactions gets its tables but no drawing. Everything comes from the public result
 * (types by {@link AnomalyType#elleName()}), so new anomaly types and models appear without
 * changes here.
 *
 * <p>Call it after a check, to look at a failure (or a pass) in a browser. All text is escaped;
 * the same result and operations give the same bytes. Cost: linear in the anomalies shown and
 * the operations (indexed once by id).
 */
public final class ElleHtml {
    /** Anomalies drawn per type; the others are counted. */
    public static final int SHOWN_PER_TYPE = 20;

    private ElleHtml() {}

    /** The page for {@code result}, which must come from checking {@code history}. */
    public static String render(History history, ElleResult result, String title) {
        return render(history.operations(), result, title);
    }

    /**
     * The page for {@code result}, which must come from checking {@code operations}; they give
     * each transaction's process, outcome and history positions (a transaction whose id is not
     * among them is drawn without).
     */
    public static String render(List<Operation> operations, ElleResult result, String title) {
        Map<Integer, Operation> ops = new HashMap<>();   // only looked up, never iterated
        for (Operation op : operations) {
            ops.put(op.id(), op);
        }
        Map<AnomalyType, List<Anomaly>> byType = new LinkedHashMap<>();
        for (Anomaly a : result.anomalies()) {
            byType.computeIfAbsent(a.type(), t -> new ArrayList<>()).add(a);
        }
        boolean registers = result.workload().equals(Txn.Workload.RW_REGISTER.label);
        StringBuilder html = new StringBuilder();
        head(html, title);
        html.append("<h2>").append(esc(title)).append("</h2>\n<p class='sum'>").append(esc(result.summary())).append("</p>\n");
        if (result.valid()) {
            html.append("<p class='good'>No anomaly found: no model below is ruled out.</p>\n");
        }
        if (result.truncatedSearches() > 0) {
            html.append("<p class='warn'>").append(result.truncatedSearches()).append(" search")
                    .append(result.truncatedSearches() == 1 ? "" : "es")
                    .append(" stopped at a budget: an anomaly may have been missed (never invented), ")
                    .append("so a model not ruled out is unknown rather than allowed.</p>\n");
        }
        models(html, result, byType);
        if (!byType.isEmpty()) {
            overview(html, byType, registers);
        }
        for (Map.Entry<AnomalyType, List<Anomaly>> e : byType.entrySet()) {
            section(html, e.getKey(), e.getValue(), ops, registers);
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void head(StringBuilder html, String title) {
        html.append("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font:13px system-ui,sans-serif;margin:16px;color:#222;max-width:1400px}\n")
                .append("table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f2f2f2}code,.mono,pre{font-family:monospace}pre{background:#f6f6f6;padding:6px 8px;margin:4px 0;white-space:pre-wrap}\n")
                .append(".sum{font-weight:bold}.good{color:#1b7a2b;font-weight:bold}.warn{color:#a35a00;font-weight:bold}\n")
                .append(".allowed{color:#1b7a2b}.out{color:#c0261d;font-weight:bold}.unknown{color:#a35a00}.forbids{color:#777;font-size:11px}\n")
                .append(".models td:nth-child(-n+2){white-space:nowrap}\n")
                .append(".anomaly{border:1px solid #ddd;border-radius:4px;padding:6px 10px;margin:10px 0}h4{margin:4px 0 6px}\n")
                .append(".draw{overflow-x:auto}.txn rect{fill:#eef3fb;stroke:#345;stroke-width:1.5}.tn{font:bold 13px monospace;text-anchor:middle}\n")
                .append(".tc{font:10px monospace;fill:#555;text-anchor:middle}.el{font:12px monospace;paint-order:stroke;stroke:#fff;stroke-width:3px}\n")
                .append(".sw{display:inline-block;width:26px;vertical-align:middle}.more{color:#555;font-style:italic}\n")
                .append("</style></head><body>\n");
    }

    /** Every model, allowed or ruled out, and for a ruled-out one the types found that it forbids. */
    private static void models(StringBuilder html, ElleResult result, Map<AnomalyType, List<Anomaly>> byType) {
        html.append("<h3>Consistency models</h3>\n<table class='models'><tr><th>model</th><th>verdict</th><th>ruled out by</th>")
                .append("<th>forbids</th></tr>\n");
        for (ConsistencyModel m : ConsistencyModel.values()) {
            List<String> by = new ArrayList<>();
            byType.forEach((t, list) -> {
                if (m.forbids(t)) {
                    by.add(t.elleName() + " (" + list.size() + ")");
                }
            });
            boolean out = !result.allows(m);
            String verdict = out ? "ruled out" : result.truncatedSearches() > 0 ? "unknown" : "allowed";
            List<String> forbids = new ArrayList<>();
            for (AnomalyType t : AnomalyType.values()) {
                if (m.forbids(t)) {
                    forbids.add(t.elleName());
                }
            }
            html.append("<tr><td><code>").append(esc(m.label())).append("</code></td><td class='")
                    .append(out ? "out" : result.truncatedSearches() > 0 ? "unknown" : "allowed").append("'>").append(verdict)
                    .append("</td><td>").append(esc(String.join(", ", by))).append("</td><td class='forbids'>")
                    .append(esc(String.join(", ", forbids))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** One row per type found: how many, how many shown, the models it rules out; then the edge legend if a cycle was found. */
    private static void overview(StringBuilder html, Map<AnomalyType, List<Anomaly>> byType, boolean registers) {
        html.append("<h3>Anomalies</h3>\n<table><tr><th>type</th><th>kind</th><th>found</th><th>shown</th><th>rules out</th></tr>\n");
        boolean cycles = false;
        for (Map.Entry<AnomalyType, List<Anomaly>> e : byType.entrySet()) {
            AnomalyType t = e.getKey();
            cycles |= t.isCycle();
            List<String> rules = new ArrayList<>();
            for (ConsistencyModel m : ConsistencyModel.values()) {
                if (m.forbids(t)) {
                    rules.add(m.label());
                }
            }
            html.append("<tr><td><a href='#").append(anchor(t)).append("'>").append(esc(t.elleName())).append("</a></td><td>")
                    .append(t.isCycle() ? "cycle" : "read").append("</td><td>").append(e.getValue().size()).append("</td><td>")
                    .append(Math.min(SHOWN_PER_TYPE, e.getValue().size())).append("</td><td>").append(esc(String.join(", ", rules)))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (cycles) {
            legend(html, registers);
        }
    }

    private static void legend(StringBuilder html, boolean registers) {
        html.append("<p>In a drawing, a box is a transaction (<code>T4</code> is the history's operation 4, with its process and ")
                .append("outcome; dashed: info) and an arrow is a dependency the checker inferred: the source must come before the ")
                .append("target. A cycle means no order satisfies them all. Edges:</p>\n<table>");
        for (EdgeKind k : EdgeKind.values()) {
            html.append("<tr><td><svg class='sw' width='26' height='10'><line x1='0' y1='5' x2='26' y2='5' stroke='")
                    .append(CycleDrawing.colour(k)).append("' stroke-width='3'")
                    .append(CycleDrawing.dashed(k) ? " stroke-dasharray='6 4'" : "").append("/></svg> <code>").append(esc(k.label()))
                    .append("</code></td><td>").append(esc(meaning(k, registers))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String meaning(EdgeKind k, boolean registers) {
        if (registers && k.isData()) {
            return switch (k) {
                case WW -> "write-write: the target wrote a version of the key that comes after the source's";
                case WR -> "write-read: the target read the value the source wrote";
                default -> "read-write (anti-dependency): the source read a version of the key older than the one the target wrote";
            };
        }
        return switch (k) {
            case WW -> "write-write: the source appended the element just before the target's append to the key";
            case WR -> "write-read: the target's read of the key ended at the element the source appended";
            case RW -> "read-write (anti-dependency): the source's read ended just before the element the target appended";
            case PROCESS -> "process order: the source completed on a process before the target was invoked on it";
            case REALTIME -> "real time: the source completed before the target was invoked";
            default -> "the source comes before the target";
        };
    }

    private static void section(StringBuilder html, AnomalyType type, List<Anomaly> list, Map<Integer, Operation> ops,
                                boolean registers) {
        html.append("<h3 id='").append(anchor(type)).append("'>").append(esc(type.elleName())).append(": ").append(list.size())
                .append(list.size() == 1 ? " anomaly" : " anomalies").append("</h3>\n");
        int shown = Math.min(SHOWN_PER_TYPE, list.size());
        for (int i = 0; i < shown; i++) {
            Anomaly a = list.get(i);
            html.append("<div class='anomaly'>\n");
            if (a instanceof Anomaly.CycleAnomaly c) {
                cycle(html, type, i + 1, c.cycle(), ops, registers);
            } else if (a instanceof Anomaly.ReadAnomaly r) {
                read(html, type, i + 1, r);
            }
            html.append("</div>\n");
        }
        if (list.size() > shown) {
            html.append("<p class='more'>").append(list.size() - shown).append(" more ").append(esc(type.elleName()))
                    .append(list.size() - shown == 1 ? " anomaly is" : " anomalies are")
                    .append(" not shown (ElleResult.anomalies() and dst check --json list them all).</p>\n");
        }
    }

    private static void cycle(StringBuilder html, AnomalyType type, int n, Cycle c, Map<Integer, Operation> ops,
                              boolean registers) {
        html.append("<h4>").append(esc(type.elleName())).append(" #").append(n).append(": <code>").append(esc(c.path()))
                .append("</code></h4>\n");
        if (c.steps().size() <= CycleDrawing.STEPS_DRAWN_MAX) {
            html.append("<div class='draw'>").append(CycleDrawing.svg(c, ops)).append("</div>\n");
        } else {
            html.append("<p class='more'>A cycle of ").append(c.steps().size()).append(" transactions is not drawn (more than ")
                    .append(CycleDrawing.STEPS_DRAWN_MAX).append("); its edges are in the table.</p>\n");
        }
        html.append("<table><tr><th>from</th><th>edge</th><th>key</th><th>value</th><th>to</th><th>why</th></tr>\n");
        for (Cycle.Step s : c.steps()) {
            boolean data = s.key() != null;
            html.append("<tr><td>T").append(s.from()).append("</td><td style='color:").append(CycleDrawing.colour(s.kind()))
                    .append("'><code>").append(esc(s.label())).append("</code></td><td><code>")
                    .append(data ? esc(Render.value(s.key())) : "").append("</code></td><td><code>")
                    .append(data ? esc(Render.value(s.value())) : "").append("</code></td><td>T").append(s.to()).append("</td><td>")
                    .append(esc(sentence(s, ops, registers))).append("</td></tr>\n");
        }
        html.append("</table>\n<table><tr><th>transaction (process, outcome): micro-ops</th><th>history events</th></tr>\n");
        for (int i = 0; i < c.steps().size(); i++) {
            Operation op = ops.get(c.steps().get(i).from());
            html.append("<tr><td class='mono'>").append(esc(c.transactions().get(i))).append("</td><td>")
                    .append(op == null ? "" : "invoked " + op.invokeIndex() + ", "
                            + (op.completeIndex() < 0 ? "never completed" : "completed " + op.completeIndex()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void read(StringBuilder html, AnomalyType type, int n, Anomaly.ReadAnomaly r) {
        List<String> ids = new ArrayList<>();
        for (int id : r.txns()) {
            ids.add("T" + id);
        }
        String[] lines = r.explanation().split("\n", -1);
        html.append("<h4>").append(esc(type.elleName())).append(" #").append(n).append(": key <code>")
                .append(esc(Render.value(r.key()))).append("</code>, ").append(String.join(", ", ids)).append("</h4>\n<p>")
                .append(esc(lines[0])).append("</p>\n");
        if (lines.length > 1) {
            html.append("<pre>");
            for (int i = 1; i < lines.length; i++) {
                html.append(i == 1 ? "" : "\n").append(esc(lines[i].strip()));
            }
            html.append("</pre>\n");
        }
    }

    /** The edge in words: {@code T3 appended 4 to x, and T7's read of x ended at 4}; for registers, {@code T3 wrote 4 to x, and T7 read 4}. */
    static String sentence(Cycle.Step s, Map<Integer, Operation> ops, boolean registers) {
        String from = "T" + s.from();
        String to = "T" + s.to();
        String k = Render.value(s.key());
        String v = Render.value(s.value());
        Operation a = ops.get(s.from());
        Operation b = ops.get(s.to());
        String when = a == null || b == null ? "" : " (history events " + a.completeIndex() + " and " + b.invokeIndex() + ")";
        if (registers && s.kind().isData()) {
            return switch (s.kind()) {
                case WW -> from + " wrote " + v + " to " + k + ", and " + to + " read " + v + " and then wrote " + k;
                case WR -> from + " wrote " + v + " to " + k + ", and " + to + " read " + v;
                default -> s.value() == null
                        ? from + " read " + k + " in its initial state (nil), and " + to + " wrote " + k
                        : from + " read " + k + " = " + v + ", and " + to + " read " + v + " too and then wrote " + k;
            };
        }
        return switch (s.kind()) {
            case WW -> from + " appended " + v + " to " + k + ", and " + to + " appended the element right after it";
            case WR -> from + " appended " + v + " to " + k + ", and " + to + "'s read of " + k + " ended at " + v;
            case RW -> s.value() == null
                    ? from + " read " + k + " empty, and " + to + " appended its first element"
                    : from + "'s read of " + k + " ended at " + v + ", and " + to + " appended the element right after it";
            case PROCESS -> from + " completed before " + to + " was invoked, on the same process"
                    + (a == null ? "" : " p" + a.process()) + when;
            case REALTIME -> from + " completed before " + to + " was invoked" + when;
            default -> from + " comes before " + to + ": " + s.label();
        };
    }

    private static String anchor(AnomalyType t) {
        return "t-" + t.elleName().replaceAll("[^A-Za-z0-9-]", "_");
    }

    static String esc(String s) {
        return Html.escape(s);
    }
}
