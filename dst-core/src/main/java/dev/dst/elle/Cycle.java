package dev.dst.elle;

import java.util.ArrayList;
import java.util.List;

/**
 * A cycle of dependencies between committed transactions, such as
 * {@code T3 --wr(x,4)--> T7 --rw(y after 2)--> T3}.
 *
 * <p>Edge labels: {@code ww(x after 3)} the source appended 3 to x and the target appended the
 * next element; {@code wr(x,4)} the source appended 4 and the target's read of x ended at 4;
 * {@code rw(x after 2)} the source's read of x ended at 2 and the target appended the next
 * element ({@code rw(x empty)}: the source read x empty and the target appended its first
 * element); {@code process} and {@code realtime} the source completed before the target began.
 *
 * @param steps        the edges in order; each starts where the previous ended, the last ends at the first's start
 * @param transactions one line per transaction of the cycle, in order: its id, process, outcome and micro-ops
 */
public record Cycle(List<Step> steps, List<String> transactions) {
    public Cycle {
        steps = List.copyOf(steps);
        transactions = List.copyOf(transactions);
        if (steps.isEmpty() || transactions.size() != steps.size()) {
            throw new IllegalArgumentException("a cycle has one transaction per step: " + steps);
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).to() != steps.get((i + 1) % steps.size()).from()) {
                throw new IllegalArgumentException("steps do not form a cycle: " + steps);
            }
        }
    }

    /**
     * One edge.
     *
     * @param from  the source transaction's id
     * @param to    the target transaction's id
     * @param kind  why the source comes first
     * @param key   the key that justifies a data edge, or null for process and realtime
     * @param value the element that justifies it (see the labels above), or null
     */
    public record Step(int from, int to, EdgeKind kind, Object key, Object value) {
        /** The edge's label, such as {@code wr(x,4)} or {@code realtime}. */
        public String label() {
            String k = Render.value(key);
            return switch (kind) {
                case WW -> "ww(" + k + " after " + Render.value(value) + ")";
                case WR -> "wr(" + k + "," + Render.value(value) + ")";
                case RW -> value == null ? "rw(" + k + " empty)" : "rw(" + k + " after " + Render.value(value) + ")";
                case PROCESS, REALTIME -> kind.label();
            };
        }
    }

    /** The transaction ids in order, from the first step's source. */
    public List<Integer> txns() {
        List<Integer> ids = new ArrayList<>(steps.size());
        for (Step s : steps) {
            ids.add(s.from());
        }
        return ids;
    }

    /** One line: {@code T3 --wr(x,4)--> T7 --rw(y after 2)--> T3}. */
    public String path() {
        StringBuilder sb = new StringBuilder("T").append(steps.get(0).from());
        for (Step s : steps) {
            sb.append(" --").append(s.label()).append("--> T").append(s.to());
        }
        return sb.toString();
    }

    /** The path, then one indented line per transaction with its micro-ops. */
    public String text() {
        StringBuilder sb = new StringBuilder(path());
        for (String t : transactions) {
            sb.append("\n  ").append(t);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return path();
    }
}
