package dev.dst.elle;

import java.util.List;

/** Text for keys, elements and transactions in anomaly reports: compact, EDN-like, strings unquoted. */
final class Render {
    private Render() {}

    static String value(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
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
