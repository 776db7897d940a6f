package dev.dst.elle;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayFIFOQueue;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, for each {@link Shape}, one short cycle in each strongly connected component of the
 * graph restricted to the shape's edge kinds.
 *
 * <p>How: the components of the whole graph come first; a history with none (every valid one)
 * costs one linear pass. Otherwise, per shape, components over its kinds (among the vertices
 * on some cycle), and in each component a breadth-first search from each seed edge u -> v (an
 * edge of the kind the shape needs) back to u, over (vertex, state) pairs, so the path found
 * is the shortest that completes the shape from that seed. A walk that repeats a vertex is cut
 * into simple cycles and the shortest one of the right shape is kept. A process or real-time
 * variant is not searched in a component where its data-only (or process) shape was already
 * found: the cycle would not need the extra edge to rule the same models out; nor is
 * G-nonadjacent where a G-single was found (the G-single is one of its cycles).
 *
 * <p>Cost: each seed's search is linear in its component; the seeds tried per shape are bounded
 * by a work budget of {@value #BUDGET_BASE} plus {@value #BUDGET_PER_EDGE} edge visits per edge
 * of the graph, counted, not timed, so results do not depend on the machine. Memory, only when
 * some cycle exists: three ints per (vertex, state), {@value Shape#STATES} states per vertex.
 */
final class CycleSearch {
    static final long BUDGET_BASE = 2_000_000;
    static final long BUDGET_PER_EDGE = 8;
    private static final int ALL_KINDS = (1 << EdgeKind.values().length) - 1;

    private final Graph g;
    private final List<Txn> txns;
    private final List<Anomaly> found = new ArrayList<>();
    private final IntArrayList foundBase = new IntArrayList();   // per found cycle: its shape's base
    private final IntArrayList foundNode = new IntArrayList();   // per found cycle: one of its vertices
    private final IntArrayFIFOQueue queue = new IntArrayFIFOQueue();
    private int[] stamp;
    private int[] parentState;
    private int[] parentEdge;
    private int epoch;
    private long budget;
    private int truncated;

    private CycleSearch(Graph g, List<Txn> txns) {
        this.g = g;
        this.txns = txns;
    }

    /** The cycles found, and how many shapes ran out of budget. */
    record Outcome(List<Anomaly> anomalies, int truncatedShapes) {}

    static Outcome run(Graph g, List<Txn> txns) {
        CycleSearch s = new CycleSearch(g, txns);
        s.searchAll();
        return new Outcome(s.found, s.truncated);
    }

    private void searchAll() {
        Scc all = Scc.of(g, ALL_KINDS, null);
        if (!all.anyCycle()) {
            return;
        }
        boolean[] onCycles = all.inCycles();
        int states = Math.multiplyExact(g.nodeCount, Shape.STATES);
        stamp = new int[states];
        parentState = new int[states];
        parentEdge = new int[states];
        Map<Integer, Scc> byMask = new HashMap<>();
        for (Shape shape : Shape.ALL) {
            Scc sub = byMask.computeIfAbsent(shape.allowedMask, m -> Scc.of(g, m, onCycles));
            budget = BUDGET_BASE + BUDGET_PER_EDGE * g.edgeCount();
            searchShape(shape, sub);
            if (budget < 0) {
                truncated++;
            }
        }
    }

    private void searchShape(Shape shape, Scc sub) {
        for (int c = 0; c < sub.count && budget >= 0; c++) {
            if (sub.size(c) < 2 || alreadyFound(shape, sub, c)) {
                continue;
            }
            IntArrayList cycle = searchComponent(shape, sub, c);
            if (cycle != null) {
                record(shape, cycle);
            }
        }
    }

    private boolean alreadyFound(Shape shape, Scc sub, int c) {
        for (int i = 0; i < foundBase.size(); i++) {
            if (shape.coveredBy(foundBase.getInt(i)) && sub.component[foundNode.getInt(i)] == c) {
                return true;
            }
        }
        return false;
    }

    private IntArrayList searchComponent(Shape shape, Scc sub, int c) {
        int seedMask = shape.seedMask();
        for (int u : sub.nodes(c)) {
            for (int i = g.firstOut(u); i < g.endOut(u); i++) {
                int seed = g.edgeAt(i);
                if ((g.kindBit(seed) & seedMask) == 0 || sub.component[g.to(seed)] != c) {
                    continue;
                }
                IntArrayList walk = walkFrom(shape, sub, c, seed);
                IntArrayList cycle = walk == null ? null : shortestSimple(shape, walk);
                if (cycle != null) {
                    return cycle;
                }
                if (budget < 0) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The shortest closed walk that starts with {@code seed} (u -> v), returns to u inside component c and completes the shape. */
    private IntArrayList walkFrom(Shape shape, Scc sub, int c, int seed) {
        int u = g.from(seed);
        int first = shape.next(0, g.kindBit(seed));
        if (first < 0) {
            return null;
        }
        epoch++;
        queue.clear();
        int start = g.to(seed) * Shape.STATES + first;
        mark(start, -1, -1);
        queue.enqueue(start);
        while (!queue.isEmpty() && budget >= 0) {
            int state = queue.dequeueInt();
            int x = state / Shape.STATES;
            for (int i = g.firstOut(x); i < g.endOut(x); i++) {
                budget--;
                int e = g.edgeAt(i);
                int bit = g.kindBit(e);
                int y = g.to(e);
                if ((bit & shape.allowedMask) == 0 || sub.component[y] != c) {
                    continue;
                }
                int next = shape.next(state % Shape.STATES, bit);
                int target = y * Shape.STATES + next;
                if (next < 0 || stamp[target] == epoch) {
                    continue;
                }
                mark(target, state, e);
                if (y == u) {
                    if (shape.complete(next)) {
                        return walkTo(seed, target);
                    }
                    continue;   // u only ends the walk: passing through it would repeat it
                }
                queue.enqueue(target);
            }
        }
        return null;
    }

    private void mark(int state, int parent, int edge) {
        stamp[state] = epoch;
        parentState[state] = parent;
        parentEdge[state] = edge;
    }

    private IntArrayList walkTo(int seed, int end) {
        IntArrayList edges = new IntArrayList();
        for (int s = end; parentEdge[s] >= 0; s = parentState[s]) {
            edges.add(parentEdge[s]);
        }
        edges.add(seed);
        java.util.Collections.reverse(edges);
        assert g.to(edges.getInt(edges.size() - 1)) == g.from(seed) : "the walk closes";
        return edges;
    }

    /** Cuts a closed walk into simple cycles (at each repeated vertex) and keeps the shortest of the shape, or null. */
    private IntArrayList shortestSimple(Shape shape, IntArrayList walk) {
        IntArrayList pathNodes = IntArrayList.of(g.from(walk.getInt(0)));
        IntArrayList pathEdges = new IntArrayList();
        Int2IntOpenHashMap positionOf = new Int2IntOpenHashMap();
        positionOf.defaultReturnValue(-1);
        positionOf.put(pathNodes.getInt(0), 0);
        IntArrayList best = null;
        for (int i = 0; i < walk.size(); i++) {
            int e = walk.getInt(i);
            assert g.from(e) == pathNodes.getInt(pathNodes.size() - 1) : "the walk is connected";
            pathEdges.add(e);
            int b = g.to(e);
            int at = positionOf.get(b);
            if (at < 0) {
                positionOf.put(b, pathNodes.size());
                pathNodes.add(b);
                continue;
            }
            IntArrayList cycle = new IntArrayList(pathEdges.subList(at, pathEdges.size()));
            if ((best == null || cycle.size() < best.size()) && shape.accepts(kindBits(cycle))) {
                best = cycle;
            }
            for (int j = at + 1; j < pathNodes.size(); j++) {
                positionOf.remove(pathNodes.getInt(j));
            }
            pathNodes.size(at + 1);
            pathEdges.size(at);
        }
        assert pathEdges.isEmpty() : "a closed walk cuts into cycles with nothing left over";
        return best;
    }

    private IntList kindBits(IntList edges) {
        IntArrayList bits = new IntArrayList(edges.size());
        for (int i = 0; i < edges.size(); i++) {
            bits.add(g.kindBit(edges.getInt(i)));
        }
        return bits;
    }

    /** Keeps the cycle, turned to start at its lowest transaction id so reports read the same every run. */
    private void record(Shape shape, IntArrayList cycle) {
        int first = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (txns.get(g.from(cycle.getInt(i))).op.id() < txns.get(g.from(cycle.getInt(first))).op.id()) {
                first = i;
            }
        }
        List<Cycle.Step> steps = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < cycle.size(); k++) {
            int e = cycle.getInt((first + k) % cycle.size());
            Txn from = txns.get(g.from(e));
            steps.add(new Cycle.Step(from.op.id(), txns.get(g.to(e)).op.id(), EdgeKind.ofBit(g.kindBit(e)), g.key(e), g.value(e)));
            lines.add(Render.txn(from));
        }
        int counted = 0;
        for (int k = 0; k < cycle.size(); k++) {
            counted += g.kindBit(cycle.getInt(k)) == shape.countedBit ? 1 : 0;
        }
        found.add(new Anomaly.CycleAnomaly(shape.reportedType(counted), new Cycle(steps, lines)));
        foundBase.add(shape.base);
        foundNode.add(g.from(cycle.getInt(0)));
    }
}
