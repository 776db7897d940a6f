package dev.dst.nemesis;

import dev.dst.cluster.Cluster;
import dev.dst.shrink.Reducer;
import dev.dst.trace.Durations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Shrinks a nemesis plan in its text form (the {@value Cluster#PLAN_ATTACHMENT} attachment): a
 * fault is an {@code apply} step together with the next {@code revert} of the same fault, or a
 * step on its own (a clock jump, a kill never restarted). Candidates, most aggressive first: no
 * faults at all; halves, quarters ... of the faults removed; each single fault removed; each
 * fault's time in force halved. Works on the text, so it needs no world to resolve node names.
 */
public final class PlanReducer implements Reducer {
    private static final long MIN_DURATION_NANOS = 1_000_000; // shorter than 1 ms is not worth another run
    private static final long[] SHIFTS_NANOS = {-500_000, 500_000, -1_000_000, 1_000_000, -1_500_000, 1_500_000};

    private record Line(long atNanos, boolean apply, String fault) {
        String text() {
            return Durations.formatExact(atNanos) + (apply ? " apply " : " revert ") + fault;
        }
    }

    /** One fault: an apply with its revert ({@code revert} index or -1), or a lone step. */
    private record Group(int first, int revert) {}

    @Override
    public String key() {
        return Cluster.PLAN_ATTACHMENT;
    }

    @Override
    public String unit() {
        return "fault events";
    }

    @Override
    public long size(String text) {
        return parse(text).size();
    }

    @Override
    public long weight(String text) {
        List<Line> lines = parse(text);
        long total = 0;
        for (Group g : groups(lines)) {
            if (g.revert >= 0) {
                total += lines.get(g.revert).atNanos - lines.get(g.first).atNanos;
            }
        }
        return total;
    }

    @Override
    public String describe(String text) {
        return size(text) + " fault events, " + Durations.format(weight(text)) + " in force";
    }

    @Override
    public List<String> candidates(String text) {
        List<Line> lines = parse(text);
        List<Group> groups = groups(lines);
        List<String> out = new ArrayList<>();
        if (groups.isEmpty()) {
            return out;
        }
        out.add(render(List.of()));
        for (int chunk = Integer.highestOneBit(Math.max(1, groups.size() - 1)); chunk >= 1; chunk /= 2) {
            if (chunk >= groups.size()) {
                continue;
            }
            for (int from = 0; from < groups.size(); from += chunk) {
                List<Line> kept = new ArrayList<>(lines);
                boolean[] drop = new boolean[lines.size()];
                for (int g = from; g < Math.min(groups.size(), from + chunk); g++) {
                    drop[groups.get(g).first] = true;
                    if (groups.get(g).revert >= 0) {
                        drop[groups.get(g).revert] = true;
                    }
                }
                kept.clear();
                for (int i = 0; i < lines.size(); i++) {
                    if (!drop[i]) {
                        kept.add(lines.get(i));
                    }
                }
                out.add(render(kept));
            }
        }
        // a fault removed and every later step moved by a little: a bug that needs a fault inside
        // a window of a few milliseconds (a power loss between an acknowledgement and the fsync
        // after it) loses the window when an earlier fault goes, because the schedule after it
        // shifts; moving the later faults by up to a group-commit period finds it again
        if (groups.size() > 1) {
            for (long shift : SHIFTS_NANOS) {
                for (Group g : groups) {
                    long from = lines.get(g.first).atNanos;
                    List<Line> shifted = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        if (i == g.first || i == g.revert) {
                            continue;
                        }
                        Line l = lines.get(i);
                        shifted.add(l.atNanos > from ? new Line(Math.max(from, l.atNanos + shift), l.apply, l.fault) : l);
                    }
                    out.add(render(shifted));
                }
            }
        }
        for (Group g : groups) {
            if (g.revert < 0) {
                continue;
            }
            Line apply = lines.get(g.first);
            Line revert = lines.get(g.revert);
            long duration = revert.atNanos - apply.atNanos;
            if (duration < 2 * MIN_DURATION_NANOS) {
                continue;
            }
            // the shortest first (often enough, and one run instead of a dozen halvings), then half
            for (long d : new long[] {MIN_DURATION_NANOS, duration / 2}) {
                List<Line> shorter = new ArrayList<>(lines);
                shorter.set(g.revert, new Line(apply.atNanos + d, false, revert.fault));
                out.add(render(shorter));
            }
        }
        return List.copyOf(new LinkedHashSet<>(out)); // a candidate tried twice is a run wasted
    }

    private static List<Group> groups(List<Line> lines) {
        boolean[] used = new boolean[lines.size()];
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (used[i]) {
                continue;
            }
            used[i] = true;
            int revert = -1;
            if (lines.get(i).apply) {
                for (int j = i + 1; j < lines.size(); j++) {
                    if (!used[j] && !lines.get(j).apply && lines.get(j).fault.equals(lines.get(i).fault)) {
                        revert = j;
                        used[j] = true;
                        break;
                    }
                }
            }
            groups.add(new Group(i, revert));
        }
        return groups;
    }

    private static String render(List<Line> lines) {
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingLong(Line::atNanos)); // stable, as NemesisPlan orders steps
        StringBuilder sb = new StringBuilder("dst-plan 1\n");
        for (Line l : sorted) {
            sb.append(l.text()).append('\n');
        }
        return sb.toString();
    }

    /** The steps of a plan's text; comments and blank lines skipped. Malformed lines are errors. */
    private static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        boolean header = false;
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.equals("dst-plan 1")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": expected 'dst-plan 1'");
                }
                header = true;
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3 || !(parts[1].equals("apply") || parts[1].equals("revert")) || !parts[0].endsWith("s")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected '<time>s apply|revert <fault>', got '" + line + "'");
            }
            long at;
            try {
                at = dev.dst.trace.Durations.parseExact(parts[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": bad time '" + parts[0] + "'");
            }
            lines.add(new Line(at, parts[1].equals("apply"), parts[2]));
        }
        return lines;
    }
}
