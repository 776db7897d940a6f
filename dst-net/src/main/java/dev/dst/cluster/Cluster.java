package dev.dst.cluster;

import dev.dst.entropy.Entropy;
import dev.dst.fault.FaultLog;
import dev.dst.fault.World;
import dev.dst.history.History;
import dev.dst.linearizability.LinearizabilityCheck;
import dev.dst.linearizability.Model;
import dev.dst.nemesis.AimedFaults;
import dev.dst.strategy.Pct;
import dev.dst.nemesis.Nemesis;
import dev.dst.nemesis.NemesisPlan;
import dev.dst.nemesis.Targets;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.BadInputException;
import dev.dst.net.LinkConfig;
import dev.dst.net.Network;
import dev.dst.node.NodeFactory;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import dev.dst.trace.Durations;
import dev.dst.workload.ClientNode;
import dev.dst.workload.Workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A world on one simulation: a network, server nodes, client nodes, and a nemesis plan
 * scheduled over a fault phase. Then {@link #healAndAwait} reverts every fault and requires a
 * liveness property within a deadline.
 *
 * <pre>{@code
 * Cluster cluster = Cluster.on(sim)
 *         .nodes(5, ctx -> new RaftNode(ctx))
 *         .clients(3, id -> new KvClient(...))
 *         .nemesis(Nemesis.swarm())
 *         .build();
 * sim.runFor(cluster.faultPhase());
 * cluster.healAndAwait("a leader exists", () -> ..., Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>The plan: one attached to the simulation as {@value #PLAN_ATTACHMENT} (a shrunk or replayed
 * run, whose plan must win so that shrinking can edit it); else one given to the builder; else
 * one the nemesis generates from the {@code nemesis} stream. The plan used is attached to the
 * simulation under that key, and the nemesis's draws (for swarm: the fault kinds on and their
 * intensity) are the run's {@code nemesis} stat.
 */
public final class Cluster {
    /** The simulation attachment that holds the nemesis plan, in its text form. */
    public static final String PLAN_ATTACHMENT = "nemesis-plan";

    private final Simulation sim;
    private final Network network;
    private final FaultLog faults;
    private final List<Integer> servers;
    private final List<Integer> clients;
    private final NemesisPlan plan;
    private final Duration faultPhase;
    private final History history;
    private boolean healed; // after the heal, the plan's remaining steps do nothing

    private Cluster(Simulation sim, Network network, FaultLog faults, History history, List<Integer> servers,
                    List<Integer> clients, NemesisPlan plan, Duration faultPhase) {
        this.sim = sim;
        this.network = network;
        this.faults = faults;
        this.history = history;
        faults.setListener((applied, f) -> history.nemesis(applied ? "apply" : "revert", f.toText(faults.world()), sim.now()));
        this.servers = List.copyOf(servers);
        this.clients = List.copyOf(clients);
        this.plan = plan;
        this.faultPhase = faultPhase;
        plan.schedule(faults, () -> !healed);
    }

    public static Builder on(Simulation sim) {
        return new Builder(sim);
    }

    public Simulation sim() {
        return sim;
    }

    public Network network() {
        return network;
    }

    public FaultLog faults() {
        return faults;
    }

    public World world() {
        return faults.world();
    }

    /** Server node addresses, in order. */
    public List<Integer> nodes() {
        return servers;
    }

    /** Client node addresses, in order. */
    public List<Integer> clients() {
        return clients;
    }

    /**
     * The operations the {@linkplain Builder#workload workload clients} invoked and how they
     * completed, with the nemesis's applies and reverts, in true simulated time: what the
     * checkers read. Export with {@link History#toJsonl()} or {@link History#toEdn()}.
     */
    public History history() {
        return history;
    }

    /**
     * Checks {@link #history()} for linearizability against {@code model} at the end of the run,
     * with a bounded budget (see {@link LinearizabilityCheck}); returns the check, whose result
     * the scenario can read for its report after the run.
     */
    public LinearizabilityCheck checkLinearizable(Model<?> model) {
        return LinearizabilityCheck.register(sim, this::history, model);
    }

    /** The fault schedule in force (generated or given). */
    public NemesisPlan plan() {
        return plan;
    }

    public Duration faultPhase() {
        return faultPhase;
    }

    /** Runs the fault phase from now: the time the plan was made for. */
    public void runFaultPhase() {
        sim.runFor(faultPhase);
    }

    /**
     * The heal: reverts every active fault, resets clocks to true time, then runs until
     * {@code condition} holds or {@code timeout} passes. On timeout the run fails with a
     * liveness violation that describes the state at the deadline. Plan steps still to come
     * (a heal before the fault phase ended, a plan edited to run longer) no longer fire.
     */
    public void healAndAwait(String name, BooleanSupplier condition, Duration timeout) {
        healed = true;
        faults.revertAll();
        long healedAt = sim.now();
        if (!sim.runUntil(condition, timeout)) {
            sim.fail(Violation.Kind.LIVENESS, name, "not reached within " + Durations.format(timeout.toNanos())
                    + " of the heal at " + Durations.format(healedAt) + "; at the deadline: " + describeState());
        }
    }

    /** Nodes up, paused or crashed, and the network's totals: what a liveness failure shows. */
    public String describeState() {
        StringBuilder sb = new StringBuilder();
        List<Integer> everyone = new ArrayList<>(servers);
        everyone.addAll(clients);
        for (int n : everyone) {
            sb.append(sim.nodeName(n)).append(sim.isCrashed(n) ? " crashed" : sim.isPaused(n) ? " paused" : " up").append(", ");
        }
        sb.append("network sent ").append(network.totalSent()).append(", delivered ").append(network.totalDelivered())
                .append(", dropped ").append(network.totalDropped()).append(' ').append(network.dropsByReason());
        return sb.toString();
    }

    /** Makes the node factory of client {@code index}, knowing the servers' addresses. */
    @FunctionalInterface
    public interface ClientFactory {
        NodeFactory create(int index, List<Integer> servers);
    }

    /** Builds a {@link Cluster}. */
    public static final class Builder {
        private final Simulation sim;
        private LinkConfig links = LinkConfig.DEFAULT;
        private final List<Object[]> serverSpecs = new ArrayList<>();
        private final List<Object[]> clientSpecs = new ArrayList<>();
        private Nemesis nemesis = Nemesis.none();
        private NemesisPlan plan;
        private String planText;
        private String planFile; // where planText came from, for messages; null: given as text
        private Duration faultPhase = Duration.ofSeconds(10);
        private String strategy = ScenarioOptions.DEFAULT_STRATEGY;
        private int workloadClients;
        private Workload workload;
        private long workloadStopNanos = Long.MAX_VALUE;

        private Builder(Simulation sim) {
            this.sim = sim;
        }

        /** The configuration of every link (default {@link LinkConfig#DEFAULT}). */
        public Builder links(LinkConfig config) {
            this.links = config;
            return this;
        }

        /** {@code count} servers named {@code n0, n1 ...}. */
        public Builder nodes(int count, NodeFactory factory) {
            return nodes(count, "n", factory);
        }

        /** {@code count} servers named {@code prefix0, prefix1 ...}. */
        public Builder nodes(int count, String prefix, NodeFactory factory) {
            serverSpecs.add(new Object[] {count, prefix, factory});
            return this;
        }

        /**
         * {@code count} clients named {@code c0, c1 ...}; {@code factory} gets the client's
         * index and the servers' addresses and returns its node factory (clients are nodes,
         * so their links can fail too).
         */
        public Builder clients(int count, ClientFactory factory) {
            clientSpecs.add(new Object[] {count, "c", factory});
            return this;
        }

        /**
         * {@code count} clients (named after any others) that run {@code w} against random
         * servers and record every operation in {@link Cluster#history()}. The servers answer
         * {@link dev.dst.node.ClientOp}s with {@link dev.dst.node.Result}s.
         */
        public Builder workload(int count, Workload w) {
            this.workloadClients = count;
            this.workload = w;
            return this;
        }

        /** Workload clients invoke nothing at or after this simulated time (default: never stop). */
        public Builder workloadUntil(Duration sinceStart) {
            this.workloadStopNanos = sinceStart.toNanos();
            return this;
        }

        /**
         * The faults a {@link ScenarioOptions} names: its fault package ({@link Nemesis#named}),
         * and its plan text, if it has one, instead of a generated plan.
         */
        public Builder options(ScenarioOptions options) {
            strategy(options.strategy());
            nemesis(Nemesis.named(options.faults()));
            if (options.planText() != null) {
                plan(options.planText());
                planFile = options.planFile();
            }
            return this;
        }

        /**
         * The search strategy: {@code random} (the default: delays and tie-breaks drawn at random)
         * or {@code pct} ({@link Pct}: the servers' messages delayed by priority through the fault
         * phase).
         */
        public Builder strategy(String name) {
            if (name == null || !Pct.known(name)) {
                throw new IllegalArgumentException("unknown strategy '" + name + "'; strategies: random, pct");
            }
            this.strategy = name;
            return this;
        }

        /** A nemesis that generates the plan from the {@code nemesis} entropy stream. */
        public Builder nemesis(Nemesis n) {
            this.nemesis = n;
            this.plan = null;
            this.planText = null;
            return this;
        }

        /** A given plan (saved, edited or shrunk) instead of a generated one. */
        public Builder plan(NemesisPlan p) {
            this.plan = p;
            this.planText = null;
            return this;
        }

        /** A plan in its text form, parsed once the nodes exist (their names resolve then); null: none given. */
        public Builder plan(String text) {
            this.planText = text;
            this.planFile = null;
            this.plan = null;
            return this;
        }

        /** How long faults are injected before the heal (default 10 s). */
        public Builder faultPhase(Duration d) {
            this.faultPhase = d;
            return this;
        }

        private String uniqueName(String name) {
            for (int i = 0; i < sim.nodeCount(); i++) {
                if (sim.nodeName(i).equals(name)) {
                    throw new IllegalArgumentException("two nodes named '" + name + "': give each nodes(...) call its own prefix");
                }
            }
            return name;
        }

        public Cluster build() {
            Network network = Network.install(sim, links);
            List<Integer> servers = new ArrayList<>();
            for (Object[] spec : serverSpecs) {
                for (int i = 0; i < (int) spec[0]; i++) {
                    servers.add(sim.addNode(uniqueName(spec[1] + String.valueOf(i)), (NodeFactory) spec[2]));
                }
            }
            List<Integer> clients = new ArrayList<>();
            for (Object[] spec : clientSpecs) {
                for (int i = 0; i < (int) spec[0]; i++) {
                    int index = clients.size();
                    clients.add(sim.addNode(uniqueName("c" + index), ((ClientFactory) spec[2]).create(index, List.copyOf(servers))));
                }
            }
            History history = new History();
            if (workload != null) {
                List<Integer> targets = List.copyOf(servers);
                for (int i = 0; i < workloadClients; i++) {
                    int index = i;
                    ClientNode.Process process = new ClientNode.Process(i);
                    clients.add(sim.addNode(uniqueName("c" + clients.size()), ctx -> new ClientNode(index, workloadClients, targets,
                            workload, history, sim::now, workloadStopNanos, process)));
                }
            }
            World world = new World(sim, network);
            NemesisPlan p = plan;
            String attached = sim.attachment(PLAN_ATTACHMENT);
            String text = attached != null ? attached : planText;
            if (text != null) {
                try {
                    p = NemesisPlan.parse(text, world);
                } catch (IllegalArgumentException e) {
                    String what = "nemesis plan" + (attached != null ? " (attached to the run)" : planFile != null ? " " + planFile : "");
                    if (e.getCause() instanceof BadInputException where && where.line() > 0) {
                        throw new BadInputException(what, attached != null ? PLAN_ATTACHMENT : null, where.line(), where.reason(), e);
                    }
                    throw new BadInputException(what + ": " + e.getMessage(), e);
                }
                sim.stat("nemesis", attached != null ? "the attached plan" : "a given plan");
            } else if (p != null) {
                sim.stat("nemesis", "a given plan");
            }
            if (p == null) {
                Entropy e = sim.entropy("nemesis");
                p = nemesis.plan(e, new Targets(servers, clients), faultPhase.toNanos(), knobs -> sim.stat("nemesis", knobs));
            }
            NemesisPlan used = p;
            sim.attach(PLAN_ATTACHMENT, () -> used.toText(world));
            FaultLog log = new FaultLog(world);
            if (nemesis != null && nemesis.aimsAtWrites()) {
                AimedFaults.install(sim, log, servers, sim.now() + faultPhase.toNanos());
            }
            if (strategy.equals(Pct.NAME)) {
                Pct.install(sim, network, servers, sim.now() + faultPhase.toNanos());
            }
            return new Cluster(sim, network, log, history, servers, clients, p, faultPhase);
        }
    }
}
