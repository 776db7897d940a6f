package dev.dst.examples.pingpong;

import dev.dst.examples.Scenario;
import dev.dst.examples.ScenarioOptions;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;

import java.time.Duration;
import java.util.List;

/**
 * {@code ping-pong}: two clients ping three servers, which count pings in a durable log with
 * group commit. Timeouts, retries with backoff, crashes that lose or tear unsynced writes,
 * pauses, clock skew, drift and jumps, full disks. Checks that no server acknowledges the
 * same count twice (a count is only acknowledged once durable), and that after the faults
 * heal every client is served again.
 */
public final class PingPong implements Scenario {
    public static final String NAME = "ping-pong";
    public static final String BUG_ACK_BEFORE_FSYNC = "ack-before-fsync";
    static final int SERVERS = 3;
    static final int CLIENTS = 2;
    static final Duration FAULT_PHASE = Duration.ofSeconds(10);
    static final Duration HEAL_DEADLINE = Duration.ofSeconds(5);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "clients ping servers that count pings durably with group commit; timeouts, retries, crashes, pauses, clock faults, full disks";
    }

    @Override
    public List<Bug> bugs() {
        return List.of(new Bug(BUG_ACK_BEFORE_FSYNC, "servers acknowledge a ping before the group commit makes it durable"));
    }

    @Override
    public void run(Simulation sim, ScenarioOptions options) {
        boolean bug = options.bugOn(BUG_ACK_BEFORE_FSYNC);
        int[] servers = new int[SERVERS];
        for (int i = 0; i < SERVERS; i++) {
            servers[i] = sim.addNode("s" + i, ctx -> new Server(ctx, bug));
        }
        Observer observer = new Observer(SERVERS + CLIENTS);
        int[] clients = new int[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = sim.addNode("c" + i, ctx -> new Client(servers, observer));
        }
        sim.invariant("acknowledged counts are unique per server", () -> observer.duplicate() == null, observer::duplicate);
        sim.endCheck("pings were acknowledged", () -> observer.acks() > 0, observer::summary);

        if (options.faults() == ScenarioOptions.Faults.DEFAULT) {
            FaultScript.schedule(sim, servers, FAULT_PHASE.toNanos());
        }
        sim.runFor(FAULT_PHASE);

        FaultScript.healAll(sim, servers);
        long[] before = new long[clients.length];
        for (int i = 0; i < clients.length; i++) {
            before[i] = observer.acks(clients[i]);
        }
        boolean served = sim.runUntil(() -> {
            for (int i = 0; i < clients.length; i++) {
                if (observer.acks(clients[i]) <= before[i]) {
                    return false;
                }
            }
            return true;
        }, HEAL_DEADLINE);
        if (!served) {
            sim.fail(Violation.Kind.LIVENESS, "every client is served after heal",
                    "within " + HEAL_DEADLINE.toSeconds() + " s of the heal some client got no acknowledgement; " + observer.summary());
        }
    }
}
