package dev.dst.elle;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an rw-register history says about each key, the read anomalies that need no graph
 * (internal, G1a, G1b, garbage-read, lost-update), and the data edges. See {@link RwRegister}.
 */
final class Registers {
    /**
     * At most this many rw edges from readers of the initial state (one per reader of nil and
     * writer of the key, summed over keys): past it the rest are left out and the check says a
     * search was truncated, so that memory stays bounded on any input (about 60 bytes an edge).
     */
    static final long MAX_INITIAL_EDGES = 2_000_000;
    /** One register key: who wrote each value, who read it, and what each reader then wrote. */
    static final class Key {
        final Object key;
        /** value -> node of the ok or info transaction whose last write of the key it was. */
        final Object2IntOpenHashMap<Object> writer = new Object2IntOpenHashMap<>();
        /** The external writes in transaction order: values and their writers' nodes. */
        final ObjectArrayList<Object> writtenValues = new ObjectArrayList<>();
        final IntArrayList writtenBy = new IntArrayList();
        /** value -> node that wrote it and then wrote the key again in the same transaction. */
        final Object2IntOpenHashMap<Object> intermediate = new Object2IntOpenHashMap<>();
        /** value -> node of the failed transaction that wrote it. */
        final Object2IntOpenHashMap<Object> failedWriter = new Object2IntOpenHashMap<>();
        /** value (nil included) -> the ok transactions that read it externally, in transaction order. */
        final Map<Object, IntArrayList> readers = new LinkedHashMap<>();
        /** Transactions that read the key externally and then wrote it: (node, value read, value written). */
        final IntArrayList followNode = new IntArrayList();
        final ObjectArrayList<Object> followRead = new ObjectArrayList<>();
        final ObjectArrayList<Object> followWrite = new ObjectArrayList<>();

        Key(Object key) {
            this.key = key;
            writer.defaultReturnValue(-1);
            intermediate.defaultReturnValue(-1);
            failedWriter.defaultReturnValue(-1);
        }
    }

    private final List<Txn> txns;
    private final List<Anomaly> out;
    private final Map<Object, Key> keys = new LinkedHashMap<>();
    private long initialEdges;
    private long maxInitialEdges = MAX_INITIAL_EDGES;
    private boolean initialEdgesTruncated;

    private Registers(List<Txn> txns, List<Anomaly> out) {
        this.txns = txns;
        this.out = out;
    }

    /** Indexes every transaction, sets {@link Txn#committed}, and appends the read anomalies to {@code out}. */
    static Registers index(List<Txn> txns, List<Anomaly> out) {
        Registers r = new Registers(txns, out);
        for (Txn t : txns) {
            r.index(t);
        }
        r.markCommitted();
        for (Key k : r.keys.values()) {
            r.badReads(k);
            r.lostUpdates(k);
        }
        return r;
    }

    private Key key(Object key) {
        return keys.computeIfAbsent(key, Key::new);
    }

    private void index(Txn t) {
        if (t.isFail()) {
            for (MicroOp m : t.microOps) {
                if (m.write()) {
                    key(m.key()).failedWriter.putIfAbsent(m.value(), t.node);
                }
            }
            return;
        }
        Map<Object, Object> lastWrite = new LinkedHashMap<>();
        Map<Object, Object> firstRead = new LinkedHashMap<>();
        Map<Object, Object> known = new HashMap<>();   // key -> the value this transaction last wrote or read
        boolean consistent = true;
        for (MicroOp m : t.microOps) {
            if (m.write()) {
                Object previous = lastWrite.put(m.key(), m.value());
                if (previous != null && !previous.equals(m.value())) {
                    key(m.key()).intermediate.putIfAbsent(previous, t.node);
                }
                known.put(m.key(), m.value());
            } else if (t.isOk()) {
                if (!known.containsKey(m.key())) {
                    firstRead.put(m.key(), m.value());
                    known.put(m.key(), m.value());
                } else if (consistent && !Objects.equals(known.get(m.key()), m.value())) {
                    internal(t, m, known.get(m.key()), lastWrite.containsKey(m.key()));
                    consistent = false;
                }
            }
        }
        lastWrite.forEach((k, v) -> externalWrite(t, key(k), v));
        firstRead.forEach((k, v) -> {
            Key key = key(k);
            key.readers.computeIfAbsent(v, x -> new IntArrayList()).add(t.node);
            Object written = lastWrite.get(k);
            if (written != null && !written.equals(v)) {
                key.followNode.add(t.node);
                key.followRead.add(v);
                key.followWrite.add(written);
            }
        });
    }

