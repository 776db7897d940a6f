package dev.dst.elle;

import dev.dst.history.History;
import dev.dst.history.OpType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph's parts: components without recursion, reduced real-time edges, abbreviated reports. */
class GraphTest {

    @Test
    void aCycleThroughThreeHundredThousandTransactionsIsOneComponentWithoutRecursion() {
        int n = 300_000;
        Graph g = new Graph(n);
        for (int v = 0; v < n; v++) {
            g.add(v, (v + 1) % n, EdgeKind.WW, "x", (long) v);
        }
        g.freeze();
        Scc all = Scc.of(g, EdgeKind.WW.bit(), null);
        assertEquals(1, all.count);
        assertEquals(n, all.size(0));
        Scc noWr = Scc.of(g, EdgeKind.WR.bit(), null);
        assertEquals(n, noWr.count, "with no wr edges every vertex is its own component");
        assertFalse(noWr.anyCycle());
    }

    @Test
    void aDuplicateDataEdgeKeepsItsFirstJustification() {
        Graph g = new Graph(2);
        assertTrue(g.add(0, 1, EdgeKind.WW, "x", 1L));
        assertFalse(g.add(0, 1, EdgeKind.WW, "y", 2L));
        assertTrue(g.add(0, 1, EdgeKind.WR, "y", 2L));
        g.freeze();
        assertEquals(2, g.edgeCount());
        assertEquals("x", g.key(g.edgeAt(g.firstOut(0))));
    }

    @Test
    void aSequentialHistoryGetsAChainOfRealtimeEdgesNotAllPairs() {
        int n = 1_000;
        History h = new History();
        for (int i = 0; i < n; i++) {
            h.invoke(i % 10, "txn", List.of(List.of("append", "x", (long) i)), 2L * i);
            h.complete(i % 10, OpType.OK, List.of(List.of("append", "x", (long) i)), 2L * i + 1);
        }
        assertEquals(n - 1, countEdges(h, EdgeKind.REALTIME));
        assertEquals(n - 10, countEdges(h, EdgeKind.PROCESS));
    }

    @Test
    void concurrentTransactionsAreNotOrderedAndTheirSuccessorFollowsBoth() {
        History h = new History();
        h.invoke(0, "txn", List.of(List.of("append", "x", 1L)), 0);
        h.invoke(1, "txn", List.of(List.of("append", "x", 2L)), 1);
        h.complete(0, OpType.OK, List.of(List.of("append", "x", 1L)), 2);
        h.complete(1, OpType.OK, List.of(List.of("append", "x", 2L)), 3);
        h.invoke(2, "txn", List.of(List.of("append", "x", 3L)), 4);
        h.complete(2, OpType.OK, List.of(List.of("append", "x", 3L)), 5);
        assertEquals(2, countEdges(h, EdgeKind.REALTIME), "T0 -> T2 and T1 -> T2, nothing between T0 and T1");
    }

    private static int countEdges(History h, EdgeKind kind) {
        List<Txn> txns = Txn.parseAll(h.operations(), Txn.Workload.LIST_APPEND);
        txns.forEach(t -> t.committed = t.isOk());
        Graph g = new Graph(txns.size());
        OrderEdges.add(g, txns);
        int count = 0;
        for (int e = 0; e < g.edgeCount(); e++) {
            count += g.kindBit(e) == kind.bit() ? 1 : 0;
        }
        return count;
    }

    @Test
    void aLongReadIsShownByItsHeadAndTail() {
        List<Long> read = new java.util.ArrayList<>();
        for (long i = 0; i < 100; i++) {
            read.add(i);
        }
        assertEquals("[0 1 2 3 ...88 more... 92 93 94 95 96 97 98 99]", Render.value(read));
        assertEquals("[0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15]", Render.value(read.subList(0, 16)));
    }
}
