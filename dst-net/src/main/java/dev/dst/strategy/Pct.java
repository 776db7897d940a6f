package dev.dst.strategy;

import dev.dst.entropy.Entropy;
import dev.dst.net.Network;
import dev.dst.sim.Simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * Priority scheduling in the manner of PCT (Burckhardt et al., "A randomized scheduler with
 * probabilistic guarantees of finding bugs", 2010), for a network with time: the servers get
 * random distinct priorities, and a message leaves its sender's queue later the lower the
 * sender's priority, by {@code rank × unit} ({@code rank} 0 for the highest). Whatever two
 * servers send at about the same time, the higher one's message arrives first, all run long:
 * the orderings that random delays make only by luck (every vote of one voter arriving after
 * the others', past an election timeout; one replica always last to acknowledge) become the
 * rule. At up to three change points during the fault phase, the server of the highest
 * priority drops to the lowest, as PCT lowers the running thread, so that a run also sees an
 * ordering turn over. The heal ends it: after the fault phase, no sender is delayed.
 *
 * <p>Drawn from the entropy stream {@code pct}, on the tape, so a run replays and shrinks: the
 * unit (log-uniform, 1 ms to 100 ms), the priorities (a shuffle), the number of change points
 * (0 to 3) and their times. A draw of 0 is the simplest: a unit of 1 ms, the servers in their
 * order, no change point. Clients are not delayed (their requests would only time out).
 */
public final class Pct {
    /** The strategy's name, as {@code --strategy} takes it. */
    public static final String NAME = "pct";
    static final long MIN_UNIT_NANOS = 1_000_000L;
    static final long MAX_UNIT_NANOS = 100_000_000L;
    static final int MAX_CHANGES = 3;

    private final Simulation sim;
    private final Network network;
    private final long unitNanos;
    /** Servers by priority, highest first. */
    private final List<Integer> order;

    private Pct(Simulation sim, Network network, List<Integer> servers, long phaseEndNanos) {
        this.sim = sim;
        this.network = network;
        Entropy e = sim.entropy(NAME);
        this.unitNanos = (long) (MIN_UNIT_NANOS * Math.exp(e.unit() * Math.log((double) MAX_UNIT_NANOS / MIN_UNIT_NANOS)));
        this.order = shuffled(servers, e);
        int changes = e.below(MAX_CHANGES + 1);
        long span = Math.max(1, phaseEndNanos - sim.now());
        long[] at = new long[changes];
        for (int i = 0; i < changes; i++) {
            at[i] = sim.now() + e.below(span);
        }
        java.util.Arrays.sort(at);
        assign();
        sim.stat("strategy", "pct: unit " + unitNanos / 1_000 + " us, priorities " + names() + ", " + changes + " change points");
        for (long t : at) {
            sim.scheduleAt(t, "pct: the highest priority drops to the lowest", this::change);
        }
        sim.scheduleAt(Math.max(sim.now(), phaseEndNanos), "pct: ends with the fault phase", this::end);
    }

    /**
     * Installs priority scheduling of {@code servers}' messages on {@code network} until
     * {@code phaseEndNanos} (simulated time: the end of the fault phase).
     */
    public static Pct install(Simulation sim, Network network, List<Integer> servers, long phaseEndNanos) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("pct needs servers to give priorities to");
        }
        return new Pct(sim, network, servers, phaseEndNanos);
    }

    /** Whether {@code name} is a strategy dst-net knows: {@code random} or {@code pct}. */
    public static boolean known(String name) {
        return name.equals(dev.dst.scenario.ScenarioOptions.DEFAULT_STRATEGY) || name.equals(NAME);
    }

    /** The servers, highest priority first. */
    public List<Integer> order() {
        return List.copyOf(order);
    }

    public long unitNanos() {
        return unitNanos;
    }

    private static List<Integer> shuffled(List<Integer> servers, Entropy e) {
        List<Integer> s = new ArrayList<>(servers);
        for (int i = 0; i < s.size() - 1; i++) { // Fisher-Yates from the front: all draws 0 keep the order
            int j = i + e.below(s.size() - i);
            Integer t = s.get(i);
            s.set(i, s.get(j));
            s.set(j, t);
        }
        return s;
    }

    private void assign() {
        for (int rank = 0; rank < order.size(); rank++) {
            network.setSenderDelay(order.get(rank), rank * unitNanos);
        }
    }

    private void change() {
        order.add(order.remove(0));
        assign();
        sim.stat("pct order", names());
    }

    private void end() {
        for (int server : order) {
            network.setSenderDelay(server, 0);
        }
    }

    private String names() {
        StringBuilder sb = new StringBuilder();
        for (int s : order) {
            sb.append(sb.length() == 0 ? "" : ">").append(sim.nodeName(s));
        }
        return sb.toString();
    }
}
