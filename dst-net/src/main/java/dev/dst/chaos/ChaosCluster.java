package dev.dst.chaos;

import dev.dst.entropy.Seeds;
import dev.dst.fault.Fault;
import dev.dst.fault.World;
import dev.dst.node.Node;
import dev.dst.sim.Simulation;
import dev.dst.runtime.AddressBook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster of real node processes on loopback, each node a JVM running {@link ChaosNode},
 * with a {@link LinkProxy} on every link, and the faults of a nemesis plan done for real:
 *
 * <table>
 *   <caption>faults on real processes</caption>
 *   <tr><th>fault</th><th>done as</th></tr>
 *   <tr><td>kill, burst-kill</td><td>SIGKILL ({@code Process.destroyForcibly}); revert: the process started again on the same directory</td></tr>
 *   <tr><td>restart</td><td>SIGKILL, then started again at once</td></tr>
 *   <tr><td>pause</td><td>SIGSTOP; revert: SIGCONT</td></tr>
 *   <tr><td>partitions, majorities-ring, one-way</td><td>the proxy drops the frames of the cut links</td></tr>
 *   <tr><td>flapping-link, slow-link, lossy-link</td><td>the proxy cuts in periods, delays, drops by probability</td></tr>
 *   <tr><td>connection-reset</td><td>the proxy closes the connections between the two with a TCP RST</td></tr>
 *   <tr><td>clock-skew, clock-jump</td><td>the offset of the node's {@code ctx.now()} clock, over stdin</td></tr>
 *   <tr><td>disk-full</td><td>the node's {@code FileStorage} quota set to zero, over stdin</td></tr>
 * </table>
 *
 * The others are refused ({@link #refusal}): {@code power-loss} (a SIGKILL keeps what the page
 * cache holds, so it is a kill, and a kill is what it would be), {@code duplicating-link}
 * (TCP and the runtime never deliver a message twice) and {@code clock-drift} (the runtime's
 * timers run on {@code System.nanoTime}, which no process can slow down). Faults name servers
 * only: clients connect to the nodes directly, not through the proxy.
 *
 * <p>Every process the cluster starts is ended by {@link #close} (SIGKILL), and each node exits
 * by itself when the cluster's process dies (its stdin ends). Thread-safe.
 */
public final class ChaosCluster implements AutoCloseable {
    /** The fault kinds real processes can have here. */
    public static final List<String> KINDS = List.of("kill", "burst-kill", "restart", "pause", "disk-full", "clock-skew", "clock-jump",
            "partition-pair", "partition-subset", "partition-halves", "isolate", "majorities-ring", "one-way", "flapping-link",
            "slow-link", "lossy-link", "connection-reset");

    private static final Map<String, String> REFUSED = Map.of(
            "power-loss", "a real kill -9 keeps what the page cache holds, so unsynced writes survive it: on real processes "
                    + "power-loss would only be a kill (use kill; power loss needs a simulation or a machine's power cut)",
            "duplicating-link", "TCP and the runtime never deliver a message twice, so a real network here cannot duplicate",
            "replaying-link", "TCP and the runtime never deliver a message twice, so a real network here cannot replay an old copy",
            "reversing-link", "the proxy forwards each connection's frames in order, as TCP does, so it cannot reverse them",
            "clock-drift", "the runtime's timers run on System.nanoTime, which no process can make run fast or slow "
                    + "(clock-skew and clock-jump move ctx.now() for real)");

    /** Something a node process reported (its {@code event} lines, ready, stopped or exited), at {@code System.nanoTime()}. */
    public record Event(long nanoTime, String node, String text) {}

    private final List<NodeProcess> nodes;
    private final LinkProxy proxy;
    private final RealFaults faults;
    private final AddressBook book;
    private final List<Event> events = new ArrayList<>();
    private volatile java.util.function.Consumer<Event> listener;
    private final Duration startTimeout;
    private boolean closed;

    private ChaosCluster(Builder b) throws IOException {
        this.startTimeout = b.startTimeout;
        this.proxy = LinkProxy.start(b.names, b.seed);
        List<AddressBook.Entry> entries = new ArrayList<>();
        for (int i = 0; i < b.names.size(); i++) {
            InetSocketAddress a = proxy.address(i);
            entries.add(new AddressBook.Entry(b.names.get(i), a.getHostString(), a.getPort()));
        }
        this.book = AddressBook.of(entries);
        this.nodes = new ArrayList<>();
        this.faults = new RealFaults(nodes, proxy);
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(b.jvmArgs);
        for (int i = 0; i < b.names.size(); i++) {
            String name = b.names.get(i);
            Path dir = b.directory.resolve(name);
            Files.createDirectories(dir);
            nodes.add(new NodeProcess(i, name, dir, b.directory.resolve(name + ".log"), n -> {
                List<String> cmd = new ArrayList<>(java);
                cmd.add("-Ddst.chaos.clockOffsetNanos=" + n.clockOffsetNanos());
                cmd.add("-Ddst.chaos.diskFull=" + n.diskFull());
                cmd.add("-cp");
                cmd.add(b.classPath);
                cmd.add(b.mainClass);
                cmd.add(book.toString());
                cmd.add(n.name);
                cmd.add(n.directory.toString());
                cmd.add(Seeds.format(b.seed));
                cmd.addAll(b.extraArgs);
                return cmd;
            }, this::event));
        }
    }

    /** A cluster of the nodes {@code names} (address-book order); see {@link Builder}. */
    public static Builder builder(List<String> names) {
        return new Builder(names);
    }

    /**
     * A world that only names nodes, for parsing and printing plans ({@code NemesisPlan.parse},
     * {@code toText}): servers get ids 0.. in order, then the clients, as in a simulated cluster
     * of the same shape, so that a plan saved from a simulation reads the same here. Its
     * simulation never runs and its network is null.
     */
    public static World namingWorld(List<String> servers, List<String> clients) {
        Simulation sim = Simulation.create(0);
        for (String s : servers) {
            sim.addNode(s, ctx -> new Node() { });
        }
        for (String c : clients) {
            sim.addNode(c, ctx -> new Node() { });
        }
        return new World(sim, null);
    }

    /** Why real processes cannot have faults of {@code kind}, or null when they can. */
    public static String refusal(String kind) {
        return REFUSED.get(kind);
    }

    // ------------------------------------------------------------------ the cluster

    /** Starts every node and waits until each is ready; on failure every process started is ended and the message says which node and why. */
    void startAll() throws IOException, InterruptedException {
        for (NodeProcess n : nodes) {
            n.start();
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        for (NodeProcess n : nodes) {
            if (!n.awaitReady(Math.max(0, deadline - System.nanoTime()))) {
                String why = n.exit() != null ? n.exit() : "it was not ready within " + startTimeout.toSeconds() + " s";
                throw new IOException("node " + n.name + " did not start: " + why + "; the end of its log " + n.log + ":\n"
                        + n.logTail(8).indent(2).stripTrailing());
            }
        }
    }

    private void event(NodeProcess n, String text) {
        if (text.equals("ready")) {
            proxy.upstream(n.id, n.address());
        } else if (text.startsWith("exited")) {
            proxy.upstream(n.id, null);
        }
        Event e = new Event(System.nanoTime(), n.name, text);
        synchronized (events) {
            events.add(e);
        }
        java.util.function.Consumer<Event> l = listener;
        if (l != null) {
            l.accept(e);
        }
    }

    /**
     * Tells {@code listener} of every event from now on (null: none), on the thread that read it
     * from the node's output: the listener must be quick and must not block.
     */
    public void listen(java.util.function.Consumer<Event> listener) {
        this.listener = listener;
    }

    public int size() {
        return nodes.size();
    }

    public String name(int node) {
        return nodes.get(node).name;
    }

    /** The address book the nodes were given: each entry is the node's port on the proxy. */
    public AddressBook book() {
        return book;
    }

    /** Where a client reaches the node directly (its real port), or null while it is down or starting. */
    public InetSocketAddress clientAddress(int node) {
        return nodes.get(node).address();
    }

    /** Each node's storage directory (the same for all its incarnations). */
    public List<Path> directories() {
        return nodes.stream().map(n -> n.directory).toList();
    }

    /** Each node's log file (the stderr of all its incarnations). */
    public List<Path> logs() {
        return nodes.stream().map(n -> n.log).toList();
    }

    /** What the nodes reported so far, in order of arrival. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Processes started so far, restarts included. */
    public int processesStarted() {
        return nodes.stream().mapToInt(NodeProcess::processesStarted).sum();
    }

    /** For every process that got ready, initial starts and restarts alike, the time from its start to ready, sorted. */
    public List<Long> readyNanos() {
        List<Long> all = new ArrayList<>();
        for (NodeProcess n : nodes) {
            all.addAll(n.readyNanos());
        }
        all.sort(null);
        return all;
    }

    public LinkProxy.Stats proxyStats() {
        return proxy.stats();
    }

    /** Whether node {@code node} runs (not killed; perhaps paused, perhaps still starting). */
    public boolean isRunning(int node) {
        return nodes.get(node).isRunning();
    }

    /** Waits until every node is ready (after a heal's restarts); false when {@code timeout} passed first. */
    public boolean awaitAllReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (NodeProcess n : nodes) {
            if (!n.isRunning() || !n.awaitReady(Math.max(0, deadline - System.nanoTime()))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ faults

    /**
     * Why {@code f} cannot be done on a cluster of {@code servers} real processes, or null when
     * it can: a kind real processes cannot have ({@link #refusal(String)}), or a target that is
     * not a server (named by {@code names}).
     */
    public static String refusal(Fault f, int servers, java.util.function.IntFunction<String> names) {
        return RealFaults.refusal(f, servers, names);
    }

    /** Applies {@code f} for real; a description of what was done (or why nothing was: a node already down). */
    public synchronized String apply(Fault f) throws IOException, InterruptedException {
        return faults.apply(f);
    }

    /** Takes {@code f} back: restarts what it killed, resumes, heals, frees the disk, sets the clock back. */
    public synchronized String revert(Fault f) throws IOException {
        return faults.revert(f);
    }

    /**
     * The heal: every node resumed and running (killed ones started again), every link as at the
     * start, every clock true and every disk free.
     */
    public synchronized void healAll() throws IOException, InterruptedException {
        faults.healAll();
    }


    /**
     * Ends every node politely (stdin closed: each closes its sockets and storage), SIGKILL for
     * those that do not within {@code grace}: afterwards the storage directories can be read.
     */
    public void stopAll(Duration grace) throws InterruptedException {
        for (NodeProcess n : nodes) {
            n.stop(grace.toMillis());
        }
    }

    /** Ends every process with SIGKILL and closes the proxy. Idempotent; safe from a shutdown hook. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (NodeProcess n : nodes) {
            try {
                n.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        proxy.close();
    }

    /** A cluster's settings: the node main, its class path, the directory; seed and timeouts have defaults. */
    public static final class Builder {
        private final List<String> names;
        private String mainClass;
        private String classPath = System.getProperty("java.class.path");
        private List<String> jvmArgs = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        private List<String> extraArgs = List.of();
        private Path directory;
        private long seed;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(List<String> names) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs at least one node");
            }
            this.names = List.copyOf(names);
        }

        /** The class whose main runs a node ({@link ChaosNode#run}). */
        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** The node processes' class path (default: this process's). */
        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        /** The node JVMs' options (default: a 128 MB heap, the serial collector, C1 only: quick to start, light on a small machine). */
        public Builder jvmArgs(List<String> args) {
            this.jvmArgs = List.copyOf(args);
            return this;
        }

        /** Arguments after the standard four, for the node main (planted bugs). */
        public Builder extraArgs(List<String> args) {
            this.extraArgs = List.copyOf(args);
            return this;
        }

        /** Where each node's storage directory ({@code NAME/}) and log ({@code NAME.log}) go. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** The seed of the nodes' randomness and of the proxy's loss draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How long the nodes may take to be ready at start (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the proxy and every node, and waits until all are ready.
         *
         * @throws IOException naming the node that did not start, with the end of its log (every process started is ended first)
         */
        public ChaosCluster start() throws IOException, InterruptedException {
            if (mainClass == null || directory == null) {
                throw new IllegalStateException("a chaos cluster needs mainClass(...) and directory(...)");
            }
            ChaosCluster c = new ChaosCluster(this);
            try {
                c.startAll();
            } catch (IOException | InterruptedException | RuntimeException e) {
                c.close();
                throw e;
            }
            return c;
        }
    }
}
