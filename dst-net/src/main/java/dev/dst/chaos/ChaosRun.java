package dev.dst.chaos;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.fault.Fault;
import dev.dst.fault.World;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.nemesis.NemesisPlan;
import dev.dst.node.ClientOp;
import dev.dst.runtime.Client;
import dev.dst.runtime.UnknownOutcomeException;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chaos run on a {@link ChaosCluster}: a scenario's workload driven by client threads against
 * the real nodes, and a nemesis plan applied for real on the plan's schedule, for a time limit
 * (the fault phase); then the heal (every fault reverted, every node running) and a wait until
 * the scenario's progress condition holds on the history. What it returns is what a report and
 * the checkers need: the history, the nemesis events and the nodes' events on one timeline.
 *
 * <p>Clients work as the simulation's ({@code dev.dst.workload.ClientNode}): one operation at a
 * time, to a server drawn from the client's stream, after a wait drawn from it, recorded as
 * invoked, then {@code ok} or {@code fail} from the node's {@link dev.dst.node.Result}, {@code fail} when it
 * could not be sent (the node is down: connection refused), {@code info} when no answer came
 * within the timeout; after an {@code info} the client continues as a new process. Client
 * {@code c<i>} draws from the stream {@code node/c<i>} of the seed, in the simulation's order
 * (wait, operation, server), so a seed gives the same operations and servers as the
 * simulation's clients draw: only the moments differ, and what the nodes answer.
 */
public final class ChaosRun {
    /** The progress a heal must lead to, judged on the history (under its lock), given when the heal started. */
    public interface Progress {
        boolean done(History history, long healNanos);
    }

    /** One line of the timeline: at {@code atNanos} since the run started, {@code who} (nemesis, a node) did or said {@code text}. */
    public record Line(long atNanos, String who, String text) {}

    /**
     * What happened.
     *
     * @param history        the clients' operations and the nemesis events (times since the run started)
     * @param requestIds     the id each operation was sent with, by its invocation's index in the history
     * @param timeline       nemesis steps (with what was done for real) and the nodes' events, in time order
     * @param faultsApplied  fault kind -> times applied, by kind in alphabetical order (the plan's and the aimed)
     * @param aimed          the run's {@link Aim} ({@link Aim#description}), or null when it had none
     * @param aimedApplied   how many of the faults applied were aimed
     * @param stepsSkipped   plan steps at or after the time limit (not applied)
     * @param healNanos      when the heal started
     * @param progressNanos  when the progress condition first held after the heal, or -1 if it did not within the heal timeout
     * @param endNanos       when the last client stopped
     * @param readyNanos     for every node process that got ready (the first five too), the time from its start to ready, sorted
     */
    public record Result(History history, Int2LongOpenHashMap requestIds, List<Line> timeline, Map<String, Integer> faultsApplied,
                         String aimed, int aimedApplied, int stepsSkipped, long healNanos, long progressNanos, long endNanos, LinkProxy.Stats proxy,
                         int processesStarted, List<Long> readyNanos) {
        /** The id the operation invoked at history index {@code invokeIndex} was sent with (-1 if none). */
        public long requestId(int invokeIndex) {
            return requestIds.getOrDefault(invokeIndex, -1L);
        }
    }

    private final ChaosCluster cluster;
    private final Builder b;
    private final History history = new History();
    private final Int2LongOpenHashMap requestIds = new Int2LongOpenHashMap();
    private final List<Line> timeline = new ArrayList<>();
    private final Map<String, Integer> applied = new TreeMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final java.util.concurrent.LinkedBlockingQueue<ChaosCluster.Event> reports = new java.util.concurrent.LinkedBlockingQueue<>();
    private int aimedApplied; // the aimer's
    private volatile long stopAtNanos;
    private volatile boolean nemesisStop;
    private long origin;

    private ChaosRun(ChaosCluster cluster, Builder b) {
        this.cluster = cluster;
        this.b = b;
    }

