package dev.dst.examples.raftkv;

import dev.dst.chaos.ChaosRun;
import dev.dst.chaos.Deployment;
import dev.dst.examples.raftkv.Messages.Entry;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import dev.dst.linearizability.Linearizability;
import dev.dst.linearizability.LinearizabilityResult;
import dev.dst.linearizability.Models;
import dev.dst.linearizability.Verdict;
import dev.dst.runtime.FileStorage;
import dev.dst.workload.Workload;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * raft-kv deployed as five {@link RaftKvServer} processes: the simulation's nodes, clients and
 * workload; at the end the history is checked for linearizability with the simulation's model
 * ({@code kv}, values 0 at the start), and, from outside the nodes, what their reports and their
 * storage show: one leader per term (each process reports its elections), no node stopped by
 * itself (a handler that throws stops it: RaftNode asserts, for one, that no leader overwrites a
 * committed entry), the final logs match (two logs with an entry of the same term at an index
 * agree up to it), and every acknowledged write is in the logs of a majority (a committed entry
 * cannot be lost).
 */
public final class RaftKvChaos implements Deployment {
    /** The checker's budget: a real run is longer than a simulated one. */
    static final Linearizability.Options CHECKER = new Linearizability.Options(Duration.ofSeconds(120), 10_000_000L, 1);

    @Override
    public String name() {
        return RaftKv.NAME;
    }

    @Override
    public List<String> servers() {
        return Deployment.names("n", RaftKv.NODES);
    }

    @Override
    public List<String> clients() {
        return Deployment.names("c", RaftKv.CLIENTS);
    }

    @Override
    public List<String> bugs() {
        return new RaftKv().bugs().stream().map(b -> b.name()).toList();
    }

    @Override
    public String mainClass() {
        return RaftKvServer.class.getName();
    }

    @Override
    public Workload workload() {
        return RaftKv.workload();
    }

    @Override
    public dev.dst.chaos.Aim aim(dev.dst.entropy.Entropy e, int servers) {
        return new LeaderIsolation(e, servers);
    }

    @Override
    public String progressName() {
        return "a write invoked after the heal is acknowledged (a leader exists and commits)";
    }

    @Override
    public ChaosRun.Progress progress() {
        return RaftKvChaos::writeAfter;
    }

