package dev.dst.chaos;

import dev.dst.workload.Workload;

import java.nio.file.Path;
import java.util.List;

/**
 * A scenario deployed as real processes for a chaos run: what to start, what the clients do,
 * what must hold after the heal and what is checked at the end. {@code dst chaos} runs the
 * bundled ones; a user's system gets one by implementing this and a node main that calls
 * {@link ChaosNode#run}.
 */
public interface Deployment {
    /** The scenario's name ({@code raft-kv}). */
    String name();

    /** The servers' names, in address order (the simulation's: {@code n0..n4}). */
    List<String> servers();

    /** The clients' names (the simulation's: {@code c0..c2}); their addresses follow the servers'. */
    List<String> clients();

    /** The planted bugs a node process can be started with (passed as its extra arguments). */
    List<String> bugs();

    /** The node main: a class whose {@code main} calls {@link ChaosNode#run}. */
    String mainClass();

    /** What each client does (the scenario's workload). */
    Workload workload();

    /**
     * Faults aimed at what the node processes report, beside the plan, or null for none (the
     * default). {@code e} is the stream {@code aimed} of the run's seed; {@code servers} how many
     * there are.
     */
    default Aim aim(dev.dst.entropy.Entropy e, int servers) {
        return null;
    }

    /** The name of {@link #progress()}, for the report: {@code a write invoked after the heal is acknowledged}. */
    String progressName();

    /** What must hold after the heal for the run to pass. */
    ChaosRun.Progress progress();

    /**
     * The end checks on what the run recorded and, the nodes being stopped, on what they left in
     * their storage {@code directories} (in server order): the scenario's checker, and the
     * invariants an outside observer can check.
     */
    List<Check> check(ChaosRun.Result run, List<Path> directories);

    /** {@code prefix0, prefix1 ...}: the names a simulated cluster gives {@code count} nodes ({@code n0..n4}, {@code c0..c2}). */
    static List<String> names(String prefix, int count) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return List.copyOf(names);
    }

    /**
     * The check every deployment has: no node stopped by itself (a handler threw, which stops the
     * node, or its process died), from the nodes' {@code stopped} and {@code exited} lines.
     */
    static Check noNodeStopped(List<ChaosRun.Line> timeline) {
        String name = "no node stopped by itself (a handler threw, or the process died)";
        for (ChaosRun.Line l : timeline) {
            if (l.text().startsWith("stopped by itself") || l.text().startsWith("exited")) {
                return new Check(name, Status.FAIL, String.format("%s at %.3fs: %s", l.who(), l.atNanos() / 1e9, l.text()));
            }
        }
        return new Check(name, Status.OK, "none did");
    }

    /** One row of the report's check table. */
    record Check(String name, Status status, String detail) {
        public boolean failed() {
            return status != Status.OK;
        }
    }

    /** A check's outcome: held, found violated, or not decided (a checker's budget ran out). */
    enum Status { OK, FAIL, UNKNOWN }
}