    private void externalWrite(Txn t, Key k, Object value) {
        int other = k.writer.putIfAbsent(value, t.node);
        if (other >= 0 && other != t.node) {
            throw new Txn.Malformed(t.op, "rw-register: " + Render.name(txns.get(other)) + " and " + Render.name(t)
                    + " both wrote " + Render.value(value) + " to " + Render.value(k.key)
                    + "; the checker needs the values written to a key to be unique");
        }
        k.writtenValues.add(value);
        k.writtenBy.add(t.node);
    }

    private void internal(Txn t, MicroOp read, Object expected, boolean ownWrite) {
        out.add(new Anomaly.ReadAnomaly(AnomalyType.INTERNAL, read.key(), List.of(t.op.id()),
                Render.name(t) + " read " + Render.value(read.key()) + " " + Render.value(read.value()) + ", but its own "
                        + (ownWrite ? "write" : "earlier read") + " of " + Render.value(read.key()) + " says "
                        + Render.value(expected) + "\n  " + t));
    }

    /** Ok transactions committed; an info transaction did when a value it wrote was read. */
    private void markCommitted() {
        for (Txn t : txns) {
            t.committed = t.isOk();
        }
        for (Key k : keys.values()) {
            for (Object value : k.readers.keySet()) {
                int w = value == null ? -1 : k.writer.getInt(value);
                if (w >= 0) {
                    txns.get(w).committed = true;
                }
            }
        }
    }

    /** G1b, G1a and garbage reads: a value read that no committed transaction left as its last write. Once per value. */
    private void badReads(Key k) {
        k.readers.forEach((value, readers) -> {
            if (value == null || k.writer.getInt(value) >= 0) {
                return;
            }
            Txn reader = txns.get(readers.getInt(0));
            String read = Render.name(reader) + " read " + Render.value(k.key) + " " + Render.value(value);
            int intermediate = k.intermediate.getInt(value);
            int failed = k.failedWriter.getInt(value);
            if (intermediate >= 0) {
                Txn writer = txns.get(intermediate);
                out.add(new Anomaly.ReadAnomaly(AnomalyType.G1B, k.key, List.of(reader.op.id(), writer.op.id()),
                        read + ", which " + Render.name(writer) + " wrote and then overwrote in the same transaction\n  "
                                + reader + "\n  " + writer));
            } else {
                out.add(failed >= 0 ? Versions.abortedRead(k.key, reader, read, value, txns.get(failed), "written")
                        : Versions.garbageRead(k.key, reader, read, value, "wrote"));
            }
        });
    }

