package dev.dst.elle;

import dev.dst.history.History;
import dev.dst.history.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * An Elle-style checker for the rw-register workload: transactions of reads and writes of
 * registers, written values unique per key (as Elle assumes).
 *
 * <p>The history: operations with {@code f = txn} whose value is a list of micro-ops
 * {@code [f key value]}, f being {@code :w} (value: the value written) or {@code :r} (value: nil
 * on the invocation, the value observed on the ok completion; nil is the initial state). Other
 * operations are left out. Fail means the transaction did not happen; info means it may have,
 * and it counts as committed when a value it wrote was read.
 *
 * <p>What it infers. A register's versions cannot be compared as lists can, so the version order
 * is partial: the initial state (nil) comes before every written value; with
 * {@link Options#writesFollowReads()}, a value a transaction read comes before the value it then
 * wrote to the same key (true of any database whose transactions install their writes after
 * their reads). From it, ww and rw edges; wr edges from each read to the write of the value
 * read; process and real-time edges as for list-append. A transaction's external read of a key
 * is its first access to it when that is a read; its external write, its last write of the key.
 * It reports G1a (a failed transaction's value read), G1b (a value its writer overwrote in the
 * same transaction read by another), internal (a read that disagrees with the transaction's own
 * earlier read or write), lost-update (two committed transactions that read the same version of
 * a key and both wrote it), cyclic-versions (the inferred order of a key has a cycle; that key's
 * write-follows-read edges are then left out), garbage-read, and the cycles of
 * {@link AnomalyType}.
 *
 * <p>Cost: linear in the micro-ops, plus, per key, one rw edge from each reader of nil to each
 * writer of the key (the initial state precedes them all), so a history whose many transactions
 * read a key empty and many write it has that product of edges, up to
 * {@link Registers#MAX_INITIAL_EDGES} (past it the check counts as truncated, see
 * {@link ElleResult#truncatedSearches()}); real-time edges about transactions times concurrency;
 * the cycle search is bounded as for list-append.
 */
public final class RwRegister {
    private RwRegister() {}

    /**
     * What the checker may assume to order a register's versions.
     *
     * @param writesFollowReads a transaction's write of a key installs a version later than the
     *                          one it read of that key (Elle's {@code wfr-keys?})
     */
    public record Options(boolean writesFollowReads) {
        /** Elle's defaults: only the initial state is ordered before the written values. */
        public static Options defaults() {
            return new Options(false);
        }
    }

    /** Checks a recorded or parsed history with the default options. */
    public static ElleResult check(History history) {
        return check(history, Options.defaults());
    }

    /** Checks a recorded or parsed history, with the line of the file in the message of a malformed transaction. */
    public static ElleResult check(History history, Options options) {
        try {
            return check(history.operations(), options);
        } catch (Txn.Malformed e) {
            throw e.in(history);
        }
    }

    /**
     * Checks operations as {@link History#operations()} gives them.
     *
     * @throws IllegalArgumentException when a txn's value is not a list of {@code [f key value]}
     *                                  micro-ops with f {@code w} or {@code r}, or when two
     *                                  transactions wrote one value to one key; the message says which
     */
    public static ElleResult check(List<Operation> operations, Options options) {
        return check(operations, options, Registers.MAX_INITIAL_EDGES);
    }

    /** As {@link #check(List, Options)}, with a bound of one's own on the initial state's edges (for tests). */
    static ElleResult check(List<Operation> operations, Options options, long maxInitialEdges) {
        List<Txn> txns = Txn.parseAll(operations, Txn.Workload.RW_REGISTER);
        List<Anomaly> anomalies = new ArrayList<>();
        Registers registers = Registers.index(txns, anomalies);
        Graph graph = new Graph(txns.size());
        registers.addDataEdges(graph, options.writesFollowReads(), anomalies, maxInitialEdges);
        OrderEdges.add(graph, txns);
        graph.freeze();
        CycleSearch.Outcome cycles = CycleSearch.run(graph, txns);
        anomalies.addAll(cycles.anomalies());
        int committed = (int) txns.stream().filter(t -> t.committed).count();
        int truncated = cycles.truncatedShapes() + (registers.truncated() ? 1 : 0);
        return ElleResult.of(Txn.Workload.RW_REGISTER.label, anomalies, txns.size(), committed, truncated);
    }
}
