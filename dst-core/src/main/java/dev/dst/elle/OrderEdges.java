package dev.dst.elle;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;
import java.util.List;

/**
 * Process and real-time edges between committed transactions. An info transaction may take
 * effect any time after its invocation, so it is only ever the target of these edges.
 */
final class OrderEdges {
    private OrderEdges() {}

    static void add(Graph g, List<Txn> txns) {
        process(g, txns);
        realtime(g, txns);
    }

    /** Each committed transaction follows its process's latest ok transaction invoked before it. */
    private static void process(Graph g, List<Txn> txns) {
        Txn[] byInvocation = txns.stream().filter(t -> t.committed).toArray(Txn[]::new);
        Arrays.sort(byInvocation, (a, b) -> Integer.compare(a.op.invokeIndex(), b.op.invokeIndex()));
        Int2IntOpenHashMap lastOk = new Int2IntOpenHashMap();
        lastOk.defaultReturnValue(-1);
        for (Txn t : byInvocation) {
            int previous = lastOk.get(t.op.process());
            if (previous >= 0) {
                g.add(previous, t.node, EdgeKind.PROCESS, null, null);
            }
            if (t.isOk()) {
                lastOk.put(t.op.process(), t.node);
            }
        }
    }

    /**
     * T1 -> T2 when T1 completed ok before T2 was invoked, reduced with a frontier: the ok
     * transactions completed so far that no other completed transaction follows. An invocation
     * links from every frontier member; a completion removes from the frontier the members its
     * transaction links from (they now precede it) and joins it. Every real-time order is kept
     * through a path, and the edges number about (transactions x concurrency), not n squared.
     */
    private static void realtime(Graph g, List<Txn> txns) {
        long[] events = events(txns);
        Arrays.sort(events);
        IntArrayList frontier = new IntArrayList();
        boolean[] inFrontier = new boolean[txns.size()];
        int[] predecessorsFrom = new int[txns.size()];
        int[] predecessorsTo = new int[txns.size()];
        IntArrayList predecessors = new IntArrayList();
        for (long event : events) {
            int node = (int) ((event & 0xffffffffL) >>> 1);
            if ((event & 1) == 1) {
                predecessorsFrom[node] = predecessors.size();
                for (int i = 0; i < frontier.size(); i++) {
                    predecessors.add(frontier.getInt(i));
                    g.add(frontier.getInt(i), node, EdgeKind.REALTIME, null, null);
                }
                predecessorsTo[node] = predecessors.size();
            } else {
                for (int i = predecessorsFrom[node]; i < predecessorsTo[node]; i++) {
                    inFrontier[predecessors.getInt(i)] = false;
                }
                frontier.removeIf(v -> !inFrontier[v]);
                frontier.add(node);
                inFrontier[node] = true;
            }
        }
    }

    /** (history position << 32) | (node << 1) | 1 for an invocation, 0 for an ok completion. */
    private static long[] events(List<Txn> txns) {
        long[] events = new long[2 * txns.size()];
        int n = 0;
        for (Txn t : txns) {
            if (!t.committed) {
                continue;
            }
            events[n++] = ((long) t.op.invokeIndex() << 32) | ((long) t.node << 1) | 1;
            if (t.isOk()) {
                assert t.op.completeIndex() > t.op.invokeIndex() : "an ok operation completes after its invocation: " + t;
                events[n++] = ((long) t.op.completeIndex() << 32) | ((long) t.node << 1);
            }
        }
        return Arrays.copyOf(events, n);
    }
}