    /** Lost update: two or more committed transactions read one version of the key and both wrote it. */
    private void lostUpdates(Key k) {
        Map<Object, IntArrayList> updaters = new LinkedHashMap<>();
        for (int i = 0; i < k.followNode.size(); i++) {
            updaters.computeIfAbsent(k.followRead.get(i), x -> new IntArrayList()).add(i);
        }
        updaters.forEach((value, follows) -> {
            if (follows.size() < 2) {
                return;
            }
            List<Integer> ids = new ArrayList<>();
            StringBuilder wrote = new StringBuilder();
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < follows.size(); i++) {
                Txn t = txns.get(k.followNode.getInt(follows.getInt(i)));
                ids.add(t.op.id());
                wrote.append(i == 0 ? "" : ", ").append(Render.name(t)).append(' ')
                        .append(Render.value(k.followWrite.get(follows.getInt(i))));
                lines.append("\n  ").append(t);
            }
            out.add(new Anomaly.ReadAnomaly(AnomalyType.LOST_UPDATE, k.key, ids,
                    ids.size() + " committed transactions read " + Render.value(k.key) + " = " + Render.value(value)
                            + " and then wrote it (" + wrote + "): all but one of those updates is lost" + lines));
        });
    }

    /**
     * wr from each write to its readers; rw from each reader of the initial state to every
     * writer of the key; with {@code writesFollowReads}, ww and rw from each version a
     * transaction read to the one it then wrote, unless that key's versions form a cycle
     * (reported as cyclic-versions).
     */
    void addDataEdges(Graph g, boolean writesFollowReads, List<Anomaly> anomalies, long maxInitialEdges) {
        this.maxInitialEdges = maxInitialEdges;
        for (Key k : keys.values()) {
            k.readers.forEach((value, readers) -> {
                int w = value == null ? -1 : k.writer.getInt(value);
                for (int i = 0; i < readers.size(); i++) {
                    int r = readers.getInt(i);
                    if (w >= 0 && w != r) {
                        g.add(w, r, EdgeKind.WR, k.key, value);
                    }
                }
            });
            initialStateEdges(g, k);
            if (writesFollowReads && !k.followNode.isEmpty()) {
                IntArrayList cycle = VersionCycle.find(k.followRead, k.followWrite);
                if (cycle != null) {
                    anomalies.add(cyclicVersions(k, cycle));
                } else {
                    followEdges(g, k);
                }
            }
        }
    }

    /** rw from every reader of nil to every committed writer of the key, up to {@code maxInitialEdges} in all. */
    private void initialStateEdges(Graph g, Key k) {
        IntArrayList initialReaders = k.readers.get(null);
        if (initialReaders == null) {
            return;
        }
        for (int i = 0; i < initialReaders.size(); i++) {
            int r = initialReaders.getInt(i);
            for (int j = 0; j < k.writtenBy.size(); j++) {
                int w = k.writtenBy.getInt(j);
                if (r == w || !txns.get(w).committed) {
                    continue;
                }
                if (initialEdges >= maxInitialEdges) {
                    initialEdgesTruncated = true;
                    return;
                }
                initialEdges++;
                g.add(r, w, EdgeKind.RW, k.key, null);
            }
        }
    }

    /** True when some rw edges from the initial state were left out: an anomaly may have been missed. */
    boolean truncated() {
        return initialEdgesTruncated;
    }

    private void followEdges(Graph g, Key k) {
        for (int i = 0; i < k.followNode.size(); i++) {
            int t = k.followNode.getInt(i);
            Object read = k.followRead.get(i);
            if (read == null) {
                continue;   // the initial state's edges are already there
            }
            int w = k.writer.getInt(read);
            if (w >= 0 && w != t && txns.get(w).committed) {
                g.add(w, t, EdgeKind.WW, k.key, read);
            }
            IntArrayList readers = k.readers.get(read);
            for (int j = 0; j < readers.size(); j++) {
                int r = readers.getInt(j);
                if (r != t) {
                    g.add(r, t, EdgeKind.RW, k.key, read);
                }
            }
        }
    }

    private Anomaly cyclicVersions(Key k, IntArrayList cycle) {
        List<Integer> ids = new ArrayList<>();
        StringBuilder order = new StringBuilder();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < cycle.size(); i++) {
            int pair = cycle.getInt(i);
            Txn t = txns.get(k.followNode.getInt(pair));
            order.append(Render.value(k.followRead.get(pair))).append(" < ");
            if (!ids.contains(t.op.id())) {
                ids.add(t.op.id());
                lines.append("\n  ").append(t);
            }
        }
        order.append(Render.value(k.followRead.get(cycle.getInt(0))));
        return new Anomaly.ReadAnomaly(AnomalyType.CYCLIC_VERSIONS, k.key, ids,
                "the versions of " + Render.value(k.key) + " form a cycle, " + order
                        + ", each read by a transaction that then wrote the next" + lines);
    }
}
