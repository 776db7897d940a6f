package dev.dst.report;

import dev.dst.entropy.Seeds;
import dev.dst.sim.RunReport;
import dev.dst.sim.Violation;
import dev.dst.trace.Durations;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A self-contained HTML page (inline CSS, SVG and a few lines of JavaScript; nothing fetched)
 * with the Lamport diagram of a run's trace window, in the manner of Maelstrom's and ShiViz's
 * diagrams: one column (lane) per node and client, time flowing down; a message is an arrow
 * from its send to its delivery, or a red dashed line ending in an X where it was dropped;
 * faults are shaded periods on the lanes they name; a crashed node's lane is hatched while it is
 * down, a paused one's is amber; a request (a {@link dev.dst.node.Request} a node sent) is a bar
 * beside its sender's lane from the send to the reply's delivery, green for ok, magenta for fail
 * (the reply carries a failed {@code Result}), amber for info (a timer tagged with the request id
 * fired first, or the sender crashed), grey when still open; the violation is a red line at its
 * time, the lanes it names circled, and its message in a banner.
 *
 * <p>The vertical axis is simulated time, compressed: each step gets its own row, and the gap
 * between rows grows with the logarithm of the time between them, so a 1 ms message and a
 * 100 ms pause are both readable. The axis labels are true simulated times.
 *
 * <p>Sends and deliveries are linked by sender, destination and message text, first sent first
 * delivered (the trace carries no message ids; the trace hash must not change). A second
 * delivery of one send is drawn as a duplicate; a delivery whose send precedes the window starts
 * at the window's top edge.
 *
 * <p>Call {@link #of(RunReport, TraceWindow)} after a run whose trace went to a
 * {@link TraceWindow}, or {@link #of(List, List, long)} with any events. Cost: linear in the
 * events drawn; a window of 2,000 events gives a page of about 1 MB.
 */
public final class LamportHtml {
    /** The default window: the last this many trace events are drawn. */
    public static final int WINDOW_EVENTS = 2000;

    private static final int LANE_W = 160;
    private static final int AXIS_W = 96;
    private static final int TOP = 14;
    private static final int BOTTOM = 60;
    private static final int ROW_GAP_MIN = 8;
    private static final int ROW_GAP_EXTRA_MAX = 56;
    private static final int CLIP = 400;
    /** dst-net's faults that take effect at once and are never reverted. */
    private static final List<String> INSTANT_FAULTS = List.of("restart", "clock-jump", "connection-reset");

    private final List<String> lanes;
    private final List<TraceEvent> events;
    private final long omitted;
    private final Map<String, String> header = new LinkedHashMap<>();
    private String title = "dst run";
    private Violation violation;
    private String seed;
    private String result;
    private String traceHash;
    private String replayLine;

    private LamportHtml(List<String> lanes, List<TraceEvent> events, long omitted) {
        this.lanes = new ArrayList<>(lanes);
        this.events = List.copyOf(events);
        this.omitted = omitted;
    }

    /**
     * A page for {@code events} (oldest first) on {@code lanes} (in order; names the events
     * mention but the list lacks get lanes at the end), {@code omitted} earlier events not shown.
     */
    public static LamportHtml of(List<String> lanes, List<TraceEvent> events, long omitted) {
        if (omitted < 0) {
            throw new IllegalArgumentException("omitted events cannot be negative, got " + omitted);
        }
        return new LamportHtml(lanes, events, omitted);
    }

    /** A page for a finished run: its nodes, seed, result, violation, trace hash and replay line, and the window's events. */
    public static LamportHtml of(RunReport report, TraceWindow window) {
        return of(report, window.events(), window.omitted());
    }

    /** As {@link #of(RunReport, TraceWindow)}, with the events to draw given ({@code omitted} others not shown). */
    public static LamportHtml of(RunReport report, List<TraceEvent> events, long omitted) {
        LamportHtml page = of(report.nodes(), events, omitted);
        page.violation = report.violation();
        page.seed = Seeds.format(report.seed());
        page.result = report.passed() ? "PASS" : "FAIL: " + report.violation().headline();
        page.traceHash = report.traceHashHex();
        page.replayLine = report.replayLine();
        return page;
    }

    /** The page's title (default "dst run"). */
    public LamportHtml title(String text) {
        this.title = text;
        return this;
    }

    /** Adds a line to the header table (shown in the order added, before seed, result, trace hash and replay). */
    public LamportHtml header(String name, String value) {
        header.put(name, value == null ? "none" : value);
        return this;
    }

    /** The violation to highlight (set by {@link #of(RunReport, TraceWindow)}). */
    public LamportHtml violation(Violation v) {
        this.violation = v;
        if (result == null && v != null) {
            result = "FAIL: " + v.headline();
        }
        return this;
    }

    /** Writes {@link #render()} to {@code file} as UTF-8. */
    public void write(Path file) throws IOException {
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ model

    /** A message: send row (-1 when sent before the window), end row, how it ended. */
    private static final class Msg {
        final int from;
        final int to;
        final String text;
        final int sendRow;
        int endRow = -1;
        String end = "flight"; // delivered, dup, dropped, flight
        String reason;

        Msg(int from, int to, String text, int sendRow) {
            this.from = from;
            this.to = to;
            this.text = text;
            this.sendRow = sendRow;
        }
    }

    /** A request from invoke to its outcome. */
    private static final class Op {
        final int lane;
        final String id;
        final String what;
        final int startRow;
        int endRow = -1;
        String outcome = "open"; // ok, fail, info, open
        String detail;

        Op(int lane, String id, String what, int startRow) {
            this.lane = lane;
            this.id = id;
            this.what = what;
            this.startRow = startRow;
        }
    }

    /** A shaded period: a fault band, or a lane's down or paused state. */
    private record Period(int lane, int startRow, int endRow, String cls, String label, String tip) {}

    /** A mark at one row of a lane (timer, log, write, instantaneous fault). */
    private record Mark(int lane, int row, String cls, String tip) {}

    private int[] rowOf;
    private long[] rowTime;
    private long[] rowStep;
    private int[] rowY;
    private int rows;

    // ------------------------------------------------------------------ rendering

    /** The whole page. */
    public String render() {
        Map<String, Integer> laneIndex = new HashMap<>();
        for (String l : lanes) {
            laneIndex.putIfAbsent(l, laneIndex.size());
        }
        List<String> laneNames = new ArrayList<>(lanes);
        for (TraceEvent e : events) {
            for (String n : new String[] {e.node(), e.peer()}) {
                if (n != null && !laneIndex.containsKey(n)) {
                    laneIndex.put(n, laneNames.size());
                    laneNames.add(n);
                }
            }
        }
        layoutRows();

        List<Msg> msgs = new ArrayList<>();
        Map<String, ArrayDeque<Msg>> inFlight = new HashMap<>();
        Map<String, Msg> lastDelivered = new HashMap<>();
        Map<String, Op> openOps = new LinkedHashMap<>();
        List<Op> ops = new ArrayList<>();
        List<Period> periods = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        Map<String, int[]> openBands = new LinkedHashMap<>(); // fault text -> {startRow}
        Map<String, Integer> closedAt = new HashMap<>();       // fault text -> row of its last revert
        Map<Integer, int[]> downSince = new HashMap<>();       // lane -> {row, kind 0 down / 1 paused}
        int violationRow = -1;

        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            int row = rowOf[i];
            Integer node = e.node() == null ? null : laneIndex.get(e.node());
            Integer peer = e.peer() == null ? null : laneIndex.get(e.peer());
            String d = e.detail() == null ? "" : e.detail();
            switch (e.kind()) {
                case SEND -> {
                    Msg m = new Msg(node, peer, d, row);
                    msgs.add(m);
                    inFlight.computeIfAbsent(key(node, peer, d), k -> new ArrayDeque<>()).add(m);
                    String[] req = request(d);
                    if (req != null) {
                        Op op = new Op(node, req[0], req[1], row);
                        ops.add(op);
                        openOps.put(node + "#" + req[0], op);
                    }
                }
                case DELIVER -> {
                    String k = key(peer, node, d);
                    ArrayDeque<Msg> q = inFlight.get(k);
                    Msg m = q == null ? null : q.poll();
                    if (m == null) {
                        Msg earlier = lastDelivered.get(k);
                        m = new Msg(peer, node, d, earlier == null ? -1 : earlier.sendRow);
                        msgs.add(m);
                        m.end = earlier == null ? "delivered" : "dup";
                    } else {
                        m.end = "delivered";
                    }
                    m.endRow = row;
                    lastDelivered.put(k, m);
                    String[] rep = reply(d);
                    if (rep != null) {
                        // a reply to a request sent before the window, or after its timeout, draws no bar
                        Op op = openOps.remove(node + "#" + rep[0]);
                        if (op != null) {
                            op.endRow = row;
                            op.outcome = rep[1].startsWith("Result[ok=false") ? "fail" : "ok";
                            op.detail = rep[1];
                        }
                    }
                }
                case DROP -> {
                    Msg m = null;
                    String reason = d;
                    for (int c = d.indexOf(": "); c >= 0 && m == null; c = d.indexOf(": ", c + 1)) {
                        ArrayDeque<Msg> q = inFlight.get(key(node, peer, d.substring(c + 2)));
                        if (q != null && !q.isEmpty()) {
                            m = q.poll();
                            reason = d.substring(0, c);
                        }
                    }
                    if (m == null) {
                        int c = d.indexOf(": ");
                        m = new Msg(node, peer, c < 0 ? d : d.substring(c + 2), -1);
                        reason = c < 0 ? "dropped" : d.substring(0, c);
                        msgs.add(m);
                    }
                    m.end = "dropped";
                    m.endRow = row;
                    m.reason = reason;
                }
                case TIMER -> {
                    marks.add(new Mark(node, row, "timer", e.node() + " " + d));
                    int sp = d.indexOf(' ', "timer #".length());
                    if (sp > 0) {
                        Op op = openOps.get(node + "#" + d.substring(sp + 1));
                        if (op != null) {
                            openOps.remove(node + "#" + op.id);
                            op.endRow = row;
                            op.outcome = "info";
                            op.detail = "no answer before the timeout";
                        }
                    }
                }
                case CRASH, PAUSE -> {
                    downSince.putIfAbsent(node, new int[] {row, e.kind() == TraceKind.CRASH ? 0 : 1});
                    marks.add(new Mark(node, row, "life", e.node() + " " + d));
                    if (e.kind() == TraceKind.CRASH) {
                        for (var it = openOps.values().iterator(); it.hasNext(); ) {
                            Op op = it.next();
                            if (op.lane == node) {
                                op.endRow = row;
                                op.outcome = "info";
                                op.detail = e.node() + " crashed with the request open";
                                it.remove();
                            }
                        }
                    }
                }
                case RESTART, RESUME -> {
                    int[] since = downSince.remove(node);
                    boolean down = e.kind() == TraceKind.RESTART;
                    int start = since == null ? -1 : since[0];
                    String what = down ? "down" : "paused";
                    periods.add(new Period(node, start, row, down ? "down" : "paused", null,
                            e.node() + " " + what + " " + span(start, row)));
                    marks.add(new Mark(node, row, "life", e.node() + " " + d));
                }
                case CLOCK, DISK -> marks.add(new Mark(node, row, "fault", e.node() + " " + d));
                case ACTION, FAULT -> {
                    boolean apply = d.startsWith("apply ");
                    boolean revert = d.startsWith("revert ");
                    String fault = apply ? d.substring(6) : revert ? d.substring(7) : d;
                    List<Integer> named = named(fault, laneIndex);
                    String kind = fault.split(" ", 2)[0];
                    if (apply && !INSTANT_FAULTS.contains(kind)) {
                        openBands.putIfAbsent(fault, new int[] {row});
                    } else if (revert) {
                        int[] since = openBands.remove(fault);
                        // a revert recorded twice (the nemesis action and the fault record) closes one band
                        if (since != null || !Integer.valueOf(row).equals(closedAt.get(fault))) {
                            addBand(periods, named, laneNames.size(), since == null ? -1 : since[0], row, fault);
                        }
                        closedAt.put(fault, row);
                    } else {
                        for (int l : named.isEmpty() ? List.of(-1) : named) {
                            marks.add(new Mark(l, row, "fault", d));
                        }
                    }
                }
                case LOG, WRITE, FSYNC -> marks.add(new Mark(node == null ? -1 : node, row, "local", e.node() + " " + e.kind().label() + " " + d));
                case START -> marks.add(new Mark(node, row, "life", e.node() + " started"));
                case REPLY -> marks.add(new Mark(node, row, "local", e.node() + " replied to the test: " + d));
                case VIOLATION -> violationRow = row;
                default -> { } // timer-set and timer-cancel are not drawn
            }
        }
        int lastRow = rows; // the row past the end
        for (var b : openBands.entrySet()) {
            addBand(periods, named(b.getKey(), laneIndex), laneNames.size(), b.getValue()[0], lastRow, b.getKey());
        }
        for (var s : downSince.entrySet()) {
            boolean down = s.getValue()[1] == 0;
            periods.add(new Period(s.getKey(), s.getValue()[0], lastRow, down ? "down" : "paused", null,
                    laneNames.get(s.getKey()) + (down ? " down " : " paused ") + span(s.getValue()[0], lastRow)));
        }
        if (violation != null && violationRow < 0) {
            violationRow = lastRow;
            for (int r = 0; r < rows; r++) {
                if (rowTime[r] >= violation.simTimeNanos()) {
                    violationRow = r;
                    break;
                }
            }
        }
        Set<Integer> hot = new LinkedHashSet<>();
        if (violation != null) {
            if (violation.node() != null && laneIndex.containsKey(violation.node())) {
                hot.add(laneIndex.get(violation.node()));
            } else {
                hot.addAll(named(violation.headline() + " " + (violation.detail() == null ? "" : violation.detail()), laneIndex));
            }
        }
        String svg = svg(laneNames, msgs, ops, periods, marks, violationRow, hot);
        return page(laneNames, svg, hot, msgs, ops);
    }

    private void addBand(List<Period> periods, List<Integer> named, int laneCount, int startRow, int endRow, String fault) {
        String kind = fault.split(" ", 2)[0];
        String tip = fault + ": " + span(startRow, endRow);
        List<Integer> on = named;
        if (on.isEmpty()) {
            on = new ArrayList<>();
            for (int l = 0; l < laneCount; l++) {
                on.add(l);
            }
        }
        for (int l : on) {
            periods.add(new Period(l, startRow, endRow, "band " + category(kind), kind, tip));
        }
    }

    private String span(int startRow, int endRow) {
        return (startRow < 0 ? "from before the window" : "from " + Durations.format(rowTime[startRow]))
                + (endRow >= rows ? " to the end of the window" : " to " + Durations.format(rowTime[endRow]));
    }

    private void layoutRows() {
        rowOf = new int[events.size()];
        rowTime = new long[events.size() + 1];
        rowStep = new long[events.size() + 1];
        rows = 0;
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (rows == 0 || rowTime[rows - 1] != e.timeNanos() || rowStep[rows - 1] != e.step()) {
                rowTime[rows] = e.timeNanos();
                rowStep[rows] = e.step();
                rows++;
            }
            rowOf[i] = rows - 1;
        }
        rowY = new int[rows + 1];
        int y = TOP + 20;
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                long dt = rowTime[r] - rowTime[r - 1];
                double extra = dt <= 0 ? 0 : 7 * Math.log(1 + dt / 20_000.0) / Math.log(2);
                y += ROW_GAP_MIN + (int) Math.min(ROW_GAP_EXTRA_MAX, Math.round(extra));
            }
            rowY[r] = y;
        }
        rowY[rows] = y + BOTTOM;
        if (rows > 0) {
            rowTime[rows] = rowTime[rows - 1];
        }
    }

    /** y of a row; -1 (before the window) is the top edge, {@code rows} the bottom. */
    private int y(int row) {
        return row < 0 ? TOP : rowY[row];
    }

    private static int x(int lane) {
        return AXIS_W + lane * LANE_W + LANE_W / 2;
    }

    private String svg(List<String> laneNames, List<Msg> msgs, List<Op> ops, List<Period> periods, List<Mark> marks,
                       int violationRow, Set<Integer> hot) {
        int width = AXIS_W + laneNames.size() * LANE_W + 20;
        int height = y(rows) + 10;
        StringBuilder s = new StringBuilder(events.size() * 300);
        s.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='").append(height).append("'>\n<defs>");
        for (String c : new String[] {"msg", "req", "rep", "dup"}) {
            s.append("<marker id='ah-").append(c).append("' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' orient='auto-start-reverse'>")
                    .append("<path d='M0,0 L10,5 L0,10 z' class='ah ").append(c).append("'/></marker>");
        }
        s.append("<pattern id='hatch' width='6' height='6' patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>")
                .append("<rect width='6' height='6' fill='#ddd'/><line x1='0' y1='0' x2='0' y2='6' stroke='#777' stroke-width='3'/></pattern></defs>\n");
        // time axis
        int lastLabel = -1000;
        for (int r = 0; r < rows; r++) {
            if (rowY[r] - lastLabel >= 40) {
                lastLabel = rowY[r];
                s.append("<line class='grid' x1='").append(AXIS_W - 4).append("' x2='").append(width).append("' y1='").append(rowY[r])
                        .append("' y2='").append(rowY[r]).append("'/><text class='axis' x='").append(AXIS_W - 8).append("' y='")
                        .append(rowY[r] + 3).append("'>").append(Durations.format(rowTime[r])).append("</text>\n");
            }
        }
        // fault bands, their labels staggered when several start together on a lane
        Map<Long, Integer> labelsAt = new HashMap<>();
        for (Period p : periods) {
            int y1 = y(p.startRow());
            int y2 = Math.max(y1 + 3, y(p.endRow()));
            if (p.label() != null) {
                int stagger = labelsAt.merge((long) p.lane() << 32 | y1, 1, Integer::sum) - 1;
                int x1 = x(p.lane()) - LANE_W / 2 + 4;
                s.append("<g class='").append(p.cls()).append("'><title>").append(esc(p.tip())).append("</title><rect x='").append(x1)
                        .append("' y='").append(y1).append("' width='").append(LANE_W - 8).append("' height='").append(y2 - y1)
                        .append("'/>");
                // the label again every screenful, so that a band's kind shows wherever one scrolls
                for (int ly = y1 + 10 + 10 * stagger; ly < y2 - 4; ly += 700) {
                    s.append("<text x='").append(x1 + 3).append("' y='").append(ly).append("'>").append(esc(p.label())).append("</text>");
                }
                s.append("</g>\n");
            }
        }
        // lanes
        for (int l = 0; l < laneNames.size(); l++) {
            s.append("<line class='lane").append(hot.contains(l) ? " hot" : "").append("' x1='").append(x(l)).append("' x2='").append(x(l))
                    .append("' y1='").append(TOP).append("' y2='").append(y(rows)).append("'/>\n");
        }
        for (Period p : periods) {
            if (p.label() == null) {
                int y1 = y(p.startRow());
                int y2 = Math.max(y1 + 3, y(p.endRow()));
                s.append("<rect class='").append(p.cls()).append("' x='").append(x(p.lane()) - 6).append("' y='").append(y1)
                        .append("' width='12' height='").append(y2 - y1).append("'><title>").append(esc(p.tip())).append("</title></rect>\n");
            }
        }
        // local marks
        for (Mark m : marks) {
            int cx = m.lane() < 0 ? AXIS_W - 2 : x(m.lane());
            int cy = y(m.row());
            String tip = Durations.format(rowTime[m.row()]) + "  " + clip(m.tip());
            switch (m.cls()) {
                case "timer" -> s.append("<circle class='timer' cx='").append(cx).append("' cy='").append(cy).append("' r='3'>");
                case "fault" -> s.append("<path class='fmark' d='M").append(cx).append(',').append(cy - 6).append(" l6,6 l-6,6 l-6,-6 z'>");
                case "life" -> s.append("<rect class='life' x='").append(cx - 4).append("' y='").append(cy - 2).append("' width='8' height='4'>");
                default -> s.append("<rect class='local' x='").append(cx + 2).append("' y='").append(cy - 2).append("' width='4' height='4'>");
            }
            s.append("<title>").append(esc(tip)).append("</title>").append(m.cls().equals("timer") ? "</circle>" : m.cls().equals("fault") ? "</path>" : "</rect>")
                    .append('\n');
        }
        // operations
        for (Op op : ops) {
            int y1 = y(op.startRow);
            int y2 = Math.max(y1 + 4, y(op.endRow < 0 ? rows : op.endRow));
            String tip = laneNames.get(op.lane) + " request #" + op.id + " " + op.what + " -> " + op.outcome
                    + (op.detail == null ? "" : " (" + op.detail + ")") + ", " + span(op.startRow, op.endRow < 0 ? rows : op.endRow);
            s.append("<rect class='op ").append(op.outcome).append("' x='").append(x(op.lane) - 14).append("' y='").append(y1)
                    .append("' width='7' height='").append(y2 - y1).append("' rx='2'><title>").append(esc(clip(tip))).append("</title></rect>\n");
        }
        // messages
        for (Msg m : msgs) {
            drawMessage(s, laneNames, m);
        }
        // the violation
        if (violation != null) {
            int vy = y(violationRow);
            s.append("<g class='violation'><title>").append(esc(violation.headline())).append("</title>")
                    .append("<line id='vline' x1='").append(AXIS_W - 4).append("' x2='").append(width).append("' y1='").append(vy)
                    .append("' y2='").append(vy).append("'/>");
            for (int l : hot) {
                s.append("<circle cx='").append(x(l)).append("' cy='").append(vy).append("' r='11'/>")
                        .append("<text class='bang' x='").append(x(l)).append("' y='").append(vy + 5).append("'>!</text>");
            }
            s.append("<text class='vlabel' x='").append(width - 8).append("' y='").append(vy - 7).append("'>")
                    .append(esc(clip(violation.headline()))).append("</text></g>\n");
        }
        s.append("</svg>");
        return s.toString();
    }

    private void drawMessage(StringBuilder s, List<String> laneNames, Msg m) {
        String from = laneNames.get(m.from);
        String to = laneNames.get(m.to);
        int x1 = x(m.from);
        int x2 = x(m.to);
        int y1 = y(m.sendRow);
        String kind = m.text.startsWith("Request[") ? "req" : m.text.startsWith("Reply[") ? "rep" : "msg";
        String sent = m.sendRow < 0 ? "sent before the window" : "sent " + Durations.format(rowTime[m.sendRow]);
        String tip;
        String cls;
        int ex;
        int ey;
        switch (m.end) {
            case "dropped" -> {
                cls = "drop";
                tip = from + " -> " + to + " DROPPED (" + m.reason + "), " + sent + ", dropped " + Durations.format(rowTime[m.endRow]);
                ey = y(m.endRow);
                if (ey - y1 >= 14) {
                    ex = x2 + (x1 < x2 ? -10 : 10);
                } else {
                    // lost on the way out: a short stub towards the destination
                    ex = x1 + (x2 - x1) * 2 / 5;
                    ey = y1 + 14;
                }
            }
            case "flight" -> {
                cls = "flight";
                tip = from + " -> " + to + " in flight when the window ends, " + sent;
                ex = x1 + (x2 - x1) / 3;
                ey = y1 + 18;
            }
            default -> {
                cls = m.end.equals("dup") ? "dup" : kind;
                tip = from + " -> " + to + (m.end.equals("dup") ? " DUPLICATE delivery" : "") + ", " + sent + ", delivered "
                        + Durations.format(rowTime[m.endRow]);
                ex = x2;
                ey = y(m.endRow);
            }
        }
        if (m.sendRow < 0) {
            cls += " early";
        }
        tip += "\n" + clip(m.text);
        String geometry;
        if (m.from == m.to) {
            geometry = "<path d='M" + x1 + "," + y1 + " C" + (x1 + 40) + "," + y1 + " " + (x1 + 40) + "," + ey + " " + x1 + "," + ey + "'";
        } else {
            geometry = "<line x1='" + x1 + "' y1='" + y1 + "' x2='" + ex + "' y2='" + ey + "'";
        }
        s.append("<g class='m ").append(cls).append("'><title>").append(esc(tip)).append("</title>")
                .append(geometry).append(" class='hit'/>").append(geometry).append(" class='v'");
        if (m.end.equals("delivered") || m.end.equals("dup")) {
            s.append(" marker-end='url(#ah-").append(m.end.equals("dup") ? "dup" : kind).append(")'");
        }
        s.append("/>");
        if (m.end.equals("dropped")) {
            s.append("<path class='x' d='M").append(ex - 5).append(',').append(ey - 5).append(" l10,10 m0,-10 l-10,10'/>");
        }
        int len = (int) Math.hypot(ex - x1, ey - y1);
        if (len >= 90 && m.from != m.to) {
            double deg = Math.toDegrees(Math.atan2(ey - y1, ex - x1));
            if (deg > 90 || deg < -90) {
                deg += 180;
            }
            int mx = (x1 + ex) / 2;
            int my = (y1 + ey) / 2;
            s.append("<text class='ml' x='").append(mx).append("' y='").append(my - 3).append("' transform='rotate(")
                    .append(String.format(Locale.ROOT, "%.1f", deg)).append(' ').append(mx).append(' ').append(my).append(")'>")
                    .append(esc(shortName(m.text))).append("</text>");
        }
        s.append("</g>\n");
    }

    private String page(List<String> laneNames, String svg, Set<Integer> hot, List<Msg> msgs, List<Op> ops) {
        StringBuilder h = new StringBuilder(svg.length() + 8000);
        h.append("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>").append(esc(title)).append("</title>\n<style>\n")
                .append(CSS).append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<table class='hdr'>\n");
        Map<String, String> rows = new LinkedHashMap<>(header);
        if (seed != null) {
            rows.putIfAbsent("seed", seed);
        }
        if (result != null) {
            rows.putIfAbsent("result", result);
        }
        if (traceHash != null) {
            rows.putIfAbsent("trace hash", traceHash);
        }
        for (var r : rows.entrySet()) {
            boolean fail = r.getKey().equals("result") && r.getValue().startsWith("FAIL");
            h.append("<tr><th>").append(esc(r.getKey())).append("</th><td").append(fail ? " class='fail'" : "").append('>')
                    .append(esc(r.getValue())).append("</td></tr>\n");
        }
        if (replayLine != null) {
            h.append("<tr><th>replay</th><td><code>").append(esc(replayLine)).append("</code></td></tr>\n");
        }
        h.append("</table>\n");
        if (violation != null) {
            h.append("<div class='banner'><b>").append(esc(violation.headline())).append("</b>");
            if (violation.node() != null) {
                h.append(" on ").append(esc(violation.node()));
            }
            if (violation.detail() != null) {
                h.append("<pre>").append(esc(violation.detail())).append("</pre>");
            }
            h.append("</div>\n");
        }
        h.append("<p class='window'>").append(windowNote()).append(' ').append(counts(msgs, ops)).append("</p>\n");
        h.append(LEGEND);
        int width = AXIS_W + laneNames.size() * LANE_W + 20;
        h.append("<div id='dia' class='dia'><div class='lanes' style='width:").append(width).append("px'>");
        for (int l = 0; l < laneNames.size(); l++) {
            h.append("<span class='lname").append(hot.contains(l) ? " hot" : "").append("' style='left:").append(x(l) - LANE_W / 2)
                    .append("px;width:").append(LANE_W).append("px'>").append(esc(laneNames.get(l))).append("</span>");
        }
        h.append("</div>\n").append(svg).append("\n</div>\n")
                .append("<script>(function(){var d=document.getElementById('dia'),v=document.getElementById('vline');")
                .append("d.scrollTop=v?Math.max(0,v.y1.baseVal.value-d.clientHeight*0.7):d.scrollHeight;})();</script>\n")
                .append("</body></html>\n");
        return h.toString();
    }

    private String windowNote() {
        long total = omitted + events.size();
        if (events.isEmpty()) {
            return "No trace events" + (omitted > 0 ? String.format(Locale.ROOT, " (%,d omitted).", omitted) : ".");
        }
        TraceEvent first = events.get(0);
        TraceEvent last = events.get(events.size() - 1);
        String range = String.format(Locale.ROOT, "steps %,d to %,d, t=%s to %s", first.step(), last.step(),
                Durations.format(first.timeNanos()), Durations.format(last.timeNanos()));
        if (omitted == 0) {
            return String.format(Locale.ROOT, "All %,d trace events of the run (%s).", total, range);
        }
        return String.format(Locale.ROOT, "Window: the last %,d of %,d trace events (%s); %,d earlier events omitted.",
                events.size(), total, range, omitted);
    }

    private static String counts(List<Msg> msgs, List<Op> ops) {
        int delivered = 0;
        int dropped = 0;
        for (Msg m : msgs) {
            if (m.end.equals("delivered") || m.end.equals("dup")) {
                delivered++;
            } else if (m.end.equals("dropped")) {
                dropped++;
            }
        }
        int ok = 0;
        int fail = 0;
        int info = 0;
        for (Op op : ops) {
            switch (op.outcome) {
                case "ok" -> ok++;
                case "fail" -> fail++;
                case "info" -> info++;
                default -> { }
            }
        }
        return String.format(Locale.ROOT, "In the window: %,d messages delivered, %,d dropped; requests %d ok, %d fail, %d info.",
                delivered, dropped, ok, fail, info);
    }

    // ------------------------------------------------------------------ text helpers

    private static String key(Integer from, Integer to, String text) {
        return from + "\u0001" + to + "\u0001" + text;
    }

    /** {id, op} of a {@code Request[from=.., id=.., op=..]}, or null. */
    private static String[] request(String d) {
        return fields(d, "Request[", ", op=");
    }

    /** {id, value} of a {@code Reply[from=.., id=.., value=..]}, or null. */
    private static String[] reply(String d) {
        return fields(d, "Reply[", ", value=");
    }

    private static String[] fields(String d, String prefix, String last) {
        if (!d.startsWith(prefix) || !d.endsWith("]")) {
            return null;
        }
        int id = d.indexOf(", id=");
        int rest = d.indexOf(last);
        if (id < 0 || rest < id) {
            return null;
        }
        return new String[] {d.substring(id + 5, rest), d.substring(rest + last.length(), d.length() - 1)};
    }

    /** The lanes named as words in {@code text}, in lane order. */
    private static List<Integer> named(String text, Map<String, Integer> laneIndex) {
        Set<Integer> found = new java.util.TreeSet<>();
        for (String word : text.split("[\\s,|;:()\\[\\]{}=']+")) {
            Integer l = laneIndex.get(word);
            if (l != null) {
                found.add(l);
            }
        }
        return new ArrayList<>(found);
    }

    private static String category(String kind) {
        if (kind.contains("partition") || kind.contains("isolate") || kind.contains("majorities") || kind.contains("one-way")) {
            return "net";
        }
        if (kind.contains("link") || kind.contains("connection")) {
            return "link";
        }
        if (kind.contains("pause")) {
            return "pause";
        }
        if (kind.contains("clock")) {
            return "clock";
        }
        if (kind.contains("disk")) {
            return "disk";
        }
        if (kind.contains("kill") || kind.contains("power") || kind.contains("crash") || kind.contains("restart")) {
            return "crash";
        }
        return "other";
    }

    /** {@code AppendEntries[term=3, ...]} -> {@code AppendEntries}; requests and replies keep their id. */
    private static String shortName(String text) {
        String[] req = request(text);
        if (req != null) {
            return "req #" + req[0];
        }
        String[] rep = reply(text);
        if (rep != null) {
            return "reply #" + rep[0];
        }
        int end = text.length();
        for (char c : new char[] {'[', '(', '{', ' '}) {
            int i = text.indexOf(c);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        String name = text.substring(0, end);
        return name.length() > 24 ? name.substring(0, 22) + "…" : name;
    }

    private static String clip(String s) {
        return s.length() <= CLIP ? s : s.substring(0, CLIP) + "… (" + s.length() + " chars)";
    }

    /** Escapes text for HTML content and single- or double-quoted attributes. */
    static String esc(String s) {
        return Html.escape(s);
    }

    private static final String CSS = """
            body{font:13px system-ui,sans-serif;margin:12px 16px;color:#222}
            h1{font-size:18px;margin:0 0 6px}
            .hdr{border-collapse:collapse;margin-bottom:6px}.hdr th{text-align:left;padding:1px 12px 1px 0;color:#555;font-weight:600}
            .hdr td{padding:1px 0;font-family:ui-monospace,monospace}.hdr td.fail{color:#c00;font-weight:700}
            .banner{background:#fde8e8;border:2px solid #d00;border-radius:4px;padding:6px 10px;margin:6px 0}
            .banner b{color:#b00}.banner pre{margin:4px 0 0;white-space:pre-wrap;max-height:7em;overflow:auto;font-size:12px}
            .window{margin:4px 0;color:#333}.legend{margin:2px 0 6px;font-size:12px;color:#444}
            .legend i{display:inline-block;width:22px;height:9px;margin:0 3px 0 10px;vertical-align:middle;border-radius:2px}
            .dia{height:78vh;min-height:360px;overflow:auto;border:1px solid #ccc;position:relative;background:#fff}
            .lanes{position:sticky;top:0;height:24px;background:#f4f4f4;border-bottom:1px solid #ccc;z-index:2}
            .lname{position:absolute;top:3px;text-align:center;font:700 13px ui-monospace,monospace}
            .lname.hot{color:#fff;background:#d00;border-radius:3px}
            svg{display:block}svg text{font-family:ui-monospace,monospace}
            .grid{stroke:#eee}.axis{font-size:10px;fill:#666;text-anchor:end}
            .lane{stroke:#555;stroke-width:1.5}.lane.hot{stroke:#d00;stroke-width:2.5}
            .down{fill:url(#hatch)}.paused{fill:#f5b041;opacity:.8}
            .band rect{opacity:.16}.band text{font-size:9px;opacity:.9}
            .band.net rect{fill:#1f77b4}.band.net text{fill:#1f77b4}.band.link rect{fill:#9467bd}.band.link text{fill:#9467bd}
            .band.pause rect{fill:#ff7f0e}.band.pause text{fill:#c55a00}.band.clock rect{fill:#17becf}.band.clock text{fill:#0e8a96}
            .band.disk rect{fill:#bcbd22}.band.disk text{fill:#7f800f}.band.crash rect{fill:#8c564b}.band.crash text{fill:#8c564b}
            .band.other rect{fill:#7f7f7f}.band.other text{fill:#555}
            .timer{fill:#fff;stroke:#999}.local{fill:#8c6d31}.life{fill:#333}.fmark{fill:#e67e22;stroke:#fff}
            .m .hit{stroke:transparent;stroke-width:8;fill:none}.m .v{stroke-width:1.3;fill:none}
            .m:hover .v{stroke-width:3}
            .msg .v{stroke:#3a5a8c}.req .v{stroke:#1b7f5f}.rep .v{stroke:#7b4fa0}.dup .v{stroke:#3a5a8c;stroke-dasharray:2 3}
            .drop .v{stroke:#d62728;stroke-dasharray:5 3}.x{stroke:#d62728;stroke-width:2.5;fill:none}
            .flight .v{stroke:#999;stroke-dasharray:2 2}.early .v{stroke-dasharray:6 4;opacity:.7}
            .ah.msg,.ah.dup{fill:#3a5a8c}.ah.req{fill:#1b7f5f}.ah.rep{fill:#7b4fa0}
            .ml{font-size:9px;fill:#555;text-anchor:middle;pointer-events:none}
            .op{stroke:#333;stroke-width:.6}.op.ok{fill:#3a9a4a}.op.fail{fill:#c0508c}.op.info{fill:#e8a33d}.op.open{fill:#bbb}
            .violation line{stroke:#d00;stroke-width:3}.violation circle{fill:#d00;stroke:#fff;stroke-width:2}
            .bang{fill:#fff;font:700 15px sans-serif;text-anchor:middle}.vlabel{fill:#b00;font-size:12px;font-weight:700;text-anchor:end;paint-order:stroke;stroke:#fff;stroke-width:4px}
            """;

    private static final String LEGEND = "<div class='legend'>"
            + "<i style='background:#3a5a8c;height:2px'></i>message"
            + "<i style='background:#1b7f5f;height:2px'></i>request"
            + "<i style='background:#7b4fa0;height:2px'></i>reply"
            + "<i style='border-top:2px dashed #d62728;height:0'></i>dropped (ends in ✕)"
            + "<i style='border-top:2px dotted #3a5a8c;height:0'></i>duplicate"
            + "<i style='background:#3a9a4a;width:8px'></i>op ok"
            + "<i style='background:#c0508c;width:8px'></i>op fail"
            + "<i style='background:#e8a33d;width:8px'></i>op info"
            + "<i style='background:#bbb;width:8px'></i>op open"
            + "<i style='background:repeating-linear-gradient(45deg,#777 0 3px,#ddd 3px 6px)'></i>node down"
            + "<i style='background:#f5b041'></i>paused"
            + "<i style='background:rgba(31,119,180,.25)'></i>partition"
            + "<i style='background:rgba(148,103,189,.25)'></i>link fault"
            + "<i style='background:rgba(23,190,207,.25)'></i>clock"
            + "<i style='background:rgba(140,86,75,.25)'></i>kill"
            + "<i style='background:#d00;height:3px'></i>violation"
            + "<br>Time flows down (compressed: each step a row, gaps grow with the log of the time between them). "
            + "Hover an arrow, bar or mark for the message, operation or event; ○ timer, ▪ log/write, ◆ fault event.</div>\n";
}
