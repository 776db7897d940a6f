package dev.dst.elle;

import dev.dst.elle.KeyHistory.Read;

import java.util.List;
import java.util.Map;

/**
 * The ww, wr and rw edges inferred from each key's version order. Elements nobody read have no
 * known place in the order and give no edges; reads that are not a prefix of the order (already
 * reported as incompatible-order) give none either, nor does a repeated element (duplicate-elements). Costs O(order length + reads) per key.
 */
final class DataEdges {
    private DataEdges() {}

    static void add(Graph g, Map<Object, KeyHistory> keys, List<Txn> txns) {
        for (KeyHistory k : keys.values()) {
            writeWrite(g, k, txns);
            for (int i = 0; i < k.reads.size(); i++) {
                Read r = k.reads.get(i);
                if (r.external() && !k.incompatible.get(i)) {
                    fromRead(g, k, r);
                }
            }
        }
    }

    /** ww: the appender of element i precedes the appender of element i + 1. */
    private static void writeWrite(Graph g, KeyHistory k, List<Txn> txns) {
        for (int i = 0; i + 1 < k.order.size(); i++) {
            int a = k.writerAt(i);
            int b = k.writerAt(i + 1);
            if (a >= 0 && b >= 0 && a != b && k.firstAt(i) && k.firstAt(i + 1)) {
                assert txns.get(a).committed && txns.get(b).committed : "read elements come from committed transactions";
                g.add(a, b, EdgeKind.WW, k.key, k.order.get(i));
            }
        }
    }

    /**
     * wr: the appender of the last element read precedes the reader; rw: the reader precedes
     * the appender of the next element in the order (the first one, for an empty read). Only a
     * transaction's first access to a key is used: later reads are the internal check's.
     */
    private static void fromRead(Graph g, KeyHistory k, Read r) {
        int n = r.values().size();
        Object last = n == 0 ? null : r.values().get(n - 1);
        if (n > 0) {
            int w = k.writer.getInt(last);
            if (w >= 0 && w != r.node()) {
                g.add(w, r.node(), EdgeKind.WR, k.key, last);
            }
        }
        if (n < k.order.size() && k.firstAt(n)) {
            int next = k.writerAt(n);
            // After an intermediate read (G1b) the next element is the same writer's: no version of another lies between.
            boolean sameWriter = n > 0 && next == k.writer.getInt(last);
            if (next >= 0 && next != r.node() && !sameWriter) {
                g.add(r.node(), next, EdgeKind.RW, k.key, last);
            }
        }
    }
}
