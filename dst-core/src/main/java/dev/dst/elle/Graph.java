package dev.dst.elle;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;

/**
 * The dependency graph: vertices are transactions (by {@link Txn#node}), edges carry a kind and,
 * for data edges, the key and element that justify them. Built by adding edges, then
 * {@link #freeze frozen} into adjacency arrays for the searches. One data edge per (source,
 * target, kind) is kept: the first justification found.
 */
final class Graph {
    final int nodeCount;
    private final IntArrayList from = new IntArrayList();
    private final IntArrayList to = new IntArrayList();
    private final IntArrayList kindBits = new IntArrayList();
    private final ObjectArrayList<Object> keys = new ObjectArrayList<>();
    private final ObjectArrayList<Object> values = new ObjectArrayList<>();
    private final LongOpenHashSet[] dataSeen = new LongOpenHashSet[EdgeKind.values().length];
    private int[] start;     // start[v] .. start[v + 1]: v's out-edges in adjacency
    private int[] adjacency; // edge ids grouped by source

    Graph(int nodeCount) {
        this.nodeCount = nodeCount;
    }

    /** Adds an edge unless it is a data edge already present; returns whether it was added. */
    boolean add(int source, int target, EdgeKind kind, Object key, Object value) {
        assert start == null : "the graph is frozen";
        assert source != target : "no self-edges: " + source + " " + kind;
        assert source >= 0 && source < nodeCount && target >= 0 && target < nodeCount;
        if (kind.isData()) {
            LongOpenHashSet seen = dataSeen[kind.ordinal()];
            if (seen == null) {
                seen = dataSeen[kind.ordinal()] = new LongOpenHashSet();
            }
            if (!seen.add((long) source * nodeCount + target)) {
                return false;
            }
        }
        from.add(source);
        to.add(target);
        kindBits.add(kind.bit());
        keys.add(key);
        values.add(value);
        return true;
    }

    /** Builds the adjacency arrays (a counting sort by source); no edges may be added afterwards. */
    void freeze() {
        assert start == null;
        start = new int[nodeCount + 1];
        for (int e = 0; e < from.size(); e++) {
            start[from.getInt(e) + 1]++;
        }
        for (int v = 0; v < nodeCount; v++) {
            start[v + 1] += start[v];
        }
        adjacency = new int[from.size()];
        int[] fill = java.util.Arrays.copyOf(start, nodeCount);
        for (int e = 0; e < from.size(); e++) {
            adjacency[fill[from.getInt(e)]++] = e;
        }
        for (LongOpenHashSet s : dataSeen) {
            if (s != null) {
                s.clear();
                s.trim();
            }
        }
    }

    int edgeCount() {
        return from.size();
    }

    int firstOut(int v) {
        return start[v];
    }

    int endOut(int v) {
        return start[v + 1];
    }

    /** The edge at position {@code i} of the adjacency arrays. */
    int edgeAt(int i) {
        return adjacency[i];
    }

    int from(int edge) {
        return from.getInt(edge);
    }

    int to(int edge) {
        return to.getInt(edge);
    }

    int kindBit(int edge) {
        return kindBits.getInt(edge);
    }

    Object key(int edge) {
        return keys.get(edge);
    }

    Object value(int edge) {
        return values.get(edge);
    }
}
