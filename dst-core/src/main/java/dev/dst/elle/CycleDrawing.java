package dev.dst.elle;

import dev.dst.history.OpType;
import dev.dst.history.Operation;

import java.util.List;
import java.util.Map;

/**
 * The inline SVG of one cycle for {@link ElleHtml}: the transactions as boxes around a circle
 * (the first at the upper left, then clockwise), one curved arrow per step bowed outward and
 * labelled with {@link Cycle.Step#label()}, coloured by {@link EdgeKind}; order edges (process,
 * realtime) dashed. Coordinates are whole pixels computed with {@link StrictMath}, so a cycle
 * draws the same bytes on every JDK. Cost: linear in the steps.
 */
final class CycleDrawing {
    /** One colour per edge kind, by ordinal (ww, wr, rw, process, realtime, then spares). */
    /** Longer cycles are not drawn (the circle would be thousands of pixels wide); their tables say it all. */
    static final int STEPS_DRAWN_MAX = 40;
    private static final String[] COLOURS = {"#1f6fb4", "#2a9d3a", "#d0342c", "#8e44ad", "#e07b00", "#8c564b", "#c2185b", "#607d8b"};
    private static final int BOX_HEIGHT = 34;
    private static final int GAP = 46;
    private static final int LABEL_SHOWN_MAX = 36;
    private static final int MARGIN = 12;

    private CycleDrawing() {}

    static String colour(EdgeKind kind) {
        return COLOURS[kind.ordinal() % COLOURS.length];
    }

    static boolean dashed(EdgeKind kind) {
        return !kind.isData();
    }

