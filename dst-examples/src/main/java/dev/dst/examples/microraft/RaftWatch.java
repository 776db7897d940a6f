package dev.dst.examples.microraft;

import dev.dst.examples.microraft.KvOps.Cas;
import dev.dst.examples.microraft.KvOps.Put;
import io.microraft.RaftRole;
import io.microraft.impl.RaftNodeImpl;
import io.microraft.impl.log.RaftLog;
import io.microraft.impl.state.RaftState;
import io.microraft.model.log.LogEntry;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.util.function.IntFunction;

/**
 * Raft's safety properties, read from the library's own state after every step: one leader per
 * term, and every committed entry (and every applied command) the same on every node. It only
 * reads; the library never knows it is watched.
 */
final class RaftWatch {
    private record Committed(int term, Object operation, int node) {}

    private record Applied(Object operation, int node) {}

    private final IntFunction<String> names;
    private final Int2IntOpenHashMap leaderOfTerm = new Int2IntOpenHashMap();
    private final Long2ObjectOpenHashMap<Committed> committed = new Long2ObjectOpenHashMap<>();
    private final Long2ObjectOpenHashMap<Applied> applied = new Long2ObjectOpenHashMap<>();
    private final long[] checkedUpTo;
    String twoLeaders;
    String committedMismatch;
    String appliedMismatch;
    long clientCommits;
    long snapshotsInstalled;
    long storeOverwrites;
    int maxTerm;
    int elections;

    RaftWatch(int nodes, IntFunction<String> names) {
        this.names = names;
        this.checkedUpTo = new long[nodes];
        leaderOfTerm.defaultReturnValue(-1);
    }

    /** A node's state machine applied {@code operation} at {@code index}. */
    void applied(int node, long index, Object operation) {
        Applied before = applied.putIfAbsent(index, new Applied(operation, node));
        if (before == null) {
            if (operation instanceof Put || operation instanceof Cas) {
                clientCommits++;
            }
        } else if (!before.operation().equals(operation) && appliedMismatch == null) {
            appliedMismatch = "index " + index + ": " + names.apply(before.node()) + " applied " + before.operation() + ", "
                    + names.apply(node) + " applied " + operation;
        }
    }

    /** A node installed a snapshot up to {@code index}. */
    void installed(int node, long index) {
        snapshotsInstalled++;
    }

    /** Reads one node's state after a step (null: the node is down). */
    void observe(int node, RaftNodeImpl raft) {
        if (raft == null) {
            return;
        }
        RaftState s = raft.state();
        int term = s.term();
        maxTerm = Math.max(maxTerm, term);
        if (s.role() == RaftRole.LEADER) {
            int before = leaderOfTerm.putIfAbsent(term, node);
            if (before == -1) {
                elections++;
            } else if (before != node && twoLeaders == null) {
                twoLeaders = "term " + term + ": " + names.apply(before) + " and " + names.apply(node) + " were both leader";
            }
        }
        long commit = s.commitIndex();
        if (commit < checkedUpTo[node]) {
            checkedUpTo[node] = commit; // restarted: its commit index is learned again
        }
        RaftLog log = s.log();
        for (long i = checkedUpTo[node] + 1; i <= commit; i++) {
            if (!log.containsLogEntry(i)) {
                continue; // compacted into a snapshot
            }
            LogEntry e = log.getLogEntry(i);
            Committed c = new Committed(e.getTerm(), e.getOperation(), node);
            Committed before = committed.putIfAbsent(i, c);
            if (before != null && (before.term() != c.term() || !before.operation().equals(c.operation())) && committedMismatch == null) {
                committedMismatch = "committed index " + i + ": " + names.apply(before.node()) + " has term " + before.term() + " "
                        + before.operation() + ", " + names.apply(node) + " has term " + c.term() + " " + c.operation();
            }
        }
        checkedUpTo[node] = Math.max(checkedUpTo[node], commit);
    }
}
