package dev.dst.elle;

import it.unimi.dsi.fastutil.ints.IntArrayFIFOQueue;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.util.List;

/**
 * A cycle in one register key's version order, whose edges are "value read < value then
 * written" pairs: Kahn's algorithm removes every version not on or behind a cycle, then a walk
 * backwards along the remaining edges must repeat a version. Linear in the pairs.
 */
final class VersionCycle {
    private VersionCycle() {}

    /**
     * The pairs (indexes into the two lists) that form a cycle, in order, or null when the order
     * has none. Pairs whose read is nil are left out: nothing comes before the initial state.
     */
    static IntArrayList find(List<Object> reads, List<Object> writes) {
        assert reads.size() == writes.size();
        Object2IntOpenHashMap<Object> ids = new Object2IntOpenHashMap<>();
        ids.defaultReturnValue(-1);
        IntArrayList from = new IntArrayList();
        IntArrayList to = new IntArrayList();
        IntArrayList pair = new IntArrayList();
        for (int i = 0; i < reads.size(); i++) {
            if (reads.get(i) != null) {
                from.add(id(ids, reads.get(i)));
                to.add(id(ids, writes.get(i)));
                pair.add(i);
            }
        }
        int n = ids.size();
        int[] indegree = new int[n];
        IntArrayList[] out = new IntArrayList[n];
        IntArrayList[] in = new IntArrayList[n];
        for (int v = 0; v < n; v++) {
            out[v] = new IntArrayList();
            in[v] = new IntArrayList();
        }
        for (int e = 0; e < from.size(); e++) {
            out[from.getInt(e)].add(e);
            in[to.getInt(e)].add(e);
            indegree[to.getInt(e)]++;
        }
        boolean[] removed = new boolean[n];
        IntArrayFIFOQueue queue = new IntArrayFIFOQueue();
        for (int v = 0; v < n; v++) {
            if (indegree[v] == 0) {
                queue.enqueue(v);
            }
        }
        while (!queue.isEmpty()) {
            int v = queue.dequeueInt();
            removed[v] = true;
            for (int e : out[v]) {
                if (--indegree[to.getInt(e)] == 0) {
                    queue.enqueue(to.getInt(e));
                }
            }
        }
        for (int v = 0; v < n; v++) {
            if (!removed[v]) {
                return walkBack(v, in, from, pair, removed, n);
            }
        }
        return null;
    }

    private static int id(Object2IntOpenHashMap<Object> ids, Object value) {
        int id = ids.getInt(value);
        if (id < 0) {
            id = ids.size();
            ids.put(value, id);
        }
        return id;
    }

    /** Every version left has an edge in from another version left: follow those back until one repeats. */
    private static IntArrayList walkBack(int start, IntArrayList[] in, IntArrayList from, IntArrayList pair,
                                         boolean[] removed, int n) {
        int[] seenAt = new int[n];
        java.util.Arrays.fill(seenAt, -1);
        IntArrayList edges = new IntArrayList();
        int v = start;
        while (seenAt[v] < 0) {
            seenAt[v] = edges.size();
            int chosen = -1;
            for (int e : in[v]) {
                if (!removed[from.getInt(e)]) {
                    chosen = e;
                    break;
                }
            }
            assert chosen >= 0 : "a version left by Kahn's algorithm has an edge in from another left";
            edges.add(chosen);
            v = from.getInt(chosen);
        }
        IntArrayList cycle = new IntArrayList();
        for (int i = edges.size() - 1; i >= seenAt[v]; i--) {
            cycle.add(pair.getInt(edges.getInt(i)));
        }
        return cycle;
    }
}
