package dev.dst.linearizability;

import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import dev.dst.report.Html;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A self-contained HTML page (inline CSS, SVG and a few lines of JavaScript; nothing fetched)
 * that draws a history per process on a time axis, in the manner of Porcupine's and Knossos's
 * visualizations: one row per process, a bar per operation from invocation to completion
 * (info operations run to the end), nemesis events as vertical lines. For a violation the
 * operations of the longest linearizable prefix carry their position in that order, and the
 * operations that cannot be placed are drawn red. The axis is the history's event order (not
 * wall time), so concurrent operations are easy to see. Histories over 2,000 events are drawn
 * in a window around the failure. Cost: linear in the events drawn.
 */
public final class HtmlReport {
    private static final int WINDOW = 2000;
    /** Pixels per history event: at least this, more for short histories so that labels fit. */
    private static final int STEP_MIN = 14;
    private static final int STEP_MAX = 80;
    private static final int WIDTH_TARGET = 1100;
    private static final int ROW = 26;
    private static final int LEFT = 70;

    private HtmlReport() {}

    /** The page for {@code result}, which must come from checking {@code history}. */
    public static String render(History history, LinearizabilityResult result, String title) {
        List<Op> events = history.ops();
        List<Operation> ops = history.operations();
        Map<Integer, Integer> order = new HashMap<>();   // invokeIndex -> position in the prefix
        Set<Integer> bad = new HashSet<>();              // invokeIndex of operations that cannot be placed
        Set<Integer> inPartition = null;
        Explanation x = result.explanation();
        if (x != null) {
            inPartition = new HashSet<>();
            for (int i = 0; i < x.prefix().size(); i++) {
                order.put(x.prefix().get(i).invokeIndex(), i + 1);
            }
            for (Explanation.Unplaceable u : x.unplaceable()) {
                bad.add(u.operation().invokeIndex());
            }
        }
        if (inPartition != null && result.partitions() > 1) {
            for (Operation op : x.partitionOperations()) {
                inPartition.add(op.invokeIndex());
            }
        } else {
            inPartition = null;
        }
        int from = 0;
        int to = events.size();
        if (events.size() > WINDOW) {
            int centre = bad.isEmpty() ? 0 : new TreeSet<>(bad).first();
            from = Math.max(0, centre - WINDOW / 2);
            to = Math.min(events.size(), from + WINDOW);
        }
        TreeSet<Integer> processes = new TreeSet<>();
        for (Operation op : ops) {
            processes.add(op.process());
        }
        Map<Integer, Integer> row = new HashMap<>();
        for (int p : processes) {
            row.put(p, row.size());
        }
        int step = Math.max(STEP_MIN, Math.min(STEP_MAX, WIDTH_TARGET / (to - from + 2)));
        int width = LEFT + (to - from + 2) * step;
        int height = 30 + processes.size() * ROW + 20;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='").append(height).append("'>\n");
        for (int p : processes) {
            int y = 30 + row.get(p) * ROW;
            svg.append("<text x='4' y='").append(y + 15).append("' class='lbl'>p").append(p).append("</text>");
            svg.append("<line x1='").append(LEFT).append("' x2='").append(width).append("' y1='").append(y + ROW - 2)
                    .append("' y2='").append(y + ROW - 2).append("' class='grid'/>\n");
        }
        for (Op e : events) {
            if (e.isNemesis() && e.index() >= from && e.index() < to) {
                int xx = LEFT + (e.index() - from) * step;
                svg.append("<line x1='").append(xx).append("' x2='").append(xx).append("' y1='18' y2='").append(height - 10)
                        .append("' class='nem'><title>").append(esc("nemesis " + e.f() + " " + e)).append("</title></line>")
                        .append("<text x='").append(xx + 2).append("' y='14' class='nemt'>").append(esc(e.f())).append("</text>\n");
            }
        }
        for (Operation op : ops) {
            int end = op.completeIndex() < 0 ? events.size() : op.completeIndex();
            if (end < from || op.invokeIndex() >= to) {
                continue;
            }
            int x1 = LEFT + (Math.max(op.invokeIndex(), from) - from) * step;
            int x2 = LEFT + (Math.min(end, to) - from) * step + (op.type() == OpType.INFO ? step : 0);
            int y = 30 + row.get(op.process()) * ROW;
            String cls = bad.contains(op.invokeIndex()) ? "bad" : op.type().jepsenName();
            boolean faded = inPartition != null && !inPartition.contains(op.invokeIndex());
            Integer pos = order.get(op.invokeIndex());
            String label = op.f() + " " + dev.dst.history.Edn.write(op.value());
            String tip = op + " [events " + op.invokeIndex() + ".." + (op.completeIndex() < 0 ? "never" : op.completeIndex()) + "]"
                    + (pos != null ? ", linearized #" + pos : "") + (bad.contains(op.invokeIndex()) ? ", cannot be placed" : "");
            svg.append("<g class='op ").append(cls).append(faded ? " faded" : "").append("' data-tip='").append(esc(tip)).append("'>")
                    .append("<rect x='").append(x1).append("' y='").append(y).append("' width='").append(Math.max(4, x2 - x1))
                    .append("' height='").append(ROW - 6).append("' rx='3'/>")
                    .append("<text x='").append(x1 + 3).append("' y='").append(y + 14).append("'>")
                    .append(esc((pos != null ? "#" + pos + " " : "") + (label.length() > 40 ? label.substring(0, 37) + "..." : label)))
                    .append("</text><title>").append(esc(tip)).append("</title></g>\n");
        }
        svg.append("</svg>");

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font:13px system-ui,sans-serif;margin:16px;color:#222}pre{background:#f6f6f6;padding:8px;overflow:auto}\n")
                .append(".wrap{overflow-x:auto;border:1px solid #ddd}.lbl{font:12px monospace}.grid{stroke:#eee}\n")
                .append(".op rect{stroke:#555;stroke-width:1}.op text{font:10px monospace;pointer-events:none}\n")
                .append(".ok rect{fill:#b8e0b8}.info rect{fill:#e4e4e4;stroke-dasharray:4 2}.fail rect{fill:#fff;stroke:#aaa}\n")
                .append(".bad rect{fill:#f4a0a0;stroke:#c00;stroke-width:2}.faded{opacity:.3}.sel rect{stroke:#06c;stroke-width:3}\n")
                .append(".nem{stroke:#c60;stroke-dasharray:3 3}.nemt{font:10px monospace;fill:#c60}#tip{min-height:1.5em;font-family:monospace}\n")
                .append("</style></head><body>\n<h2>").append(esc(title)).append("</h2>\n<p><b>").append(esc(result.summary()))
                .append("</b></p>\n");
        if (x != null) {
            html.append("<pre>").append(esc(x.toText())).append("</pre>\n");
        }
        if (from > 0 || to < events.size()) {
            html.append("<p>Showing events ").append(from).append(" to ").append(to - 1).append(" of ").append(events.size()).append(".</p>\n");
        }
        html.append("<p>Green: ok; grey dashed: info (may take effect until the end, or never); white: fail; red: cannot be placed. ")
                .append("#n: position in the longest linearizable prefix. Click an operation for details.</p>\n")
                .append("<div id='tip'></div><div class='wrap'>").append(svg).append("</div>\n")
                .append("<script>document.querySelectorAll('.op').forEach(function(g){g.addEventListener('click',function(){")
                .append("document.querySelectorAll('.sel').forEach(function(s){s.classList.remove('sel')});g.classList.add('sel');")
                .append("document.getElementById('tip').textContent=g.getAttribute('data-tip');});});</script>\n")
                .append("</body></html>\n");
        return html.toString();
    }

    static String esc(String s) {
        return Html.escape(s);
    }
}