    /** Whether a put or cas invoked at or after {@code healNanos} completed ok. */
    static boolean writeAfter(History history, long healNanos) {
        List<Op> ops = history.ops();
        int from = ops.size();
        while (from > 0 && ops.get(from - 1).timeNanos() >= healNanos) {
            from--;
        }
        IntOpenHashSet writing = new IntOpenHashSet();
        for (int i = from; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.isNemesis() || !(op.f().equals("put") || op.f().equals("cas"))) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                writing.add(op.process());
            } else if (op.type() == OpType.OK && writing.contains(op.process())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Check> check(ChaosRun.Result run, List<Path> directories) {
        List<Check> out = new ArrayList<>();
        out.add(linearizable(run.history()));
        out.add(oneLeaderPerTerm(run.timeline()));
        out.add(Deployment.noNodeStopped(run.timeline()));
        List<RaftLog> logs = new ArrayList<>();
        String unreadable = null;
        for (Path dir : directories) {
            try (FileStorage s = FileStorage.open(dir)) {
                logs.add(new RaftLog(s));
            } catch (IOException | RuntimeException e) {
                unreadable = dir + ": " + e.getMessage();
            }
        }
        if (unreadable != null) {
            out.add(new Check("the final logs match (log matching)", Status.UNKNOWN, "cannot read " + unreadable));
            out.add(new Check("every acknowledged write is in a majority of the logs", Status.UNKNOWN, "cannot read " + unreadable));
        } else {
            out.add(logMatching(logs));
            out.add(acknowledgedOnMajority(run, logs));
        }
        return out;
    }

    static Check linearizable(History history) {
        LinearizabilityResult r = Linearizability.check(history, Models.keyValue(0L), CHECKER);
        Status s = r.verdict() == Verdict.VALID ? Status.OK : r.verdict() == Verdict.INVALID ? Status.FAIL : Status.UNKNOWN;
        return new Check("the client history is linearizable (kv)", s, r.describe() + (r.isValid() ? "" : "\n" + r.partsText()));
    }

    static Check oneLeaderPerTerm(List<ChaosRun.Line> timeline) {
        TreeMap<Long, ChaosRun.Line> leaders = new TreeMap<>();
        for (ChaosRun.Line l : timeline) {
            if (!l.text().startsWith("leader ")) {
                continue;
            }
            long term = Long.parseLong(l.text().substring(7).strip());
            ChaosRun.Line first = leaders.putIfAbsent(term, l);
            if (first != null && !first.who().equals(l.who())) {
                return new Check("one leader per term (as the nodes reported)", Status.FAIL, String.format(
                        "term %d has two leaders: %s (at %.3fs) and %s (at %.3fs)", term, first.who(), first.atNanos() / 1e9, l.who(),
                        l.atNanos() / 1e9));
            }
        }
        return new Check("one leader per term (as the nodes reported)", Status.OK,
                leaders.size() + " terms with a leader" + (leaders.isEmpty() ? "" : ", up to term " + leaders.lastKey()));
    }

    /** Log matching on the logs the nodes left: the entries of one term at one index have the same log before them. */
    static Check logMatching(List<RaftLog> logs) {
        long longest = 0;
        for (RaftLog l : logs) {
            longest = Math.max(longest, l.lastIndex());
        }
        for (long i = 1; i <= longest; i++) {
            TreeMap<Long, Integer> byTerm = new TreeMap<>(); // term -> the first log with an entry of that term at i
            for (int n = 0; n < logs.size(); n++) {
                RaftLog l = logs.get(n);
                if (i > l.lastIndex()) {
                    continue;
                }
                Integer other = byTerm.putIfAbsent(l.termAt(i), n);
                if (other != null && logs.get(other).prefixHash(i) != l.prefixHash(i)) {
                    return new Check("the final logs match (log matching)", Status.FAIL, "n" + other + " and n" + n + " both have entry " + i
                            + " of term " + l.termAt(i) + ", with different logs up to it (" + logs.get(other).get(i) + " and " + l.get(i) + ")");
                }
            }
        }
        StringBuilder lengths = new StringBuilder();
        for (RaftLog l : logs) {
            lengths.append(lengths.length() == 0 ? "" : ", ").append(l.lastIndex());
        }
        return new Check("the final logs match (log matching)", Status.OK, "log lengths " + lengths);
    }

    /** Every put or cas a client saw ok is, by its request id, in the logs of a majority of the servers. */
    static Check acknowledgedOnMajority(ChaosRun.Result run, List<RaftLog> logs) {
        List<LongOpenHashSet> ids = new ArrayList<>();
        for (RaftLog l : logs) {
            LongOpenHashSet mine = new LongOpenHashSet();
            for (long i = 1; i <= l.lastIndex(); i++) {
                Entry e = l.get(i);
                if (e.command().isClientOp()) {
                    mine.add(e.command().requestId());
                }
            }
            ids.add(mine);
        }
        int acknowledged = 0;
        for (Operation op : run.history().operations()) {
            if (!op.isOk() || !(op.f().equals("put") || op.f().equals("cas"))) {
                continue;
            }
            acknowledged++;
            long id = run.requestId(op.invokeIndex());
            int holders = 0;
            for (LongOpenHashSet mine : ids) {
                if (mine.contains(id)) {
                    holders++;
                }
            }
            if (holders <= logs.size() / 2) {
                return new Check("every acknowledged write is in a majority of the logs", Status.FAIL, String.format(
                        "%s (request %d, acknowledged at %.3fs) is in %d of the %d logs", op, id, op.completeNanos() / 1e9, holders, logs.size()));
            }
        }
        return new Check("every acknowledged write is in a majority of the logs", Status.OK, acknowledged + " acknowledged writes");
    }
}