    /** The SVG, with each box's tip the transaction's line from {@link Cycle#transactions()}. */
    static String svg(Cycle cycle, Map<Integer, Operation> ops) {
        List<Cycle.Step> steps = cycle.steps();
        int n = steps.size();
        int boxWidth = 64;
        for (Cycle.Step s : steps) {
            boxWidth = Math.max(boxWidth, 16 + 8 * Math.max(("T" + s.from()).length(), caption(ops.get(s.from())).length()));
        }
        double radius = n == 1 ? 0 : Math.max(n == 2 ? 110 : 90, n * (boxWidth + GAP) / (2 * StrictMath.PI));
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double angle = -StrictMath.PI / 2 - StrictMath.PI / n + 2 * StrictMath.PI * i / n;
            x[i] = radius * StrictMath.cos(angle);
            y[i] = radius * StrictMath.sin(angle);
        }
        Bounds b = new Bounds();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Cycle.Step s = steps.get(i);
            int j = (i + 1) % n;
            if (n == 1) {
                loop(body, b, s, boxWidth);
            } else {
                arrow(body, b, s, x[i], y[i], x[j], y[j], boxWidth, n);
            }
        }
        for (int i = 0; i < n; i++) {
            box(body, b, steps.get(i).from(), cycle.transactions().get(i), ops.get(steps.get(i).from()), x[i], y[i], boxWidth);
        }
        long left = Math.round(b.minX) - MARGIN;
        long top = Math.round(b.minY) - MARGIN;
        long width = Math.round(b.maxX) + MARGIN - left;
        long height = Math.round(b.maxY) + MARGIN - top;
        return "<svg xmlns='http://www.w3.org/2000/svg' class='cycle' width='" + width + "' height='" + height + "' viewBox='"
                + left + " " + top + " " + width + " " + height + "'>\n" + body + "</svg>";
    }

    /** {@code p1 · ok}, or empty when the operation is not known. */
    static String caption(Operation op) {
        return op == null ? "" : "p" + op.process() + " \u00b7 " + op.type().jepsenName();
    }

    private static void box(StringBuilder out, Bounds b, int id, String line, Operation op, double cx, double cy, int w) {
        long x = Math.round(cx - w / 2.0);
        long y = Math.round(cy - BOX_HEIGHT / 2.0);
        b.add(x, y);
        b.add(x + w, y + BOX_HEIGHT);
        boolean info = op != null && op.type() == OpType.INFO;
        String caption = caption(op);
        out.append("<g class='txn'><title>").append(ElleHtml.esc(line)).append("</title><rect x='").append(x).append("' y='")
                .append(y).append("' width='").append(w).append("' height='").append(BOX_HEIGHT).append("' rx='5'")
                .append(info ? " stroke-dasharray='4 2'" : "").append("/>")
                .append("<text x='").append(Math.round(cx)).append("' y='").append(y + (caption.isEmpty() ? 22 : 15))
                .append("' class='tn'>T").append(id).append("</text>");
        if (!caption.isEmpty()) {
            out.append("<text x='").append(Math.round(cx)).append("' y='").append(y + 28).append("' class='tc'>")
                    .append(ElleHtml.esc(caption)).append("</text>");
        }
        out.append("</g>\n");
    }

    /** A quadratic curve from box to box, its control point pushed outward so that it follows the circle. */
    private static void arrow(StringBuilder out, Bounds b, Cycle.Step s, double x1, double y1, double x2, double y2, int w, int n) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = StrictMath.hypot(dx, dy);
        double nx = dy / len;   // the outward normal, for boxes placed clockwise
        double ny = -dx / len;
        double sagitta = (n == 2 ? 0.55 : 0.8) * len / 2 * StrictMath.tan(StrictMath.PI / (2 * n)) * 2;
        double qx = (x1 + x2) / 2 + nx * sagitta;
        double qy = (y1 + y2) / 2 + ny * sagitta;
        double[] start = boxEdge(x1, y1, qx, qy, w);
        double[] end = boxEdge(x2, y2, qx, qy, w);
        double mx = (start[0] + 2 * qx + end[0]) / 4;
        double my = (start[1] + 2 * qy + end[1]) / 4;
        b.add(mx, my);
        path(out, s, "M" + Math.round(start[0]) + "," + Math.round(start[1]) + " Q" + Math.round(qx) + "," + Math.round(qy)
                + " " + Math.round(end[0]) + "," + Math.round(end[1]), end, qx, qy);
        label(out, b, s, mx + nx * 10, my + ny * 10, nx, ny);
    }

    /** A transaction before itself: a loop over its box. */
    private static void loop(StringBuilder out, Bounds b, Cycle.Step s, int w) {
        double top = -BOX_HEIGHT / 2.0 - 3;
        double[] end = {w / 4.0, top};
        path(out, s, "M" + Math.round(-w / 4.0) + "," + Math.round(top) + " C" + Math.round(-w / 2.0 - 20) + "," + Math.round(top - 60)
                + " " + Math.round(w / 2.0 + 20) + "," + Math.round(top - 60) + " " + Math.round(end[0]) + "," + Math.round(end[1]),
                end, w / 2.0 + 20, top - 60);
        b.add(-w / 2.0 - 20, top - 60);
        label(out, b, s, 0, top - 50, 0, -1);
    }

    private static void path(StringBuilder out, Cycle.Step s, String d, double[] end, double fromX, double fromY) {
        String c = colour(s.kind());
        double ux = end[0] - fromX;
        double uy = end[1] - fromY;
        double len = StrictMath.hypot(ux, uy);
        ux /= len;
        uy /= len;
        double bx = end[0] - 11 * ux;
        double by = end[1] - 11 * uy;
        out.append("<g class='edge'><title>").append(ElleHtml.esc("T" + s.from() + " --" + s.label() + "--> T" + s.to()))
                .append("</title><path d='").append(d).append("' fill='none' stroke='").append(c).append("' stroke-width='2'")
                .append(dashed(s.kind()) ? " stroke-dasharray='6 4'" : "").append("/><polygon points='")
                .append(Math.round(end[0])).append(',').append(Math.round(end[1])).append(' ')
                .append(Math.round(bx - 5 * uy)).append(',').append(Math.round(by + 5 * ux)).append(' ')
                .append(Math.round(bx + 5 * uy)).append(',').append(Math.round(by - 5 * ux))
                .append("' fill='").append(c).append("'/></g>\n");
    }

    /** The edge's label beside the curve's middle, anchored away from the circle. */
    private static void label(StringBuilder out, Bounds b, Cycle.Step s, double x, double y, double nx, double ny) {
        String text = s.label();
        if (text.length() > LABEL_SHOWN_MAX) {
            text = text.substring(0, LABEL_SHOWN_MAX - 3) + "...";
        }
        double textWidth = 7 * text.length();
        String anchor = nx > 0.35 ? "start" : nx < -0.35 ? "end" : "middle";
        double left = anchor.equals("start") ? x : anchor.equals("end") ? x - textWidth : x - textWidth / 2;
        double baseline = ny > 0.35 ? y + 12 : ny < -0.35 ? y - 2 : y + 5;
        b.add(left, baseline - 12);
        b.add(left + textWidth, baseline + 3);
        out.append("<text x='").append(Math.round(x)).append("' y='").append(Math.round(baseline)).append("' text-anchor='")
                .append(anchor).append("' class='el' fill='").append(colour(s.kind())).append("'>").append(ElleHtml.esc(text))
                .append("</text>\n");
    }

    /** Where the line from a box's centre towards (tx, ty) leaves the box, 3 px out. */
    private static double[] boxEdge(double cx, double cy, double tx, double ty, int w) {
        double ux = tx - cx;
        double uy = ty - cy;
        double len = StrictMath.hypot(ux, uy);
        ux /= len;
        uy /= len;
        double hw = w / 2.0 + 3;
        double hh = BOX_HEIGHT / 2.0 + 3;
        double t = Math.min(Math.abs(ux) < 1e-9 ? Double.MAX_VALUE : hw / Math.abs(ux),
                Math.abs(uy) < 1e-9 ? Double.MAX_VALUE : hh / Math.abs(uy));
        return new double[] {cx + ux * t, cy + uy * t};
    }

    private static final class Bounds {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;

        void add(double x, double y) {
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
    }
}