    /** A run on {@code cluster}; see {@link Builder}. */
    public static Builder on(ChaosCluster cluster) {
        return new Builder(cluster);
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    private Result run() throws InterruptedException, IOException {
        origin = System.nanoTime();
        long limit = b.timeLimit.toNanos();
        stopAtNanos = Long.MAX_VALUE;
        EntropySource entropy = EntropySource.seeded(b.seed);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < b.clients; i++) {
            int index = i;
            Entropy e = entropy.stream("node/c" + i);
            Thread t = new Thread(() -> client(index, e), "dst-chaos client c" + i);
            t.setDaemon(true);
            clients.add(t);
        }
        Thread nemesis = new Thread(this::nemesis, "dst-chaos nemesis");
        nemesis.setDaemon(true);
        Thread aimer = new Thread(this::aimer, "dst-chaos aimer");
        aimer.setDaemon(true);
        long healAt = -1;
        long progressAt = -1;
        int skipped = (int) b.plan.steps().stream().filter(s -> s.atNanos() >= limit).count();
        try {
            clients.forEach(Thread::start);
            nemesis.start();
            if (b.aim != null) {
                cluster.listen(reports::add);
                aimer.start();
            }
            say(0, "run", "started: " + cluster.size() + " nodes, " + b.clients + " clients, time limit " + b.timeLimit.toSeconds() + " s");
            sleepUntil(limit);
            nemesisStop = true; // it finishes the step it is doing: a kill half done would leave a node the heal cannot start
            nemesis.join();
            cluster.listen(null);
            aimer.join(); // it reverts its fault first
            healAt = now();
            cluster.healAll();
            synchronized (history) {
                history.nemesis("heal", "every fault reverted", healAt);
            }
            say(healAt, "nemesis", "heal: every fault reverted, every node running");
            long deadline = healAt + b.healTimeout.toNanos();
            while (now() < deadline) {
                synchronized (history) {
                    if (b.progress.done(history, healAt)) {
                        progressAt = now();
                        break;
                    }
                }
                Thread.sleep(20);
            }
            say(now(), "run", progressAt >= 0 ? b.progressName + ": yes" : b.progressName + ": not within " + b.healTimeout.toSeconds() + " s");
        } finally {
            stopAtNanos = now();
            nemesisStop = true;
            nemesis.interrupt(); // only when the run itself was interrupted or failed: else it has ended
            cluster.listen(null);
            aimer.interrupt();
            for (Thread t : clients) {
                t.join(b.opTimeout.toMillis() + 10_000);
            }
        }
        long end = now();
        List<Line> lines = new ArrayList<>();
        synchronized (timeline) {
            lines.addAll(timeline);
        }
        for (ChaosCluster.Event e : cluster.events()) {
            if (e.nanoTime() - origin >= 0 && !e.text().equals("ready")) {
                lines.add(new Line(e.nanoTime() - origin, e.node(), e.text()));
            }
        }
        lines.sort(java.util.Comparator.comparingLong(Line::atNanos));
        Map<String, Integer> kinds;
        synchronized (applied) {
            kinds = java.util.Collections.unmodifiableMap(new TreeMap<>(applied));
        }
        return new Result(history, requestIds, List.copyOf(lines), kinds, b.aim == null ? null : b.aim.description(), aimedApplied, skipped, healAt, progressAt, end,
                cluster.proxyStats(), cluster.processesStarted(), cluster.readyNanos());
    }

    private void say(long at, String who, String text) {
        synchronized (timeline) {
            timeline.add(new Line(at, who, text));
        }
    }

    private void sleepUntil(long atNanos) throws InterruptedException {
        for (long left; (left = atNanos - now()) > 0; ) {
            Thread.sleep(Math.min(left / 1_000_000 + 1, 200));
        }
    }

    // ------------------------------------------------------------------ the nemesis

