package dev.dst.examples.pingpong;

import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;
import dev.dst.cluster.Cluster;

import java.time.Duration;
import java.util.List;

/**
 * {@code ping-pong}: two clients ping five servers, which count pings in a durable log with
 * group commit, over dst-net's network. Timeouts, retries with backoff, and whatever the
 * nemesis draws: partitions, lossy and slow links, kills and power losses that lose or tear
 * unsynced writes, pauses, clock faults, full disks. Checks that no server acknowledges the
 * same count twice (a count is only acknowledged once durable), and that after the faults
 * heal every client is served again.
 */
public final class PingPong implements Scenario {
    public static final String NAME = "ping-pong";
    public static final String BUG_ACK_BEFORE_FSYNC = "ack-before-fsync";
    static final int SERVERS = 5;
    static final int CLIENTS = 2;
    static final Duration FAULT_PHASE = Duration.ofSeconds(10);
    static final Duration HEAL_DEADLINE = Duration.ofSeconds(5);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "clients ping servers that count pings durably with group commit; timeouts, retries; any fault of the nemesis";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(new Bug(BUG_ACK_BEFORE_FSYNC, "servers acknowledge a ping before the group commit makes it durable"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        boolean bug = options.bugOn(BUG_ACK_BEFORE_FSYNC);
        Observer observer = new Observer(SERVERS + CLIENTS);
        Cluster.Builder builder = Cluster.on(sim)
                .nodes(SERVERS, "s", ctx -> new Server(ctx, bug))
                .clients(CLIENTS, (i, servers) -> ctx -> new Client(servers.stream().mapToInt(Integer::intValue).toArray(), observer));
        Cluster cluster = builder.options(options).faultPhase(FAULT_PHASE).build();
        sim.invariant("acknowledged counts are unique per server", () -> observer.duplicate() == null, observer::duplicate);
        sim.endCheck("pings were acknowledged", () -> observer.acks() > 0, observer::summary);
        sim.sometimes("a server is down while clients ping", () -> cluster.nodes().stream().anyMatch(sim::isCrashed));
        sim.sometimes("a client retried a ping", () -> observer.retries() > 0);

        cluster.runFaultPhase();

        List<Integer> clients = cluster.clients();
        long[] before = new long[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            before[i] = observer.acks(clients.get(i));
        }
        cluster.healAndAwait("every client is served after heal", () -> {
            for (int i = 0; i < clients.size(); i++) {
                if (observer.acks(clients.get(i)) <= before[i]) {
                    return false;
                }
            }
            return true;
        }, HEAL_DEADLINE);
    }
}
