package dev.dst.elle;

import dev.dst.elle.KeyHistory.Read;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers each key's version order from the reads, decides which transactions committed, and
 * reports the read anomalies that need no graph: duplicate-elements, incompatible-order, G1a,
 * garbage-read, dirty-update and G1b. Costs one pass over the micro-ops plus, per key, one comparison of each
 * read with the version order (linear in the total length of the reads).
 */
final class Versions {
    private final List<Txn> txns;
    private final List<Anomaly> out;
    private final Map<Object, KeyHistory> keys = new LinkedHashMap<>();

    private Versions(List<Txn> txns, List<Anomaly> out) {
        this.txns = txns;
        this.out = out;
    }

    /** The keys in order of first use; anomalies are appended to {@code out}; sets {@link Txn#committed}. */
    static Map<Object, KeyHistory> infer(List<Txn> txns, List<Anomaly> out) {
        Versions v = new Versions(txns, out);
        for (Txn t : txns) {
            v.index(t);
        }
        for (KeyHistory k : v.keys.values()) {
            v.order(k);
            v.abortedAndGarbage(k);
            v.dirtyUpdate(k);
        }
        v.markCommitted();
        for (KeyHistory k : v.keys.values()) {
            v.intermediateReads(k);
        }
        return v.keys;
    }

    private KeyHistory key(Object key) {
        return keys.computeIfAbsent(key, KeyHistory::new);
    }

    private void index(Txn t) {
        Map<Object, Object> lastAppend = new HashMap<>();
        Set<Object> touched = new HashSet<>();
        for (int i = 0; i < t.microOps.size(); i++) {
            MicroOp m = t.microOps.get(i);
            KeyHistory k = key(m.key());
            if (m.write()) {
                indexAppend(t, k, m.value(), lastAppend.put(m.key(), m.value()));
            } else if (t.isOk()) {
                k.reads.add(new Read(t.node, i, m.readValues(), !touched.contains(m.key())));
            }
            touched.add(m.key());
        }
    }

    private static void indexAppend(Txn t, KeyHistory k, Object element, Object previousOwnAppend) {
        if (t.isFail()) {
            k.failedWriter.putIfAbsent(element, t.node);
            return;
        }
        k.writer.putIfAbsent(element, t.node);
        if (previousOwnAppend != null) {
            k.intermediate.add(previousOwnAppend);
        }
    }

    /** The longest read is the version order; every other read must be a prefix of it. */
    private void order(KeyHistory k) {
        int longest = -1;
        for (int i = 0; i < k.reads.size(); i++) {
            if (longest < 0 || k.reads.get(i).values().size() > k.reads.get(longest).values().size()) {
                longest = i;
            }
        }
        if (longest < 0) {
            return;
        }
        Read base = k.reads.get(longest);
        k.order = base.values();
        k.orderReader = base.node();
        for (int p = 0; p < k.order.size(); p++) {
            k.position.putIfAbsent(k.order.get(p), p);
        }
        duplicates(k, base);
        Set<List<Object>> reported = new HashSet<>();
        for (int i = 0; i < k.reads.size(); i++) {
            Read r = k.reads.get(i);
            if (i != longest && !isPrefix(r.values(), k.order)) {
                k.incompatible.set(i);
                if (reported.add(r.values())) {
                    incompatible(k, r, base);
                    duplicates(k, r);
                }
            }
        }
    }

    private static boolean isPrefix(List<Object> shorter, List<Object> longer) {
        if (shorter.size() > longer.size()) {
            return false;
        }
        for (int i = 0; i < shorter.size(); i++) {
            if (!shorter.get(i).equals(longer.get(i))) {
                return false;
            }
        }
        return true;
    }

    private void incompatible(KeyHistory k, Read r, Read base) {
        Txn reader = txns.get(r.node());
        Txn other = txns.get(base.node());
        out.add(new Anomaly.ReadAnomaly(AnomalyType.INCOMPATIBLE_ORDER, k.key, List.of(reader.op.id(), other.op.id()),
                Render.name(reader) + " read " + Render.value(k.key) + " " + Render.value(r.values())
                        + ", which is not a prefix of " + Render.name(other) + "'s read " + Render.value(base.values())
                        + difference(r.values(), base.values()) + "\n  " + reader + "\n  " + other));
    }

    /** Where a read that is not a prefix of {@code order} (and no longer than it) first departs from it. */
    private static String difference(List<Object> read, List<Object> order) {
        assert read.size() <= order.size() && !isPrefix(read, order);
        int i = 0;
        while (read.get(i).equals(order.get(i))) {
            i++;
        }
        return " (at index " + i + ": " + Render.value(read.get(i)) + ", not " + Render.value(order.get(i)) + ")";
    }

    private void duplicates(KeyHistory k, Read r) {
        ObjectOpenHashSet<Object> seen = new ObjectOpenHashSet<>(r.values().size());
        List<Object> twice = new ArrayList<>();
        for (Object e : r.values()) {
            if (!seen.add(e) && !twice.contains(e)) {
                twice.add(e);
            }
        }
        if (!twice.isEmpty()) {
            Txn reader = txns.get(r.node());
            out.add(new Anomaly.ReadAnomaly(AnomalyType.DUPLICATE_ELEMENTS, k.key, List.of(reader.op.id()),
                    Render.name(reader) + " read " + Render.value(k.key) + " " + Render.value(r.values()) + ", in which "
                            + Render.value(twice) + " appear more than once\n  " + reader));
        }
    }

