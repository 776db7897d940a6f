package dev.dst.examples.kafkalog;

import dev.dst.cluster.Cluster;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.sim.Simulation;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kafka-log checks beyond dst's append-only log checker. Each returns {@code null} when it
 * holds, else what was wrong (the first few cases), for the violation's detail.
 */
final class LogChecks {
    private static final int SHOWN = 3;

    private LogChecks() {}

    /** A completed operation with its invocation's value. */
    record Done(Op invoke, Op completion) {}

    /** Every completed (ok, fail or info) operation, in completion order. */
    static List<Done> completed(History history) {
        Int2ObjectOpenHashMap<Op> open = new Int2ObjectOpenHashMap<>();
        List<Done> done = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), op);
            } else {
                Op inv = open.remove(op.process());
                if (inv != null) {
                    done.add(new Done(inv, op));
                }
            }
        }
        return done;
    }

    /** Every acknowledged send is in its key's leader's log, at the offset it was acknowledged with. */
    static String acknowledgedSendsInLog(Simulation sim, Cluster cluster) {
        List<String> wrong = new ArrayList<>();
        for (Done d : completed(cluster.history())) {
            if (d.completion().type() != OpType.OK || !d.invoke().f().equals("send")) {
                continue;
            }
            String key = (String) ((List<?>) d.invoke().value()).get(0);
            long message = (Long) ((List<?>) d.invoke().value()).get(1);
            long offset = (Long) ((List<?>) d.completion().value()).get(1);
            int leader = cluster.nodes().get(LogNode.leaderOf(key, cluster.nodes().size()));
            if (!sim.isUp(leader)) {
                wrong.add("the leader of " + key + " is down at the end");
                continue;
            }
            ReplicaLog log = sim.node(leader, LogNode.class).peek(key);
            if (offset >= log.size()) {
                wrong.add("send " + message + " to " + key + " was acknowledged at offset " + offset + " (op "
                        + d.completion().index() + "), but the leader's log has only " + log.size() + " entries");
            } else if (log.get(offset) != message) {
                wrong.add("send " + message + " to " + key + " was acknowledged at offset " + offset + " (op "
                        + d.completion().index() + "), but the leader's log holds " + log.get(offset) + " there");
            }
        }
        return describe(wrong, "acknowledged sends missing from the final log");
    }

    /** A poll returns consecutive offsets starting exactly where it asked to start: no holes. */
    static String pollsWithoutGaps(History history) {
        List<String> wrong = new ArrayList<>();
        for (Done d : completed(history)) {
            if (d.completion().type() != OpType.OK || !d.invoke().f().equals("poll")) {
                continue;
            }
            List<?> asked = (List<?>) d.invoke().value();
            long expected = (Long) asked.get(1);
            Object records = ((Map<?, ?>) d.completion().value()).get(asked.get(0));
            for (Object r : (List<?>) records) {
                long offset = (Long) ((List<?>) r).get(0);
                if (offset != expected) {
                    wrong.add("poll of " + asked.get(0) + " from " + asked.get(1) + " (op " + d.completion().index()
                            + ") returned offset " + offset + " where " + expected + " was next");
                    break;
                }
                expected++;
            }
        }
        return describe(wrong, "polls with gaps");
    }

    /** A listed committed offset is at least every commit of that key acknowledged before the listing began. */
    static String committedOffsetsNeverGoBack(History history) {
        TreeMap<String, Long> acknowledged = new TreeMap<>();
        Int2ObjectOpenHashMap<Op> open = new Int2ObjectOpenHashMap<>();
        TreeMap<Integer, Long> floorAtInvoke = new TreeMap<>(); // op index of a list's invocation -> floor then
        List<String> wrong = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), op);
                if (op.f().equals("list_committed_offsets")) {
                    floorAtInvoke.put(op.index(), acknowledged.getOrDefault((String) op.value(), 0L));
                }
                continue;
            }
            Op inv = open.remove(op.process());
            if (inv == null || op.type() != OpType.OK) {
                continue;
            }
            if (inv.f().equals("commit_offsets")) {
                List<?> v = (List<?>) inv.value();
                acknowledged.merge((String) v.get(0), (Long) v.get(1), Math::max);
            } else if (inv.f().equals("list_committed_offsets")) {
                long listed = (Long) ((List<?>) op.value()).get(1);
                long floor = floorAtInvoke.get(inv.index());
                if (listed < floor) {
                    wrong.add("list_committed_offsets " + inv.value() + " (op " + op.index() + ") returned " + listed
                            + ", but offset " + floor + " had been committed before it began");
                }
            }
        }
        return describe(wrong, "committed offsets that went back");
    }

    /** Each follower's log of a key is a prefix of the leader's (checked at its last entry, so cheap enough for every step). */
    static String followersArePrefixes(Simulation sim, Cluster cluster) {
        int n = cluster.nodes().size();
        for (int l = 0; l < n; l++) {
            int leaderNode = cluster.nodes().get(l);
            if (!sim.isUp(leaderNode)) {
                continue;
            }
            LogNode leader = sim.node(leaderNode, LogNode.class);
            for (int f = 0; f < n; f++) {
                int followerNode = cluster.nodes().get(f);
                if (f == l || !sim.isUp(followerNode)) {
                    continue;
                }
                String wrong = prefixOf(sim.node(followerNode, LogNode.class), leader, l, n);
                if (wrong != null) {
                    return sim.nodeName(followerNode) + ": " + wrong;
                }
            }
        }
        return null;
    }

    private static String prefixOf(LogNode follower, LogNode leader, int leaderIndex, int n) {
        for (String key : follower.keys()) {
            if (LogNode.leaderOf(key, n) != leaderIndex) {
                continue;
            }
            ReplicaLog mine = follower.peek(key);
            ReplicaLog theirs = leader.peek(key);
            long last = mine.size() - 1;
            if (mine.size() > theirs.size() || (last >= 0 && mine.get(last) != theirs.get(last))) {
                return "its log of " + key + " (" + mine.size() + " entries, last " + (last >= 0 ? mine.get(last) : "-")
                        + ") is not a prefix of the leader's (" + theirs.size() + " entries)";
            }
        }
        return null;
    }

    private static String describe(List<String> wrong, String what) {
        if (wrong.isEmpty()) {
            return null;
        }
        return wrong.size() + " " + what + ": " + String.join("; ", wrong.subList(0, Math.min(SHOWN, wrong.size())))
                + (wrong.size() > SHOWN ? "; ..." : "");
    }

    /**
     * The heal's progress condition, checked incrementally: a send invoked after the heal began
     * was acknowledged, and some poll later returned its message.
     */
    static final class Progress {
        private final History history;
        private final int healIndex;
        private final Int2ObjectOpenHashMap<Op> open = new Int2ObjectOpenHashMap<>();
        private final LongOpenHashSet acknowledgedAfterHeal = new LongOpenHashSet();
        private int scanned;
        private boolean done;

        Progress(History history) {
            this.history = history;
            this.healIndex = history.size();
        }

        boolean made() {
            List<Op> ops = history.ops();
            for (; scanned < ops.size() && !done; scanned++) {
                see(ops.get(scanned));
            }
            return done;
        }

        private void see(Op op) {
            if (op.isNemesis()) {
                return;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), op);
                return;
            }
            Op inv = open.remove(op.process());
            if (inv == null || op.type() != OpType.OK) {
                return;
            }
            if (inv.f().equals("send") && inv.index() >= healIndex) {
                acknowledgedAfterHeal.add((Long) ((List<?>) inv.value()).get(1));
            } else if (inv.f().equals("poll")) {
                for (Object records : ((Map<?, ?>) op.value()).values()) {
                    for (Object r : (List<?>) records) {
                        done |= acknowledgedAfterHeal.contains((long) (Long) ((List<?>) r).get(1));
                    }
                }
            }
        }
    }
}
