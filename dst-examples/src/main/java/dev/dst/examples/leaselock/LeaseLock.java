package dev.dst.examples.leaselock;

import dev.dst.cluster.Cluster;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;

import java.time.Duration;
import java.util.List;

/**
 * {@code lease-lock}: a lock service granting leases with fencing tokens, three workers
 * writing to a store under the lease, under the nemesis (clock drift, pauses and slow links
 * matter most). Checked after every step: at most one worker holds the lease at any true time
 * (holding: up, and within the lease by its own monotonic clock); the store never accepts a
 * token older than one it accepted. After the heal some worker must take the lease and write.
 */
public final class LeaseLock implements Scenario {
    public static final String NAME = "lease-lock";
    public static final String BUG_NO_DRIFT_MARGIN = "no-drift-margin";
    public static final String BUG_NO_FENCING = "no-fencing";
    static final int WORKERS = 3;
    static final Duration FAULT_PHASE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "leases with fencing tokens against a storage service; one holder at a time, stale tokens refused";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(new Bug(BUG_NO_DRIFT_MARGIN, "workers hold the lease for its full duration, with no margin for clock drift"),
                new Bug(BUG_NO_FENCING, "the store accepts writes whatever their fencing token"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        boolean margin = !options.bugOn(BUG_NO_DRIFT_MARGIN);
        boolean fencing = !options.bugOn(BUG_NO_FENCING);
        Writes writes = new Writes();
        Cluster.Builder builder = Cluster.on(sim)
                .nodes(1, "lock", ctx -> new LockServer(ctx))
                .nodes(1, "store", ctx -> new Store(ctx, fencing, writes))
                .nodes(WORKERS, "w", ctx -> new Worker(0, 1, margin));
        Cluster cluster = builder.options(options).faultPhase(FAULT_PHASE).build();
        List<Integer> workers = cluster.nodes().subList(2, 2 + WORKERS);
        sim.invariant("at most one holder at any true time", () -> holders(sim, workers) <= 1, () -> describeHolders(sim, workers));
        sim.invariant("the store never accepts an older token", () -> writes.regression() == null, writes::regression);
        sim.sometimes("a stale write was fenced off", () -> writes.rejected() > 0);

        cluster.runFaultPhase();
        long before = writes.count();
        cluster.healAndAwait("a worker takes the lease and writes after the heal", () -> writes.count() > before, Duration.ofSeconds(5));
        sim.stat("writes", writes.count() + " accepted, " + writes.rejected() + " fenced off, highest token " + writes.highest());
    }

    static int holders(Simulation sim, List<Integer> workers) {
        int n = 0;
        for (int w : workers) {
            if (sim.isUp(w) && sim.node(w, Worker.class).holdsAt(sim.clock(w).monotonic(sim.now()))) {
                n++;
            }
        }
        return n;
    }

    private static String describeHolders(Simulation sim, List<Integer> workers) {
        StringBuilder sb = new StringBuilder("holding at once:");
        for (int w : workers) {
            if (sim.isUp(w) && sim.node(w, Worker.class).holdsAt(sim.clock(w).monotonic(sim.now()))) {
                sb.append(' ').append(sim.nodeName(w)).append(" (token ").append(sim.node(w, Worker.class).token())
                        .append(", clock drift ").append(sim.clock(w).driftPpm()).append(" ppm)");
            }
        }
        return sb.toString();
    }
}
