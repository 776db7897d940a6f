package dev.dst.elle;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;

/**
 * Strongly connected components of the graph restricted to some edge kinds and vertices, by
 * Tarjan's algorithm with explicit stacks (histories are too large for recursion). Linear in
 * the vertices and edges considered. Components are numbered from 0; {@link #nodes} lists each
 * one's vertices.
 */
final class Scc {
    /** component[v], or -1 when v was left out. */
    final int[] component;
    final int count;
    private final int[] componentStart;
    private final int[] members;

    private Scc(int[] component, int count) {
        this.component = component;
        this.count = count;
        this.componentStart = new int[count + 1];
        for (int c : component) {
            if (c >= 0) {
                componentStart[c + 1]++;
            }
        }
        for (int c = 0; c < count; c++) {
            componentStart[c + 1] += componentStart[c];
        }
        this.members = new int[componentStart[count]];
        int[] fill = Arrays.copyOf(componentStart, count);
        for (int v = 0; v < component.length; v++) {
            if (component[v] >= 0) {
                members[fill[component[v]]++] = v;
            }
        }
    }

    int size(int c) {
        return componentStart[c + 1] - componentStart[c];
    }

    /** The vertices of component {@code c}, ascending. */
    int[] nodes(int c) {
        return Arrays.copyOfRange(members, componentStart[c], componentStart[c + 1]);
    }

    /** The vertices in components of two or more (the only ones a cycle can pass through, with no self-edges). */
    boolean[] inCycles() {
        boolean[] in = new boolean[component.length];
        for (int v = 0; v < component.length; v++) {
            in[v] = component[v] >= 0 && size(component[v]) > 1;
        }
        return in;
    }

    boolean anyCycle() {
        for (int c = 0; c < count; c++) {
            if (size(c) > 1) {
                return true;
            }
        }
        return false;
    }

    /** Components over the edges whose kind is in {@code kindMask}, among the vertices {@code include} marks (all, when null). */
    static Scc of(Graph g, int kindMask, boolean[] include) {
        return new Tarjan(g, kindMask, include).run();
    }

    private static final class Tarjan {
        private final Graph g;
        private final int kindMask;
        private final boolean[] include;
        private final int[] index;
        private final int[] low;
        private final int[] cursor;        // next adjacency position to look at, per vertex on the call stack
        private final boolean[] onStack;
        private final int[] component;
        private final IntArrayList stack = new IntArrayList();
        private final IntArrayList calls = new IntArrayList();
        private int nextIndex;
        private int count;

        Tarjan(Graph g, int kindMask, boolean[] include) {
            this.g = g;
            this.kindMask = kindMask;
            this.include = include;
            int n = g.nodeCount;
            index = new int[n];
            low = new int[n];
            cursor = new int[n];
            onStack = new boolean[n];
            component = new int[n];
            Arrays.fill(index, -1);
            Arrays.fill(component, -1);
        }

        private boolean included(int v) {
            return include == null || include[v];
        }

        Scc run() {
            for (int v = 0; v < g.nodeCount; v++) {
                if (included(v) && index[v] < 0) {
                    visit(v);
                    drain();
                }
            }
            assert stack.isEmpty() && calls.isEmpty();
            return new Scc(component, count);
        }

        private void visit(int v) {
            index[v] = low[v] = nextIndex++;
            cursor[v] = g.firstOut(v);
            stack.add(v);
            onStack[v] = true;
            calls.add(v);
        }

        private void drain() {
            while (!calls.isEmpty()) {
                int v = calls.getInt(calls.size() - 1);
                if (cursor[v] < g.endOut(v)) {
                    step(v, g.edgeAt(cursor[v]++));
                    continue;
                }
                calls.removeInt(calls.size() - 1);
                if (low[v] == index[v]) {
                    pop(v);
                }
                if (!calls.isEmpty()) {
                    int parent = calls.getInt(calls.size() - 1);
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }

        private void step(int v, int edge) {
            int w = g.to(edge);
            if ((g.kindBit(edge) & kindMask) == 0 || !included(w)) {
                return;
            }
            if (index[w] < 0) {
                visit(w);
            } else if (onStack[w]) {
                low[v] = Math.min(low[v], index[w]);
            }
        }

        private void pop(int root) {
            int w;
            do {
                w = stack.removeInt(stack.size() - 1);
                onStack[w] = false;
                component[w] = count;
            } while (w != root);
            count++;
        }
    }
}
