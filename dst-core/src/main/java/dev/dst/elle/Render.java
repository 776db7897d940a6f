package dev.dst.elle;

import java.util.List;

/**
 * Text for keys, elements and transactions in anomaly reports: compact, EDN-like, strings
 * unquoted. A list longer than {@value #LIST_SHOWN_MAX} elements shows its first
 * {@value #LIST_HEAD} and last {@value #LIST_TAIL} (where reads differ is usually at the end),
 * so a report stays readable and cheap when reads hold thousands of elements.
 */
final class Render {
    static final int LIST_SHOWN_MAX = 16;
    static final int LIST_HEAD = 4;
    static final int LIST_TAIL = 8;

    private Render() {}

    static String value(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            boolean shorten = list.size() > LIST_SHOWN_MAX;
            for (int i = 0; i < list.size(); i++) {
                if (shorten && i == LIST_HEAD) {
                    int skipped = list.size() - LIST_HEAD - LIST_TAIL;
                    sb.append(" ...").append(skipped).append(" more...");
                    i += skipped - 1;
                    continue;
                }
                sb.append(i == 0 ? "" : " ").append(value(list.get(i)));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }

    /** {@code T4 (p1, ok): [append x 1] [r y [1 2]]} */
    static String txn(Txn t) {
        StringBuilder sb = new StringBuilder(name(t)).append(" (p").append(t.op.process()).append(", ")
                .append(t.op.type().jepsenName()).append("):");
        for (MicroOp m : t.microOps) {
            sb.append(' ').append(m);
        }
        return sb.toString();
    }

    /** {@code T4}: the operation's id, its position among the history's operations. */
    static String name(Txn t) {
        return "T" + t.op.id();
    }
}