    private void nemesis() {
        long limit = b.timeLimit.toNanos();
        try {
            for (NemesisPlan.Step s : b.plan.steps()) {
                if (s.atNanos() >= limit) {
                    break; // steps are in time order
                }
                while (!nemesisStop && now() < s.atNanos()) {
                    Thread.sleep(Math.max(1, Math.min(20, (s.atNanos() - now()) / 1_000_000)));
                }
                if (nemesisStop) {
                    break;
                }
                strike(s.fault(), s.action() == NemesisPlan.Action.APPLY, "");
            }
        } catch (InterruptedException e) {
            // the heal
        }
    }

    /** Asks the aim at each report, applies what it answers when it is due, one at a time, and reverts it; until the fault phase ends. */
    private void aimer() {
        long limit = b.timeLimit.toNanos();
        Aim.Shot active = null;
        long revertAt = 0;
        try {
            while (!nemesisStop) {
                long waitNanos = active == null ? 20_000_000L : Math.max(0, Math.min(20_000_000L, revertAt - now()));
                ChaosCluster.Event report = reports.poll(waitNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                if (active != null && now() >= revertAt) {
                    strike(active.fault(), false, "aimed: ");
                    active = null;
                }
                if (report == null || active != null || nemesisStop) {
                    continue;
                }
                int node = serverNamed(report.node());
                Aim.Shot shot = node < 0 ? null : b.aim.onEvent(node, report.text());
                if (shot == null) {
                    continue;
                }
                long start = report.nanoTime() - origin + shot.delayNanos();
                long end = Math.min(start + shot.durationNanos(), limit - 1);
                if (end <= start || end <= now()) {
                    continue;
                }
                sleepUntil(start);
                if (nemesisStop) {
                    break;
                }
                strike(shot.fault(), true, "aimed: ");
                aimedApplied++;
                active = shot;
                revertAt = end;
            }
        } catch (InterruptedException e) {
            // the run is ending: revert below
        }
        if (active != null) {
            strike(active.fault(), false, "aimed: ");
        }
    }

    private int serverNamed(String name) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.name(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Applies or reverts {@code fault} (a plan's step, or aimed), and records it: history, counts, timeline. */
    private void strike(Fault fault, boolean apply, String prefix) {
        String text = fault.toText(b.world);
        String done;
        try {
            done = apply ? cluster.apply(fault) : cluster.revert(fault);
        } catch (IOException | RuntimeException e) {
            done = "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = "interrupted";
        }
        long at = now();
        synchronized (history) {
            history.nemesis(apply ? "apply" : "revert", text, at);
        }
        if (apply) {
            synchronized (applied) {
                applied.merge(fault.kind(), 1, Integer::sum);
            }
        }
        say(at, "nemesis", prefix + (apply ? "apply " : "revert ") + text + (done.isEmpty() ? "" : "  (" + done + ")"));
    }

    // ------------------------------------------------------------------ clients

    private void client(int index, Entropy e) {
        int process = index;
        Client[] connections = new Client[cluster.size()];
        try {
            while (true) {
                long wait;
                synchronized (b.workload) { // a workload may keep state (unique values), and a simulation calls it from one thread
                    wait = 1 + b.workload.interval(e);
                }
                long at = now() + wait;
                if (at >= stopAtNanos) {
                    break;
                }
                sleepUntil(Math.min(at, stopAtNanos));
                if (now() >= stopAtNanos) {
                    break;
                }
                ClientOp op;
                synchronized (b.workload) {
                    op = b.workload.next(e);
                }
                int server = e.below(cluster.size());
                long id = ids.incrementAndGet();
                synchronized (history) {
                    int invoked = history.invoke(process, op.f(), op.value(), now());
                    requestIds.put(invoked, id);
                }
                Object[] outcome = call(connections, index, server, id, op);
                OpType type = (OpType) outcome[0];
                synchronized (history) {
                    history.complete(process, type, outcome[1], now());
                }
                if (type == OpType.INFO) {
                    process += b.clients;
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            for (Client c : connections) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /**
     * {type, value}: the node's answer, fail when not sent, info when unknown. The client is
     * numbered {@code index} (the simulation's {@code c<index>}) and asks under the run's
     * {@code id}, so a node sees the request as a simulation's client sends it.
     */
    private Object[] call(Client[] connections, int index, int server, long id, Object op) throws InterruptedException {
        InetSocketAddress address = cluster.clientAddress(server);
        if (address == null) {
            return new Object[] {OpType.FAIL, "not sent: " + cluster.name(server) + " is down"};
        }
        try {
            Client c = connections[server];
            if (c == null || !c.address().equals(address)) {
                if (c != null) {
                    c.close();
                }
                connections[server] = null;
                c = Client.to(address).maxFrameBytes(LinkProxy.MAX_FRAME_BYTES).connectTimeout(Duration.ofSeconds(1)).number(index).connect();
                connections[server] = c;
            }
            Object answer = c.call(id, op, b.opTimeout);
            if (answer instanceof dev.dst.node.Result r) {
                return new Object[] {r.ok() ? OpType.OK : OpType.FAIL, r.value()};
            }
            return new Object[] {OpType.FAIL, "unexpected reply " + answer};
        } catch (UnknownOutcomeException ex) {
            return new Object[] {OpType.INFO, null};
        } catch (IOException ex) {
            return new Object[] {OpType.FAIL, "not sent: " + ex.getMessage()};
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ex;
        }
    }

    /** A run's settings: the workload, the plan, the time limit; the rest have defaults. */
    public static final class Builder {
        private final ChaosCluster cluster;
        private int clients = 3;
        private dev.dst.workload.Workload workload;
        private long seed;
        private Duration timeLimit = Duration.ofSeconds(60);
        private Duration healTimeout = Duration.ofSeconds(30);
        private Duration opTimeout = Duration.ofSeconds(1);
        private NemesisPlan plan = NemesisPlan.EMPTY;
        private World world;
        private String progressName = "progress after the heal";
        private Aim aim;
        private Progress progress = (h, heal) -> true;

        private Builder(ChaosCluster cluster) {
            this.cluster = cluster;
        }

        /** {@code count} clients doing {@code workload}'s operations (its intervals; the timeout is {@link #opTimeout}). */
        public Builder workload(int count, dev.dst.workload.Workload workload) {
            if (count < 1) {
                throw new IllegalArgumentException("a chaos run needs at least one client: " + count);
            }
            this.clients = count;
            this.workload = workload;
            return this;
        }

        /** The seed of the clients' draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How long the fault phase lasts: the plan's steps before it are applied, then the heal. */
        public Builder timeLimit(Duration d) {
            this.timeLimit = d;
            return this;
        }

        /** How long the progress condition may take after the heal (default 30 s: restarted JVMs must start, a leader be elected). */
        public Builder healTimeout(Duration d) {
            this.healTimeout = d;
            return this;
        }

        /** How long a client waits for an answer before recording info (default 1 s). */
        public Builder opTimeout(Duration d) {
            this.opTimeout = d;
            return this;
        }

        /** The nemesis plan, and the world whose names its faults print with. */
        public Builder plan(NemesisPlan plan, World world) {
            this.plan = plan;
            this.world = world;
            return this;
        }

        /** Faults aimed at what the nodes report, beside the plan (default none). */
        public Builder aim(Aim aim) {
            this.aim = aim;
            return this;
        }

        /** What must hold after the heal, judged on the history every 20 ms. */
        public Builder progress(String name, Progress p) {
            this.progressName = name;
            this.progress = p;
            return this;
        }

        /** Runs: fault phase, heal, progress; returns when the last client stopped. The cluster stays up (stop or close it). */
        public Result run() throws InterruptedException, IOException {
            if (workload == null) {
                throw new IllegalStateException("a chaos run needs a workload");
            }
            if (!plan.steps().isEmpty() && world == null) {
                throw new IllegalStateException("a plan needs the world its faults are named in");
            }
            return new ChaosRun(cluster, this).run();
        }
    }
}
