package dev.dst.examples.raftkv;

import dev.dst.examples.raftkv.Messages.Entry;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Raft's safety properties, watched from outside the nodes (it outlives their crashes). Nodes
 * report elections, log appends and applies; each report is checked on the spot in O(1)
 * (elections in O(committed entries), and they are rare), and the first violation of each
 * property is kept for the simulation's invariants, which then cost one null test per step.
 */
final class RaftObserver {
    private final Long2IntOpenHashMap leaderOfTerm = new Long2IntOpenHashMap();
    private final Long2IntOpenHashMap voteOfTerm = new Long2IntOpenHashMap(); // term * nodes + voter -> candidate
    private final Long2LongOpenHashMap prefixHashes = new Long2LongOpenHashMap(); // (index, term) as index << 32 | term
    private final List<Entry> committed = new ArrayList<>(); // index i at i - 1: what nodes applied
    private final LongArrayList commitTerms = new LongArrayList(); // the term of the first node to apply it: its leader's
    private final IntFunction<String> names;
    private final int nodes;
    private final RaftLog[] logs; // each server's log, as its latest incarnation left it (durable: appends are fsynced at once)
    ElectionNemesis nemesis; // told of elections and votes, when the run has one
    String twoLeaders;
    String committedLosable;
    String twoVotes;
    String logMismatch;
    String leaderIncomplete;
    String applyMismatch;
    long clientCommits; // client commands applied at the highest index any node reached
    long elections;
    long truncations; // conflicting log suffixes removed by followers

    RaftObserver(int nodes, IntFunction<String> names) {
        this.nodes = nodes;
        this.names = names;
        this.logs = new RaftLog[nodes];
        leaderOfTerm.defaultReturnValue(-1);
        voteOfTerm.defaultReturnValue(-1);
    }

    /** Election safety: at most one leader per term. */
    void electedLeader(int node, long term, RaftLog log) {
        elections++;
        int previous = leaderOfTerm.putIfAbsent(term, node);
        if (previous >= 0 && previous != node && twoLeaders == null) {
            twoLeaders = "term " + term + " has two leaders: " + name(previous) + " and " + name(node);
        }
        checkComplete(node, term, log);
        if (nemesis != null) {
            nemesis.elected(node);
        }
    }

    /**
     * One vote per server per term (Raft's Figure 2: {@code votedFor} is durable, so a server
     * that restarts in a term where it voted does not vote again). Election safety rests on it;
     * checking it directly catches a lost vote even when the second grant elects nobody.
     */
    void voted(int voter, long term, int candidate) {
        int previous = voteOfTerm.putIfAbsent(term * nodes + voter, candidate);
        if (previous >= 0 && previous != candidate && twoVotes == null) {
            twoVotes = name(voter) + " voted twice in term " + term + ": for " + name(previous) + " and for " + name(candidate);
        }
        if (nemesis != null) {
            nemesis.voted(voter);
        }
    }

    /**
     * Leader completeness: a new leader's log holds every entry committed in an earlier term
     * (a late election in an old term may legitimately lack entries committed in later ones).
     */
    private void checkComplete(int node, long term, RaftLog log) {
        for (int i = 1; i <= committed.size() && leaderIncomplete == null; i++) {
            Entry e = committed.get(i - 1);
            if (commitTerms.getLong(i - 1) < term && log.termAt(i) != e.term()) {
                leaderIncomplete = name(node) + " became leader of term " + term + " without committed entry " + i + " " + e
                        + (i <= log.lastIndex() ? "; it has " + log.get(i) : "; its log ends at " + log.lastIndex());
            }
        }
    }

    /** A server (re)started with {@code log}. */
    void started(int node, RaftLog log) {
        logs[node] = log;
    }

    /**
     * Committed entries stay committed in every future: when entry {@code index} is first
     * applied, no server lacking it could be elected, i.e. no server lacking it is at least as
     * up to date (Raft's vote rule) as a majority of the servers' logs. Terms and votes are
     * ignored, which only makes more servers electable, and Raft's leader-completeness proof
     * shows the correct protocol still passes. Without this check, an entry committed too
     * early is found only when a later leader actually overwrites it.
     */
    private void checkDurable(long index, Entry e) {
        for (int c = 0; c < nodes && committedLosable == null; c++) {
            RaftLog lc = logs[c];
            if (lc == null || lc.termAt(index) == e.term()) {
                continue;
            }
            int voters = 0;
            StringBuilder who = new StringBuilder();
            for (int v = 0; v < nodes; v++) {
                RaftLog lv = logs[v];
                long lvTerm = lv == null ? 0 : lv.lastTerm();
                long lvIndex = lv == null ? 0 : lv.lastIndex();
                if (lc.lastTerm() > lvTerm || lc.lastTerm() == lvTerm && lc.lastIndex() >= lvIndex) {
                    voters++;
                    who.append(who.length() == 0 ? "" : ", ").append(name(v));
                }
            }
            if (voters > nodes / 2) {
                committedLosable = "committed entry " + index + " " + e + " could be lost: " + name(c) + " lacks it (log ends at "
                        + lc.lastIndex() + ", term " + lc.lastTerm() + ") and could be elected by " + who;
            }
        }
    }

    /** A follower removed a conflicting suffix of its log (a coverage probe: the conflict path ran). */
    void truncated() {
        truncations++;
    }

    /** Log matching: two logs with the same term at an index have the same prefix up to it (compared by prefix hash). */
    void appended(int node, RaftLog log, long from) {
        for (long i = from; i <= log.lastIndex() && logMismatch == null; i++) {
            long term = log.termAt(i);
            long key = i << 32 | term; // terms stay far below 2^32, indices below 2^31
            long hash = log.prefixHash(i);
            long seen = prefixHashes.getOrDefault(key, hash);
            if (seen != hash) {
                logMismatch = name(node) + "'s log has entry " + i + " of term " + term
                        + " with a prefix that differs from another node's log with the same entry term";
            } else {
                prefixHashes.put(key, hash);
            }
        }
    }

    /** State-machine safety: no two nodes apply different entries at one index. */
    void applied(int node, long currentTerm, long index, Entry e) {
        if (index <= committed.size()) {
            Entry first = committed.get((int) index - 1);
            if (first != e && !first.equals(e) && applyMismatch == null) { // usually the same object: messages are not copied
                applyMismatch = name(node) + " applied " + e + " at index " + index + " where another node applied " + first;
            }
            return;
        }
        committed.add(e);
        commitTerms.add(currentTerm);
        checkDurable(index, e);
        if (e.command().isClientOp()) {
            clientCommits++;
        }
    }

    long committedIndex() {
        return committed.size();
    }

    private String name(int node) {
        return names.apply(node);
    }
}
