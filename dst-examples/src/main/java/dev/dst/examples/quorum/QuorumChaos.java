package dev.dst.examples.quorum;

import dev.dst.chaos.ChaosRun;
import dev.dst.chaos.Deployment;
import dev.dst.history.History;
import dev.dst.linearizability.Linearizability;
import dev.dst.linearizability.LinearizabilityResult;
import dev.dst.linearizability.Models;
import dev.dst.linearizability.Verdict;
import dev.dst.runtime.FileStorage;
import dev.dst.workload.Workload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * quorum-register deployed as five {@link QuorumServer} processes: the simulation's replicas,
 * clients and workload (reads, and writes of values unique in the run); at the end the history
 * is checked against a register, as in the simulation (the writes of unknown outcome that no
 * read saw left out), and, from outside, what the replicas left on disk: no timestamp held with
 * two values, and no node stopped by itself.
 */
public final class QuorumChaos implements Deployment {
    static final Linearizability.Options CHECKER = Linearizability.Options.defaults().withThreads(1)
            .withMaxStates(QuorumRegister.MAX_CHECKER_STATES).withTimeout(Duration.ofSeconds(120));

    @Override
    public String name() {
        return QuorumRegister.NAME;
    }

    @Override
    public List<String> servers() {
        return Deployment.names("n", QuorumRegister.REPLICAS);
    }

    @Override
    public List<String> clients() {
        return Deployment.names("c", 3);
    }

    @Override
    public List<String> bugs() {
        return new QuorumRegister().bugs().stream().map(b -> b.name()).toList();
    }

    @Override
    public String mainClass() {
        return QuorumServer.class.getName();
    }

    @Override
    public Workload workload() {
        return new QuorumRegister.UniqueWrites();
    }

    @Override
    public String progressName() {
        return "a write and a read invoked after the heal complete";
    }

    /** The simulation's {@code PostHealProgress}, made at the first look after the heal (the history then is the heal's). */
    @Override
    public ChaosRun.Progress progress() {
        return new ChaosRun.Progress() {
            private QuorumRegister.PostHealProgress progress;

            @Override
            public boolean done(History history, long healNanos) {
                if (progress == null) {
                    progress = new QuorumRegister.PostHealProgress(history);
                }
                return progress.done();
            }
        };
    }

    @Override
    public List<Check> check(ChaosRun.Result run, List<Path> directories) {
        List<Check> out = new ArrayList<>();
        LinearizabilityResult r = Linearizability.check(QuorumRegister.withoutUnreadUnknownWrites(run.history().operations()),
                Models.register(QuorumRegister.INITIAL_VALUE), CHECKER);
        Status s = r.verdict() == Verdict.VALID ? Status.OK : r.verdict() == Verdict.INVALID ? Status.FAIL : Status.UNKNOWN;
        out.add(new Check("the client history is linearizable (register)", s, r.describe()));
        out.add(Deployment.noNodeStopped(run.timeline()));
        out.add(oneValuePerTimestamp(directories));
        return out;
    }

    /** The replicas' final registers: two that hold one timestamp hold one value. */
    static Check oneValuePerTimestamp(List<Path> directories) {
        String name = "no timestamp held with two values (the replicas' final registers)";
        TreeMap<Ts, long[]> seen = new TreeMap<>(); // ts -> {value, replica}
        StringBuilder held = new StringBuilder();
        for (int n = 0; n < directories.size(); n++) {
            byte[] b;
            try (FileStorage st = FileStorage.open(directories.get(n))) {
                b = st.read(Replica.FILE);
            } catch (IOException | RuntimeException e) {
                return new Check(name, Status.UNKNOWN, "cannot read " + directories.get(n) + ": " + e.getMessage());
            }
            if (b == null) {
                held.append(held.length() == 0 ? "" : ", ").append("n").append(n).append(" none");
                continue;
            }
            ByteBuffer buf = ByteBuffer.wrap(b);
            Ts ts = new Ts(buf.getLong(), buf.getInt());
            long value = buf.getLong();
            held.append(held.length() == 0 ? "" : ", ").append("n").append(n).append(' ').append(ts).append('=').append(value);
            long[] other = seen.putIfAbsent(ts, new long[] {value, n});
            if (other != null && other[0] != value) {
                return new Check(name, Status.FAIL, "n" + other[1] + " and n" + n + " hold timestamp " + ts + " with values " + other[0]
                        + " and " + value);
            }
        }
        return new Check(name, Status.OK, held.toString());
    }
}