    /**
     * Elements no committed-or-unknown transaction appended: G1a when a failed one did, else
     * garbage. Each is reported once, with the first reader (in transaction order) that saw it.
     * A read that is a prefix of the order sees exactly the order's first elements, so bad
     * positions are handed out with one pointer instead of by scanning every read.
     */
    private void abortedAndGarbage(KeyHistory k) {
        IntArrayList badPositions = new IntArrayList();
        for (int p = 0; p < k.order.size(); p++) {
            if (k.writerAt(p) < 0) {
                badPositions.add(p);
            }
        }
        ObjectOpenHashSet<Object> reported = new ObjectOpenHashSet<>();
        int next = 0;
        for (int i = 0; i < k.reads.size(); i++) {
            Read r = k.reads.get(i);
            if (!k.incompatible.get(i)) {
                for (; next < badPositions.size() && badPositions.getInt(next) < r.values().size(); next++) {
                    Object e = k.order.get(badPositions.getInt(next));
                    if (reported.add(e)) {
                        unwritten(k, r, e);
                    }
                }
            } else {
                for (Object e : r.values()) {
                    if (k.writer.getInt(e) < 0 && reported.add(e)) {
                        unwritten(k, r, e);
                    }
                }
            }
        }
    }

    private void unwritten(KeyHistory k, Read r, Object element) {
        Txn reader = txns.get(r.node());
        String read = Render.name(reader) + " read " + Render.value(k.key) + " " + Render.value(r.values());
        int failed = k.failedWriter.getInt(element);
        out.add(failed >= 0 ? abortedRead(k.key, reader, read, element, txns.get(failed), "appended")
                : garbageRead(k.key, reader, read, element, "appended"));
    }

    /** G1a: {@code read} (the reader's name, the key and what it saw) saw {@code value}, which a failed transaction wrote. */
    static Anomaly abortedRead(Object key, Txn reader, String read, Object value, Txn writer, String verb) {
        return new Anomaly.ReadAnomaly(AnomalyType.G1A, key, List.of(reader.op.id(), writer.op.id()),
                read + ", but " + Render.value(value) + " was " + verb + " by " + Render.name(writer) + ", which failed"
                        + "\n  " + reader + "\n  " + writer);
    }

    /** Garbage read: {@code read} saw {@code value}, which no transaction wrote. */
    static Anomaly garbageRead(Object key, Txn reader, String read, Object value, String verb) {
        return new Anomaly.ReadAnomaly(AnomalyType.GARBAGE_READ, key, List.of(reader.op.id()),
                read + ", but no transaction " + verb + " " + Render.value(value) + " to " + Render.value(key)
                        + "\n  " + reader);
    }

    /**
     * Dirty update: the order holds a failed transaction's element and, later, an element of a
     * transaction that committed (every element with a writer in the order was read, so its writer
     * committed). Reported once per key, for the first such pair.
     */
    private void dirtyUpdate(KeyHistory k) {
        int aborted = -1;
        for (int p = 0; p < k.order.size(); p++) {
            Object e = k.order.get(p);
            if (aborted < 0 && k.writer.getInt(e) < 0 && k.failedWriter.getInt(e) >= 0) {
                aborted = p;
            } else if (aborted >= 0 && k.writer.getInt(e) >= 0) {
                Txn failed = txns.get(k.failedWriter.getInt(k.order.get(aborted)));
                Txn writer = txns.get(k.writer.getInt(e));
                Txn reader = txns.get(k.orderReader);
                out.add(new Anomaly.ReadAnomaly(AnomalyType.DIRTY_UPDATE, k.key,
                        List.of(writer.op.id(), failed.op.id(), reader.op.id()),
                        Render.name(reader) + " read " + Render.value(k.key) + " " + Render.value(k.order) + ": "
                                + Render.name(writer) + " appended " + Render.value(e) + " after "
                                + Render.value(k.order.get(aborted)) + ", which " + Render.name(failed)
                                + " appended and which failed\n  " + writer + "\n  " + failed + "\n  " + reader));
                return;
            }
        }
    }

    /** Ok transactions committed; an info transaction did when one of its appends was read. */
    private void markCommitted() {
        for (Txn t : txns) {
            t.committed = t.isOk() || (!t.isFail() && anyAppendRead(t));
        }
    }

    private boolean anyAppendRead(Txn t) {
        for (MicroOp m : t.microOps) {
            if (m.write() && keys.get(m.key()).position.getInt(m.value()) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** G1b: a read that ended at an element after which its (other) transaction appended to the key again. */
    private void intermediateReads(KeyHistory k) {
        for (Read r : k.reads) {
            if (r.values().isEmpty()) {
                continue;
            }
            Object last = r.values().get(r.values().size() - 1);
            int w = k.writer.getInt(last);
            if (w >= 0 && w != r.node() && k.intermediate.contains(last)) {
                Txn reader = txns.get(r.node());
                Txn writer = txns.get(w);
                out.add(new Anomaly.ReadAnomaly(AnomalyType.G1B, k.key, List.of(reader.op.id(), writer.op.id()),
                        Render.name(reader) + " read " + Render.value(k.key) + " " + Render.value(r.values()) + ", ending at "
                                + Render.value(last) + ", which " + Render.name(writer) + " appended before appending to "
                                + Render.value(k.key) + " again\n  " + reader + "\n  " + writer));
            }
        }
    }
}
