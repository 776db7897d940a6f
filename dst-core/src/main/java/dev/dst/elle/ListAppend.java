package dev.dst.elle;

import dev.dst.history.History;
import dev.dst.history.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * An Elle-style checker for the list-append workload (Kingsbury and Alvaro, "Elle: Inferring
 * Isolation Anomalies from Experimental Observations", VLDB 2020).
 *
 * <p>The history: operations with {@code f = txn} whose value is a list of micro-ops
 * {@code [f key value]}, f being {@code :append} (value: the element appended) or {@code :r}
 * (value: nil on the invocation, the list observed on the ok completion; nil reads as empty).
 * Other operations are left out. Fail means the transaction did not happen; info means it may
 * have, and it counts as committed when one of its appends was read. Elements are assumed
 * unique per key, as Elle assumes.
 *
 * <p>What it infers: per key, the version order is the longest ok read, which every other ok
 * read must be a prefix of; elements never read come after, in an unknown order, and give no
 * edges. From the orders, ww, wr and rw edges between committed transactions; from the history's
 * order, process and real-time edges. It reports the read anomalies of {@link AnomalyType} and
 * the shortest cycles it finds of each shape, and rules out the {@link ConsistencyModel}s that
 * forbid what it found.
 *
 * <p>Cost: near-linear in the history (hash maps keyed by key and element, one comparison of each
 * read with its key's order, real-time edges about transactions times concurrency); the cycle
 * search runs only on strongly connected components and is bounded by a counted work budget
 * (see {@link ElleResult#truncatedSearches()}). Single-threaded, deterministic.
 */
public final class ListAppend {
    private ListAppend() {}

    /**
     * Checks a recorded or parsed history: {@code check(history.operations())}, with the line of
     * the file in the message of a malformed transaction.
     */
    public static ElleResult check(History history) {
        try {
            return check(history.operations());
        } catch (Txn.Malformed e) {
            throw e.in(history);
        }
    }

    /**
     * Checks operations as {@link History#operations()} gives them (ids, history positions of
     * invocation and completion).
     *
     * @throws IllegalArgumentException when a txn's value is not a list of {@code [f key value]}
     *                                  micro-ops with f {@code append} or {@code r}; the message quotes it
     */
    public static ElleResult check(List<Operation> operations) {
        List<Txn> txns = Txn.parseAll(operations, Txn.Workload.LIST_APPEND);
        List<Anomaly> anomalies = new ArrayList<>();
        var keys = Versions.infer(txns, anomalies);
        Internal.check(txns, keys, anomalies);
        Graph graph = new Graph(txns.size());
        DataEdges.add(graph, keys, txns);
        OrderEdges.add(graph, txns);
        graph.freeze();
        CycleSearch.Outcome cycles = CycleSearch.run(graph, txns);
        anomalies.addAll(cycles.anomalies());
        int committed = (int) txns.stream().filter(t -> t.committed).count();
        return ElleResult.of(Txn.Workload.LIST_APPEND.label, anomalies, txns.size(), committed, cycles.truncatedShapes());
    }
}
