package dev.dst.sim;

import dev.dst.entropy.ChoiceTape;
import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.entropy.Seeds;
import dev.dst.leak.Leak;
import dev.dst.leak.LeakGuard;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.NodeFactory;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.storage.CrashLoss;
import dev.dst.storage.SimStorage;
import dev.dst.storage.Storage;
import dev.dst.time.NodeClock;
import dev.dst.trace.Durations;
import dev.dst.trace.StableHash;
import dev.dst.trace.Trace;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import dev.dst.trace.TraceSink;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The simulation kernel: one seeded, single-threaded world of sans-IO nodes over virtual time.
 *
 * <p>A run is a pure function of the seed, the configuration and the code. Events are ordered
 * by simulated time; events due at the same instant are taken in an order drawn from the
 * {@code scheduler} entropy stream (draw 0 = the one scheduled first). A step dispatches one
 * event to one node; invariants are checked after every step (or every
 * {@link Builder#invariantEvery(int) n}). A violated invariant, a node that throws or an
 * exhausted budget ends the run with a {@link SimulationFailure} that names the seed and the
 * replay line.
 *
 * <pre>{@code
 * Simulation sim = Simulation.create(seed);
 * int server = sim.addNode("server", ctx -> new Server(ctx.storage()));
 * sim.invariant("counter never decreases", () -> ...);
 * sim.runFor(Duration.ofSeconds(10));
 * sim.finish();
 * }</pre>
 *
 * Not thread-safe; everything runs on the calling thread.
 */
public final class Simulation {
    private static final Logger LOG = LoggerFactory.getLogger("dst.node");
    private static final int NOT_DISPATCHING = Integer.MIN_VALUE;

    private final long seed;
    private final EntropySource entropy;
    private final Entropy scheduler;
    private final Buggify buggify;
    private final Map<String, long[]> buggifyHits = new java.util.HashMap<>();   // site -> its probe's count; looked up only
    private final List<WriteWatcher> writeWatchers = new ArrayList<>();
    private final List<Moments> momentWatchers = new ArrayList<>();
    private final List<StepObserver> stepObservers;
    private final boolean wideDrawsSeeded; // then the streams' draw counts decide wide draws, and are part of the state
    private final EventQueue queue = new EventQueue();
    private final IntArrayList batch = new IntArrayList();
    private final List<NodeSlot> nodes = new ArrayList<>();
    private NodeSlot[] slots = new NodeSlot[8]; // the same nodes, for the hot path
    private final List<Check> invariants = new ArrayList<>();
    private final List<Check> endChecks = new ArrayList<>();
    private final List<Check> sometimes = new ArrayList<>();
    private final Map<String, long[]> probeHits = new java.util.LinkedHashMap<>();
    private final Map<String, Object> stats = new java.util.LinkedHashMap<>();
    private final Map<String, Object> attachments = new java.util.TreeMap<>(); // a String, or a Supplier until read
    private final Long2ObjectLinkedOpenHashMap<Call> calls = new Long2ObjectLinkedOpenHashMap<>();
    private final TreeMap<String, Long> faults = new TreeMap<>();
    private final TreeMap<String, Long> faultNanos = new TreeMap<>();
    private final Trace trace;
    private final LogContext logContext;
    private final int invariantEvery;
    private final int reportEvents;
    private final long maxSteps;
    private final long maxStepsPerInstant;
    private final long maxSimTimeNanos;
    private final int maxPendingEvents;
    private final boolean loseUnsyncedOnCrash;
    private final boolean recordingTape;
    private Transport transport;
    private String replayLine;

    private long now;
    private long batchTime;
    private boolean batchSorted;
    private long steps;
    private long stepsAtInstant;
    private int sinceCheck;
    private int timerSerial;
    private long nextRequestId = 1;
    private int dispatching = NOT_DISPATCHING;
    private boolean stepping; // inside stepBy: a run call now would be a step within a step
    private long focusNanos = -1;
    private SimulationFailure failure;
    private boolean finished;

    // counters for reports
    private long messagesSent;
    private long messagesDelivered;
    private long messagesDropped;
    private long timersFired;

    // determinism self-check hooks (package-private, see DeterminismCheck)
    private long[] expectedStepHashes;
    private long stopAtStep = -1;

    private Simulation(Builder b) {
        if (LeakGuard.installed()) {
            LeakGuard.poll(); // a leak a failed run on this thread left unreported is not this run's
        }
        this.seed = b.seed;
        this.entropy = b.tape != null ? EntropySource.replaying(b.tape, b.recordTape, b.pastTheEnd)
                : b.recordTape ? EntropySource.recording(b.seed) : EntropySource.seeded(b.seed);
        if (b.choiceLog != null) {
            entropy.logChoices(b.choiceLog);
        }
        if (b.seedWideDraws > 0) {
            entropy.seedWideDraws(b.seedWideDraws);
        }
        this.wideDrawsSeeded = b.seedWideDraws > 0;
        this.attachments.putAll(b.attachments);
        this.stepObservers = List.copyOf(b.stepObservers);
        this.scheduler = entropy.stream("scheduler");
        this.buggify = new Buggify(entropy, b.buggify);
        this.trace = new Trace(b.traceRing, this::nodeName);
        if (b.sink != null) {
            trace.setSink(b.sink);
        }
        this.logContext = LogContext.of(b.seed, b.mdc != null ? b.mdc : LogContext.requestedByProperty());
        this.invariantEvery = b.invariantEvery;
        this.reportEvents = b.reportEvents;
        this.maxSteps = b.maxSteps;
        this.maxStepsPerInstant = b.maxStepsPerInstant;
        this.maxSimTimeNanos = b.maxSimTimeNanos;
        this.maxPendingEvents = b.maxPendingEvents;
        this.loseUnsyncedOnCrash = b.loseUnsyncedOnCrash;
        this.recordingTape = b.recordTape;
        this.transport = new FixedDelayTransport(this, b.messageDelayNanos);
        this.replayLine = b.replayLine != null ? b.replayLine
                : "rerun with seed " + Seeds.format(seed) + " (JUnit: -Ddst.seed=" + Seeds.format(seed) + ")";
    }

    /** A simulation with default settings. */
    public static Simulation create(long seed) {
        return builder(seed).build();
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    // ------------------------------------------------------------------ the world

    /**
     * Adds a node and schedules its start at the current time; returns its address (0, 1, 2
     * ... in order of addition). The factory runs now, and again at every restart.
     */
    public int addNode(String name, NodeFactory factory) {
        int id = nodes.size();
        NodeSlot slot = new NodeSlot(id, name, factory, entropy.stream("node/" + name), entropy.stream("storage/" + name));
        nodes.add(slot);
        if (id == slots.length) {
            slots = java.util.Arrays.copyOf(slots, id * 2);
        }
        slots[id] = slot;
        boot(slot);
        return id;
    }

    /** Replaces the transport (dst-net installs its network here). */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** The line printed with every failure to rerun this run (set by the JUnit extension and the CLI). */
    public void setReplayLine(String replayLine) {
        this.replayLine = replayLine;
    }

    public String replayLine() {
        return replayLine;
    }

    /** A named entropy stream for the test's own decisions (workloads, fault schedules). */
    public Entropy entropy(String stream) {
        return entropy.stream(stream);
    }

    /**
     * A named text that goes with this run: given to the builder ({@link Builder#attach}) to
     * steer the world (dst-net's cluster runs the nemesis plan attached as
     * {@code "nemesis-plan"} instead of generating one), or attached during the run to describe
     * it (the cluster attaches the plan it used). Shrinking edits attachments; reproduction
     * files save them. Null when there is none.
     */
    public String attachment(String key) {
        Object v = attachments.get(key);
        if (v instanceof Supplier<?> lazy) {
            String text = String.valueOf(lazy.get());
            attachments.put(key, text);
            return text;
        }
        return (String) v;
    }

    /** Attaches (or replaces) a named text; see {@link #attachment(String)}. */
    public void attach(String key, String text) {
        attachments.put(key, text);
    }

    /**
     * Attaches a text made only when something reads it (a shrinker, a reproduction file): a
     * run nobody inspects does not pay for formatting it.
     */
    public void attach(String key, Supplier<String> text) {
        attachments.put(key, text);
    }

    /** Every attachment, by key in alphabetical order. */
    public Map<String, String> attachments() {
        Map<String, String> all = new java.util.TreeMap<>();
        for (String key : List.copyOf(attachments.keySet())) {
            all.put(key, attachment(key));
        }
        return java.util.Collections.unmodifiableMap(all);
    }

    /** Whether the draws are recorded ({@link Builder#recordTape()}), so that {@link #tape()} can be read. */
    public boolean isRecording() {
        return recordingTape;
    }

    /** The draws so far; only when the simulation was built with {@link Builder#recordTape()}. */
    public ChoiceTape tape() {
        return entropy.tape();
    }

    public long seed() {
        return seed;
    }

    /** True simulated time in nanoseconds since the start of the run. */
    public long now() {
        return now;
    }

    /** Steps taken (events dispatched to nodes or actions). */
    public long steps() {
        return steps;
    }

    public long traceHash() {
        return trace.hash();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public String nodeName(int id) {
        if (id == Request.EXTERNAL) {
            return "test";
        }
        return id >= 0 && id < nodes.size() ? nodes.get(id).name : "node#" + id;
    }

    /** The node object of a running or paused node; {@code null} while it is crashed. */
    public Node node(int id) {
        return slot(id).node;
    }

    /** The node object cast to its class, for invariants that read its state. */
    public <T extends Node> T node(int id, Class<T> type) {
        return type.cast(node(id));
    }

    public boolean isUp(int id) {
        return slot(id).state == State.UP;
    }

    public boolean isPaused(int id) {
        return slot(id).state == State.PAUSED;
    }

    public boolean isCrashed(int id) {
        return slot(id).state == State.DOWN;
    }

    /**
     * The node's durable storage, also readable while it is crashed (for checks: what a node
     * kept). Crash it and fill it through the kernel ({@link #crash}, {@link #setDiskFull}), so
     * that the trace and the fault counts see it.
     */
    public Storage storage(int id) {
        return slot(id).storage;
    }

    /** Whether the node's disk is full ({@link #setDiskFull}). */
    public boolean isDiskFull(int id) {
        return slot(id).storage.isFull();
    }

    /** Writes and appends the node made since its last fsync (what a power loss now could lose). */
    public int unsyncedWrites(int id) {
        return slot(id).storage.unsyncedWrites();
    }

    /** Told of every write and append a node makes to its storage, as it makes it. */
    @FunctionalInterface
    public interface WriteWatcher {
        /** Node {@code node} has just written or appended to {@code file} (not yet fsynced). */
        void written(int node, String file);
    }

    /**
     * Calls {@code watcher} at every storage write of every node, from inside the node's handler:
     * for faults aimed at what nodes do (a power loss between a write and its fsync). The watcher
     * must not act on the node at once; it schedules what it does.
     */
    public void watchWrites(WriteWatcher watcher) {
        writeWatchers.add(watcher);
    }

    /** Told of the moments faults are aimed at besides writes: a node has just sent, or just replied. */
    public interface Moments {
        /** Node {@code node} has just sent a message to {@code to} (a reply to a node included). */
        default void sent(int node, int to) {}

        /** Node {@code node} has just answered a request from {@code to} ({@link Request#EXTERNAL} for the test's own). */
        default void replied(int node, int to) {}
    }

    /**
     * Calls {@code watcher} at every send and reply of every node, from inside the node's
     * handler, as {@link #watchWrites} does for writes; the watcher schedules what it does.
     */
    public void watchMoments(Moments watcher) {
        momentWatchers.add(watcher);
    }

    public NodeClock clock(int id) {
        return slot(id).clock;
    }

    /** The node's local clock reading now. */
    public long localTime(int id) {
        return slot(id).clock.read(now);
    }

    // ------------------------------------------------------------------ checks

    /** Checks {@code holds} after every step (or every n steps); false fails the run. */
    public void invariant(String name, BooleanSupplier holds) {
        invariant(name, holds, null);
    }

    /** As {@link #invariant(String, BooleanSupplier)}; {@code explain} describes a violation (called only then). */
    public void invariant(String name, BooleanSupplier holds, Supplier<String> explain) {
        invariants.add(new Check(name, holds, explain));
    }

    /**
     * Says that the events around simulated time {@code timeNanos} explain a failure found
     * later (an end check that finds an anomaly in the history long before the end): reports
     * then show the events up to that time, from a second run of the seed, instead of the run's
     * last events. The last call wins.
     */
    public void focus(long timeNanos) {
        if (timeNanos < 0) {
            throw new IllegalArgumentException("a focus time cannot be negative: " + timeNanos);
        }
        this.focusNanos = timeNanos;
    }

    /** The time given to {@link #focus}, or -1. */
    public long focusNanos() {
        return focusNanos;
    }

    /** Checked once by {@link #finish()}; false fails the run. */
    public void endCheck(String name, BooleanSupplier holds) {
        endCheck(name, holds, null);
    }

    public void endCheck(String name, BooleanSupplier holds, Supplier<String> explain) {
        endChecks.add(new Check(name, holds, explain));
    }

    /**
     * A "sometimes" probe: counts the checks (after every step, or every n-th, as invariants)
     * at which {@code condition} held. Never failing a run by itself, it shows that an
     * interesting state was reached ("a leader changed during a partition"); a sweep reports
     * the probes no seed ever hit.
     */
    public void sometimes(String name, BooleanSupplier condition) {
        sometimes.add(new Check(name, condition, null));
        probeHits.putIfAbsent(name, new long[1]);
    }

    /**
     * A BUGGIFY point outside a node (a harness, an adapter): see {@link NodeContext#buggify}.
     * Sites reached show in the report's probes as {@code buggify SITE} with how often they fired.
     */
    public boolean buggify(String site) {
        boolean fires = buggify.fire(site);
        long[] hits = buggifyHits.get(site);
        if (hits == null) { // the probe's name is made once per site, not at every call
            hits = probeHits.computeIfAbsent("buggify " + site, k -> new long[1]);
            buggifyHits.put(site, hits);
        }
        hits[0] += fires ? 1 : 0;
        return fires;
    }

    /** Counts one hit of probe {@code name} (for code that detects the state itself). */
    public void reached(String name) {
        probeHits.computeIfAbsent(name, k -> new long[1])[0]++;
    }

    /** Hits per probe, in order of registration (a probe never hit counts 0). */
    public Map<String, Long> probes() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        probeHits.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    /**
     * Sets a figure a scenario reports about its run (a broadcast's delivery latency, a
     * campaign's convergence fraction); shown in the report in the order first set. Values
     * should be numbers or short strings.
     */
    public void stat(String name, Object value) {
        stats.put(name, value);
    }

    /** The figures set with {@link #stat}, in order. */
    public Map<String, Object> stats() {
        return new java.util.LinkedHashMap<>(stats);
    }

    /** Runs the invariants now, whatever the interval. */
    public void checkInvariants() {
        for (Check c : invariants) {
            evaluate(c, Violation.Kind.INVARIANT);
        }
    }

    /**
     * Runs the end checks, closes the trace and returns the report. Calling it again returns a
     * fresh report without checking again. Throws {@link SimulationFailure} when a check fails.
     */
    public RunReport finish() {
        if (failure != null) {
            throw failure;
        }
        if (!finished) {
            finished = true;
            try {
                checkInvariants();
                boolean guarded = guardEnter();
                try {
                    for (Check c : endChecks) {
                        evaluate(c, Violation.Kind.END_CHECK);
                    }
                } finally {
                    guardExit(guarded);
                }
                failOnLeak(guarded, "an end check", null);
            } finally {
                trace.close();
            }
        }
        return report();
    }

    /**
     * Closes the trace sink (a file being written), if the run has not: {@link #finish()} and a
     * failure do, but a run whose code threw something else ends without either. Idempotent.
     */
    public void closeTrace() {
        trace.close();
    }

    /** Fails the run now with a violation of the given kind (used by liveness checks and harnesses). */
    public SimulationFailure fail(Violation.Kind kind, String name, String detail) {
        throw failWith(new Violation(kind, name, detail, steps, now, null), null);
    }

    // ------------------------------------------------------------------ running

    /**
     * Dispatches the next event; returns false when nothing is pending. Events for a paused
     * node are set aside until it resumes and are not steps.
     */
    public boolean step() {
        return stepBy(Long.MAX_VALUE);
    }

    /**
     * As {@link #step()}, but takes no event due after {@code deadline}: events set aside (a
     * paused node's) or lost (a crashed node's) on the way are not steps, and must not let the
     * next step run past the deadline.
     */
    private boolean stepBy(long deadline) {
        checkUsable();
        if (stepping) {
            throw new IllegalStateException("runFor, runUntil, run and step drive the simulation from outside; called from inside"
                    + " step " + steps + " (t=" + Durations.format(now) + ", a node handler or a scheduled action) they would run steps"
                    + " within a step. Schedule what comes later with sim.schedule(delay, label, action) instead.");
        }
        stepping = true;
        try {
            while (true) {
                int s = nextEvent(deadline);
                if (s < 0) {
                    return false;
                }
                if (dispatch(s)) {
                    return true;
                }
            }
        } finally {
            stepping = false;
        }
    }

    /** Runs every event due within {@code duration} of simulated time; time then stands at the end of it. */
    public void runFor(Duration duration) {
        runForNanos(duration.toNanos());
    }

    public void runForNanos(long nanos) {
        long deadline = now + nanos;
        while (stepBy(deadline)) {
            // step until nothing is due by the deadline
        }
        advanceTo(deadline);
    }

    /**
     * Runs until {@code condition} holds (checked before the first step and after every step)
     * or {@code timeout} of simulated time has passed; returns whether it holds.
     */
    public boolean runUntil(BooleanSupplier condition, Duration timeout) {
        checkUsable();
        long deadline = now + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!stepBy(deadline)) {
                advanceTo(deadline);
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /** Runs until no event is pending (bounded by the budgets: a run with periodic timers ends in "no progress"). */
    public void run() {
        while (step()) {
            // step until quiet
        }
    }

    /** Schedules a test action (a fault, a workload step) {@code delay} from now; it runs as a step. */
    public void schedule(Duration delay, String label, Runnable action) {
        scheduleAt(now + delay.toNanos(), label, action);
    }

    /** Schedules a test action at absolute simulated time {@code timeNanos} (not in the past). */
    public void scheduleAt(long timeNanos, String label, Runnable action) {
        if (timeNanos < now) {
            throw new IllegalArgumentException("cannot schedule '" + label + "' at " + Durations.format(timeNanos)
                    + ": simulated time is already " + Durations.format(now));
        }
        queue.push(timeNanos, EventQueue.ACTION, Request.EXTERNAL, Request.EXTERNAL, 0, 0, label.hashCode(), new Action(label, action));
    }

    /**
     * Submits a client request from the test to a node, delivered now (no network). The
     * returned call completes when the node {@linkplain NodeContext#reply replies}.
     */
    public Call submit(int node, Object op) {
        slot(node);
        long id = nextRequestId++;
        Call call = new Call(id, node, op, now);
        calls.put(id, call);
        Request r = new Request(Request.EXTERNAL, id, op);
        queue.push(now, EventQueue.MESSAGE, node, Request.EXTERNAL, 0, ADMITTED, StableHash.of(r), r);
        return call;
    }

    // ------------------------------------------------------------------ faults (kernel operations)

    /** Crashes a node, losing unsynced writes as configured (by default: as entropy chooses). */
    public void crash(int id) {
        crash(id, loseUnsyncedOnCrash);
    }

    /**
     * Crashes a node: its object and timers are gone, messages to it are lost until it restarts,
     * and its storage keeps what was synced (and, with {@code loseUnsynced} false, everything
     * written). No effect on a node that is already down.
     */
    public void crash(int id, boolean loseUnsynced) {
        NodeSlot n = slot(id);
        if (n.state == State.DOWN) {
            return;
        }
        checkNotDispatching(n);
        n.state = State.DOWN;
        n.node = null;
        n.incarnation++;
        for (int i = 0; i < n.parked.size(); i++) {
            int s = n.parked.getInt(i);
            if (queue.kind[s] == EventQueue.MESSAGE) {
                recordDropOf(s, "lost: " + n.name + " crashed while paused");
            }
            queue.free(s);
        }
        n.parked.clear();
        CrashLoss loss = n.storage.crash(n.storageEntropy, loseUnsynced);
        countFault("crash");
        traceFault(TraceKind.CRASH, id, "crashed; storage " + loss);
    }

    /** Restarts a crashed node: a new object from its factory, then {@link Node#onStart}. */
    public void restart(int id) {
        NodeSlot n = slot(id);
        if (n.state != State.DOWN) {
            throw new IllegalStateException("cannot restart " + n.name + ": it is not crashed");
        }
        countFault("restart");
        traceFault(TraceKind.RESTART, id, "restarted");
        boot(n);
    }

    /** Pauses a node: inputs for it wait (timers fire late) until {@link #resume}. */
    public void pause(int id) {
        NodeSlot n = slot(id);
        if (n.state != State.UP) {
            return;
        }
        checkNotDispatching(n);
        n.state = State.PAUSED;
        countFault("pause");
        traceFault(TraceKind.PAUSE, id, "paused");
    }

    /**
     * Resumes a paused node; the inputs that waited are delivered from now on, in their original
     * order (one nanosecond apart, so that the scheduler's tie-break cannot reorder them).
     */
    public void resume(int id) {
        NodeSlot n = slot(id);
        if (n.state != State.PAUSED) {
            return;
        }
        n.state = State.UP;
        traceFault(TraceKind.RESUME, id, "resumed; " + n.parked.size() + " waiting inputs released");
        for (int i = 0; i < n.parked.size(); i++) {
            queue.repush(n.parked.getInt(i), now + i);
        }
        n.parked.clear();
    }

    /** Sets a node's clock to read true time plus {@code offsetNanos} (skew). */
    public void setClockOffset(int id, long offsetNanos) {
        slot(id).clock.setOffset(now, offsetNanos);
        if (offsetNanos != 0) {
            countFault("clock-offset"); // setting a clock back to true time is a repair, not a fault
        }
        traceFault(TraceKind.CLOCK, id, "offset set to " + Durations.format(offsetNanos));
    }

    /** Makes a node's clock gain (positive) or lose (negative) {@code ppm} microseconds per second. */
    public void setClockDrift(int id, long ppm) {
        slot(id).clock.setDriftPpm(now, ppm);
        if (ppm != 0) {
            countFault("clock-drift");
        }
        traceFault(TraceKind.CLOCK, id, "drift set to " + ppm + " ppm");
    }

    /** Steps a node's clock forward (positive) or back (negative) by {@code deltaNanos}. */
    public void jumpClock(int id, long deltaNanos) {
        slot(id).clock.jump(now, deltaNanos);
        countFault("clock-jump");
        traceFault(TraceKind.CLOCK, id, "jumped " + (deltaNanos >= 0 ? "forward " : "back ") + Durations.format(Math.abs(deltaNanos)));
    }

    /** Fault: makes a node's disk full (writes throw) or not. */
    public void setDiskFull(int id, boolean full) {
        slot(id).storage.setFull(full);
        if (full) {
            countFault("disk-full");
        }
        traceFault(TraceKind.DISK, id, full ? "disk full" : "disk space available");
    }

    /** Counts a fault application of {@code kind} for reports (used by dst-net's primitives). */
    public void countFault(String kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    /** How often a fault of {@code kind} was applied so far (cheap enough for a probe or an invariant). */
    public long faultCount(String kind) {
        return faults.getOrDefault(kind, 0L);
    }

    /** Adds {@code nanos} to the time faults of {@code kind} were in force (dst-net's fault log calls it on revert). */
    public void countFaultTime(String kind, long nanos) {
        faultNanos.merge(kind, nanos, Long::sum);
    }

    /** Records a fault event in the trace (dst-net's primitives use it for network faults). */
    public void traceFault(TraceKind kind, int node, String description) {
        trace.record(steps, now, kind, node, Trace.NONE, 0, 0, description.hashCode(), description);
    }

    // ------------------------------------------------------------------ transport side

    /** Schedules delivery of a message {@code delayNanos} from now (called by transports). */
    public void deliverAfter(long delayNanos, int from, int to, Object message, long payloadHash) {
        deliverAfter(delayNanos, from, to, message, payloadHash, 0);
    }

    /**
     * As {@link #deliverAfter(long, int, int, Object, long)}, with a non-negative {@code tag}
     * the kernel hands back to {@link Transport#refuseDelivery} when the message arrives (for
     * example the link's connection generation).
     */
    public void deliverAfter(long delayNanos, int from, int to, Object message, long payloadHash, long tag) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delivery delay " + delayNanos);
        }
        if (tag < 0) {
            throw new IllegalArgumentException("negative transport tag " + tag);
        }
        checkPending();
        queue.push(now + delayNanos, EventQueue.MESSAGE, to, from, 0, tag, payloadHash, message);
    }

    /** Records that a transport lost a message, with the reason (called by transports). */
    public void recordDrop(int from, int to, Object message, long payloadHash, String reason) {
        messagesDropped++;
        trace.record(steps, now, TraceKind.DROP, from, to, 0, 0, payloadHash, reason + ": " + message);
    }

    /**
     * A hash of the run's state, for exhaustive exploration's pruning (two runs that reach the
     * same hash are taken to have the same futures): the simulated time; each node's state (up,
     * paused, down), its object graph, its storage and its clock; every pending event (kind,
     * target, sender, due time, the message, the timer's tag or what the scheduled action
     * captures), as a set; what the invariants, end checks and probes read (the state their
     * lambdas capture); the submitted requests; the transport; the step observers. Object graphs
     * are walked by reflection as {@link StateHasher} describes; {@code transient} fields and
     * dst's own kernel objects are left out. When wide draws are
     * {@linkplain Builder#seedWideDraws seeded}, each stream's count of draws is part of it too (it
     * decides the next wide draw). Slow (a walk of every node), so not for sweeps.
     */
    public long stateHash() {
        StateHasher h = new StateHasher();
        h.mixLong(now);
        for (NodeSlot n : nodes) {
            h.mixLong(n.state.ordinal());
            h.walk(n.node);
            h.walk(n.storage);
            h.walk(n.clock);
            long parked = 0;
            for (int i = 0; i < n.parked.size(); i++) {
                parked += eventHash(n.parked.getInt(i), h);
            }
            h.mixLong(parked);
        }
        long pending = 0;
        for (int i = 0, size = queue.size(); i < size; i++) {
            pending += eventHash(queue.slotAt(i), h);
        }
        for (int i = 0; i < batch.size(); i++) {
            pending += eventHash(batch.getInt(i), h);
        }
        h.mixLong(pending);
        for (List<Check> checks : List.of(invariants, endChecks, sometimes)) {
            for (Check c : checks) {
                h.walk(c.holds);
            }
        }
        for (Call c : calls.values()) {
            h.walk(c);
        }
        h.walk(transport);
        for (StepObserver o : stepObservers) {
            h.walk(o);
        }
        if (wideDrawsSeeded) {
            h.walk(entropy.drawCounts());
        }
        return h.value();
    }

    /** One pending event's part of {@link #stateHash()}; 0 for an event that will never be dispatched. */
    private long eventHash(int s, StateHasher outer) {
        EventQueue q = queue;
        int k = q.kind[s];
        if (k == EventQueue.FREE) {
            return 0;
        }
        if (k == EventQueue.TIMER || k == EventQueue.START) {
            NodeSlot n = slots[q.target[s]];
            if (q.incarnation[s] != n.incarnation || n.state == State.DOWN || (k == EventQueue.TIMER && q.arg[s] == CANCELLED)) {
                return 0;
            }
        }
        StateHasher e = outer.forPart();
        e.mixLong(k);
        e.mixLong(q.target[s]);
        e.mixLong(q.from[s]);
        e.mixLong(q.time[s]);
        e.mixLong(q.arg[s]);
        e.mixLong(q.hash[s]);
        e.walk(q.payload[s]); // a message's trace hash is its toString's: too weak to tell states apart
        return StateHasher.finish(e.value());
    }

    // ------------------------------------------------------------------ reports

    /** The run so far as a report (see {@link RunReport}), with its last events. */
    public RunReport report() {
        return report(true);
    }

    /**
     * As {@link #report()}; without {@code lastEvents} a passing run's report shows no events
     * (rendering them, message by message, is most of a report's cost, and a sweep of passing
     * seeds never reads them). A failed run's report always has the failure's events.
     */
    public RunReport report(boolean lastEvents) {
        List<RunReport.InvariantStatus> table = new ArrayList<>();
        for (Check c : invariants) {
            table.add(new RunReport.InvariantStatus(c.name, "invariant", c.status(), c.checks));
        }
        for (Check c : endChecks) {
            table.add(new RunReport.InvariantStatus(c.name, "end check", c.status(), c.checks));
        }
        Map<String, Long> counters = new TreeMap<>();
        counters.put("messages.sent", messagesSent);
        counters.put("messages.delivered", messagesDelivered);
        counters.put("messages.dropped", messagesDropped);
        counters.put("timers.fired", timersFired);
        counters.put("requests.submitted", (long) calls.size());
        long answered = calls.values().stream().filter(Call::isDone).count();
        counters.put("requests.answered", answered);
        List<String> names = new ArrayList<>();
        for (NodeSlot n : nodes) {
            names.add(n.name);
        }
        return new RunReport(seed, names, steps, now, trace.size(), trace.hash(), counters, new TreeMap<>(faults), new TreeMap<>(faultNanos), probes(), stats(), table,
                failure == null ? null : failure.violation(),
                failure != null ? failure.lastEvents() : lastEvents ? trace.last(reportEvents) : List.of(), replayLine);
    }

    /** The last {@code n} trace events (as many as the ring keeps). */
    public List<TraceEvent> lastEvents(int n) {
        return trace.last(n);
    }

    /** The failure that ended the run, or {@code null}. */
    public SimulationFailure failure() {
        return failure;
    }

    // ------------------------------------------------------------------ internals

    private enum State { UP, PAUSED, DOWN }

    private record Action(String label, Runnable run) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static final class Check {
        final String name;
        final BooleanSupplier holds;
        final Supplier<String> explain;
        long checks;
        boolean violated;

        Check(String name, BooleanSupplier holds, Supplier<String> explain) {
            this.name = name;
            this.holds = holds;
            this.explain = explain;
        }

        String status() {
            return violated ? "VIOLATED" : checks == 0 ? "not checked" : "ok";
        }
    }

    private final class NodeSlot {
        final int id;
        final String name;
        final NodeFactory factory;
        final Entropy random;
        final Entropy storageEntropy;
        final NodeClock clock = new NodeClock();
        final SimStorage storage = new SimStorage();
        final IntArrayList parked = new IntArrayList();
        Node node;
        Context ctx;
        int incarnation;
        State state = State.DOWN;
        String stopReason; // set by the node's own ctx.stop/restart; acted on when its handler returns
        boolean restartAfterStop;
        long selfStops;

        NodeSlot(int id, String name, NodeFactory factory, Entropy random, Entropy storageEntropy) {
            this.id = id;
            this.name = name;
            this.factory = factory;
            this.random = random;
            this.storageEntropy = storageEntropy;
            storage.setListener(new SimStorage.Listener() {
                @Override
                public void written(String op, String file, int bytes) {
                    String what = op + " " + file;
                    trace.record(steps, now, TraceKind.WRITE, id, Trace.NONE, bytes, 0, what.hashCode(), what);
                    for (int i = 0; i < writeWatchers.size(); i++) {
                        writeWatchers.get(i).written(id, file);
                    }
                }

                @Override
                public void synced(int writes) {
                    trace.record(steps, now, TraceKind.FSYNC, id, Trace.NONE, writes, 0, 0, writes + " writes made durable");
                }
            });
        }
    }

    private void boot(NodeSlot n) {
        n.incarnation++;
        n.state = State.UP;
        n.ctx = new Context(n, n.incarnation);
        int previous = dispatching;
        dispatching = n.id;
        logContext.enter(n.name, now);
        boolean guarded = guardEnter();
        try {
            n.node = n.factory.create(n.ctx);
            if (n.node == null) {
                throw new IllegalStateException("the factory of " + n.name + " returned null");
            }
            if (n.stopReason != null) {
                throw new IllegalStateException(n.name + "'s factory asked to stop the node (" + n.stopReason
                        + "): a node stops from a handler (onStart at the earliest), once it exists");
            }
        } catch (RuntimeException | Error e) {
            throw nodeThrew(n, "factory", e);
        } finally {
            guardExit(guarded);
            logContext.exit();
            dispatching = previous;
        }
        failOnLeak(guarded, n.name + "'s factory", n.name);
        queue.push(now, EventQueue.START, n.id, n.id, n.incarnation, 0, 0, null);
    }

    private NodeSlot slot(int id) {
        if (id < 0 || id >= nodes.size()) {
            throw new IllegalArgumentException("no node " + id + ": nodes are 0.." + (nodes.size() - 1));
        }
        return nodes.get(id);
    }

    private void advanceTo(long t) {
        if (t > now) {
            if (t > maxSimTimeNanos) {
                throw failWith(new Violation(Violation.Kind.NO_PROGRESS, "simulated-time budget",
                        "the run reached the simulated-time budget of " + Durations.format(maxSimTimeNanos)
                                + " (Builder.maxSimTime); a run that never settles?", steps, now, null), null);
            }
            now = t;
            stepsAtInstant = 0;
        }
    }

    /** The next live event's slot, with time advanced to it; -1 when none is pending by {@code deadline}. */
    private int nextEvent(long deadline) {
        while (true) {
            if (batch.isEmpty()) {
                if (queue.isEmpty() || queue.peekTime() > deadline) {
                    return -1;
                }
                int s = queue.pop();
                if (!live(s)) {
                    continue;
                }
                long t = queue.time[s];
                if (queue.isEmpty() || queue.peekTime() != t) {
                    advanceTo(t);
                    return s;
                }
                batch.add(s);
                batchTime = t;
                batchSorted = false;
            }
            int drainedFrom = batch.size() == 1 && !batchSorted ? 0 : batch.size();
            while (!queue.isEmpty() && queue.peekTime() == batchTime) {
                int s = queue.pop();
                if (live(s)) {
                    batch.add(s);
                }
            }
            // Events drained now were all scheduled after those already in the batch, so
            // sorting the new part by sequence keeps the whole batch in scheduling order.
            sortBySeq(batch.elements(), drainedFrom, batch.size());
            batchSorted = true;
            int n = batch.size();
            int s = batch.removeInt(n == 1 ? 0 : scheduler.below(n));
            if (live(s)) {
                advanceTo(batchTime);
                return s;
            }
        }
    }

    private void sortBySeq(int[] slotsInBatch, int from, int to) {
        long[] seq = queue.seq;
        if (to - from > 32) { // a storm at one instant: n log n, not the insertion sort's n squared
            it.unimi.dsi.fastutil.ints.IntArrays.quickSort(slotsInBatch, from, to, (a, b) -> Long.compare(seq[a], seq[b]));
            return;
        }
        for (int i = from + 1; i < to; i++) {
            int s = slotsInBatch[i];
            long key = seq[s];
            int j = i - 1;
            while (j >= from && seq[slotsInBatch[j]] > key) {
                slotsInBatch[j + 1] = slotsInBatch[j];
                j--;
            }
            slotsInBatch[j + 1] = s;
        }
    }

    /** False for timers that were cancelled or belong to a crashed incarnation (the slot is freed). */
    private boolean live(int s) {
        int k = queue.kind[s];
        if (k == EventQueue.TIMER || k == EventQueue.START) {
            NodeSlot n = slots[queue.target[s]];
            if (queue.incarnation[s] != n.incarnation || n.state == State.DOWN || (k == EventQueue.TIMER && queue.arg[s] == CANCELLED)) {
                queue.free(s);
                return false;
            }
        }
        return true;
    }

    private static final long CANCELLED = -1;
    /** A message's transport tag once the transport admitted it (it reached the host; waiting for a paused node). */
    private static final long ADMITTED = Long.MIN_VALUE;

    /** Dispatches the event in slot s; false when it was set aside (paused node) or lost (crashed node). */
    private boolean dispatch(int s) {
        EventQueue q = queue;
        int k = q.kind[s];
        if (k == EventQueue.ACTION) {
            runAction(s);
            return true;
        }
        NodeSlot n = slots[q.target[s]];
        if (k == EventQueue.MESSAGE && q.arg[s] != ADMITTED) {
            // the transport's last word: a partition or reset that began in flight cuts the message
            String refused = transport.refuseDelivery(q.from[s], n.id, q.payload[s], q.arg[s]);
            if (refused != null) {
                messagesDropped++;
                trace.record(steps, now, TraceKind.DROP, q.from[s], n.id, 0, 0, q.hash[s], refused + ": " + q.payload[s]);
                q.free(s);
                return false;
            }
            q.arg[s] = ADMITTED;
        }
        if (n.state != State.UP) {
            return setAside(n, s);
        }
        int from = q.from[s];
        Object p = q.payload[s];
        long h = q.hash[s];
        long a = q.arg[s];
        q.free(s);
        beginStep();
        dispatching = n.id;
        logContext.enter(n.name, now);
        boolean guarded = guardEnter();
        try {
            if (k == EventQueue.TIMER) {
                timersFired++;
                trace.record(steps, now, TraceKind.TIMER, n.id, Trace.NONE, a, 0, h, p);
                n.node.onTimer(n.ctx, a, p);
            } else if (k == EventQueue.MESSAGE) {
                deliver(n, from, p, h);
            } else {
                trace.record(steps, now, TraceKind.START, n.id, Trace.NONE, n.incarnation, 0, 0, null);
                n.node.onStart(n.ctx);
            }
        } catch (SimulationFailure f) {
            throw f;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            throw nodeThrew(n, handlerName(k, p), e);
        } finally {
            guardExit(guarded);
            logContext.exit();
            dispatching = NOT_DISPATCHING;
        }
        failOnLeak(guarded, n.name + "'s " + handlerName(k, p), n.name);
        if (n.stopReason != null) {
            selfStop(n);
        }
        endStep();
        return true;
    }

    /** The node asked to stop (or restart) from its handler, which has returned. */
    private void selfStop(NodeSlot n) {
        String reason = n.stopReason;
        boolean again = n.restartAfterStop;
        n.stopReason = null;
        n.restartAfterStop = false;
        assert n.state == State.UP && n.parked.isEmpty() : n.name + " stopped while " + n.state;
        n.state = State.DOWN;
        n.node = null;
        n.incarnation++; // its timers and context die; its storage is untouched (the page cache outlives a process)
        n.selfStops++;
        stat("self-stops", nodes.stream().mapToLong(x -> x.selfStops).sum());
        traceFault(TraceKind.CRASH, n.id, "stopped itself: " + reason);
        if (again) {
            traceFault(TraceKind.RESTART, n.id, "restarted itself");
            boot(n);
        }
    }

    private void deliver(NodeSlot n, int from, Object p, long h) {
        messagesDelivered++;
        trace.record(steps, now, TraceKind.DELIVER, n.id, from, 0, 0, h, p);
        if (p instanceof Request r) {
            n.node.onRequest(n.ctx, r);
        } else if (p instanceof Reply r) {
            n.node.onReply(n.ctx, r);
        } else {
            n.node.onMessage(n.ctx, from, p);
        }
    }

    private void runAction(int s) {
        Action a = (Action) queue.payload[s];
        long h = queue.hash[s];
        queue.free(s);
        beginStep();
        trace.record(steps, now, TraceKind.ACTION, Trace.NONE, Trace.NONE, 0, 0, h, a);
        boolean guarded = guardEnter();
        try {
            a.run.run();
        } finally {
            guardExit(guarded);
        }
        failOnLeak(guarded, "the scheduled action '" + a.label() + "'", null);
        endStep();
    }

    /** An input for a paused node waits; a message for a crashed one is lost. Never a step. */
    private boolean setAside(NodeSlot n, int s) {
        if (n.state == State.PAUSED) {
            n.parked.add(s);
            return false;
        }
        messagesDropped++;
        trace.record(steps, now, TraceKind.DROP, queue.from[s], n.id, 0, 0, queue.hash[s], "lost: " + n.name + " is down: " + queue.payload[s]);
        queue.free(s);
        return false;
    }

    private static String handlerName(int kind, Object payload) {
        return switch (kind) {
            case EventQueue.START -> "onStart";
            case EventQueue.TIMER -> "onTimer";
            default -> payload instanceof Request ? "onRequest" : payload instanceof Reply ? "onReply" : "onMessage";
        };
    }

    private void beginStep() {
        steps++;
        if (steps > maxSteps) {
            throw failWith(new Violation(Violation.Kind.NO_PROGRESS, "step budget",
                    "the run took " + maxSteps + " steps (Builder.maxSteps) without finishing", steps, now, null), null);
        }
        if (++stepsAtInstant > maxStepsPerInstant) {
            throw failWith(new Violation(Violation.Kind.NO_PROGRESS, "time stands still",
                    maxStepsPerInstant + " steps at t=" + Durations.format(now)
                            + " without simulated time advancing (Builder.maxStepsPerInstant): a loop of zero-delay messages or timers?",
                    steps, now, null), null);
        }
        if (steps == stopAtStep) {
            throw new DeterminismCheck.Stop(steps, trace.last(reportEvents));
        }
    }

    private void endStep() {
        trace.endStep();
        if (expectedStepHashes != null) {
            long i = steps - 1;
            if (i >= expectedStepHashes.length || expectedStepHashes[(int) i] != trace.hash()) {
                throw new DeterminismCheck.Diverged(steps, trace.last(reportEvents));
            }
        }
        if ((!invariants.isEmpty() || !sometimes.isEmpty()) && ++sinceCheck >= invariantEvery) {
            sinceCheck = 0;
            boolean guarded = guardEnter();
            try {
                for (int i = 0, n = invariants.size(); i < n; i++) {
                    evaluate(invariants.get(i), Violation.Kind.INVARIANT);
                }
                for (int i = 0, n = sometimes.size(); i < n; i++) {
                    probe(sometimes.get(i));
                }
            } finally {
                guardExit(guarded);
            }
            failOnLeak(guarded, "an invariant or probe", null);
        }
        for (int i = 0, n = stepObservers.size(); i < n; i++) {
            stepObservers.get(i).stepped(this);
        }
    }

    // ------------------------------------------------------------------ the leak guard

    /** Marks this thread as running simulated code, when the leak guard's agent is in the JVM. */
    private static boolean guardEnter() {
        if (!LeakGuard.installed()) {
            return false;
        }
        LeakGuard.enter();
        return true;
    }

    private static void guardExit(boolean guarded) {
        if (guarded) {
            LeakGuard.exit();
        }
    }

    /** Fails the run when the code just run read the wall clock, started a thread or drew unseeded randomness. */
    private void failOnLeak(boolean guarded, String where, String node) {
        if (!guarded) {
            return;
        }
        Leak leak = LeakGuard.poll();
        if (leak != null) {
            throw failWith(new Violation(Violation.Kind.LEAK, leak.what(), leak.what() + " at " + leak.callSite() + ", in " + where
                    + ": simulated code must take time, threads and randomness from dst (docs/leak-guard.md)", steps, now, node), null);
        }
    }

    private void evaluate(Check c, Violation.Kind kind) {
        c.checks++;
        boolean ok;
        String detail;
        try {
            ok = c.holds.getAsBoolean();
            detail = ok || c.explain == null ? null : c.explain.get();
        } catch (RuntimeException e) {
            ok = false;
            detail = "the check threw " + e;
        }
        if (!ok) {
            c.violated = true;
            throw failWith(new Violation(kind, c.name, detail, steps, now, null), null);
        }
    }

    private void probe(Check c) {
        c.checks++;
        if (c.holds.getAsBoolean()) {
            probeHits.get(c.name)[0]++;
        }
    }

    private SimulationFailure nodeThrew(NodeSlot n, String where, Throwable e) {
        StringBuilder detail = new StringBuilder();
        detail.append(n.name).append('.').append(where).append(" threw ").append(e);
        StackTraceElement[] frames = e.getStackTrace();
        int first = 0;
        while (first < frames.length && frames[first].getClassName().startsWith("dev.dst.sim.")) {
            first++; // thrown by the kernel (a misused context): show the user's frames that called it
        }
        int shown = 0;
        for (int i = first; i < frames.length; i++) {
            StackTraceElement f = frames[i];
            if (f.getClassName().startsWith("dev.dst.sim.")) {
                break; // the user's frames end where the kernel's begin
            }
            detail.append("\n    at ").append(f);
            if (++shown == 8) {
                break;
            }
        }
        return failWith(new Violation(Violation.Kind.NODE_THREW, n.name + " threw " + e.getClass().getSimpleName(),
                detail.toString(), steps, now, n.name), e);
    }

    private SimulationFailure failWith(Violation v, Throwable cause) {
        if (failure != null) {
            return failure;
        }
        trace.record(steps, now, TraceKind.VIOLATION, Trace.NONE, Trace.NONE, 0, 0, v.headline().hashCode(), v.headline());
        failure = new SimulationFailure(seed, v, replayLine, trace.last(reportEvents), cause);
        trace.close();
        return failure;
    }

    /** Ends a run whose nodes keep more events pending than the budget: a message or timer storm, before it fills the heap. */
    private void checkPending() {
        int pending = queue.size() + batch.size();
        if (pending >= maxPendingEvents) {
            throw failWith(new Violation(Violation.Kind.NO_PROGRESS, "pending events budget",
                    pending + " messages and timers pending at t=" + Durations.format(now) + " (Builder.maxPendingEvents): a storm of"
                            + " messages or timers that the run cannot drain? The last events show who sends them.", steps, now, null),
                    null);
        }
    }

    private void checkUsable() {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            throw new IllegalStateException("the simulation has finished");
        }
    }

    private void checkNotDispatching(NodeSlot n) {
        if (dispatching == n.id) {
            throw new IllegalStateException(n.name + " cannot be crashed or paused from inside its own handler");
        }
    }

    private void recordDropOf(int s, String reason) {
        messagesDropped++;
        trace.record(steps, now, TraceKind.DROP, queue.from[s], queue.target[s], 0, 0, queue.hash[s], reason + ": " + queue.payload[s]);
    }

    void expectStepHashes(long[] hashes) {
        this.expectedStepHashes = hashes;
    }

    void stopAtStep(long step) {
        this.stopAtStep = step;
    }

    Trace traceForCheck() {
        return trace;
    }

    /** The context of one incarnation of one node. */
    private final class Context implements NodeContext {
        private final NodeSlot n;
        private final int incarnation;

        Context(NodeSlot n, int incarnation) {
            this.n = n;
            this.incarnation = incarnation;
        }

        private void alive() {
            if (n.incarnation != incarnation) {
                throw new IllegalStateException("the context of " + n.name + " (incarnation " + incarnation
                        + ") was used after the node crashed");
            }
        }

        @Override
        public int id() {
            return n.id;
        }

        @Override
        public String name() {
            return n.name;
        }

        @Override
        public String nameOf(int node) {
            return nodeName(node);
        }

        @Override
        public long now() {
            return n.clock.read(Simulation.this.now);
        }

        @Override
        public long monotonicNanos() {
            return n.clock.monotonic(Simulation.this.now);
        }

        @Override
        public void send(int to, Object message) {
            alive();
            if (to < 0 || to >= nodes.size()) {
                throw new IllegalArgumentException(n.name + " sent " + message + " to unknown node " + to);
            }
            long h = StableHash.of(message);
            messagesSent++;
            trace.record(steps, Simulation.this.now, TraceKind.SEND, n.id, to, 0, 0, h, message);
            transport.send(n.id, to, message, h);
            for (int i = 0; i < momentWatchers.size(); i++) {
                momentWatchers.get(i).sent(n.id, to);
            }
        }

        @Override
        public long request(int to, Object op) {
            long id = nextRequestId++;
            send(to, new Request(n.id, id, op));
            return id;
        }

        @Override
        public void reply(Request request, Object value) {
            alive();
            if (request.from() == Request.EXTERNAL) {
                Call call = calls.get(request.id());
                Reply r = new Reply(n.id, request.id(), value);
                trace.record(steps, Simulation.this.now, TraceKind.REPLY, n.id, Request.EXTERNAL, request.id(), 0, StableHash.of(r), r);
                if (call != null) {
                    call.complete(value, Simulation.this.now);
                }
            } else {
                send(request.from(), new Reply(n.id, request.id(), value));
            }
            for (int i = 0; i < momentWatchers.size(); i++) {
                momentWatchers.get(i).replied(n.id, request.from());
            }
        }

        @Override
        public long setTimer(long delayNanos, Object tag) {
            alive();
            if (delayNanos < 0) {
                throw new IllegalArgumentException(n.name + " set a timer with negative delay " + delayNanos);
            }
            long at = Simulation.this.now + n.clock.trueDelay(delayNanos);
            long h = StableHash.of(tag);
            // the id names the slot, so that cancelling needs no map: (serial << 32) | slot
            checkPending();
            int s = queue.push(at, EventQueue.TIMER, n.id, n.id, incarnation, 0, h, tag);
            long id = ((long) ++timerSerial << 32) | s;
            queue.arg[s] = id;
            trace.record(steps, Simulation.this.now, TraceKind.TIMER_SET, n.id, Trace.NONE, id, delayNanos, h, tag);
            return id;
        }

        @Override
        public void cancelTimer(long timerId) {
            alive();
            int s = (int) timerId;
            if (timerId <= 0 || s < 0 || s >= queue.slotsUsed() || queue.arg[s] != timerId || queue.kind[s] != EventQueue.TIMER) {
                return; // fired, cancelled or never set
            }
            queue.arg[s] = CANCELLED;
            trace.record(steps, Simulation.this.now, TraceKind.TIMER_CANCEL, n.id, Trace.NONE, timerId, 0, 0, null);
        }

        @Override
        public Entropy random() {
            return n.random;
        }

        @Override
        public boolean buggify(String site) {
            alive();
            boolean fires = Simulation.this.buggify(site);
            if (fires) {
                String line = "buggify " + site;
                trace.record(steps, Simulation.this.now, TraceKind.LOG, n.id, Trace.NONE, 0, 0, line.hashCode(), line);
            }
            return fires;
        }

        @Override
        public Storage storage() {
            return n.storage;
        }

        @Override
        public boolean isAlive() {
            return n.incarnation == incarnation;
        }

        @Override
        public void stop(String reason) {
            requestStop(reason, false);
        }

        @Override
        public void restart(String reason) {
            requestStop(reason, true);
        }

        private void requestStop(String reason, boolean again) {
            alive();
            if (dispatching != n.id) {
                throw new IllegalStateException(n.name + ": stop and restart are for the node's own handlers;"
                        + " a test crashes and restarts nodes with sim.crash and sim.restart");
            }
            if (n.stopReason == null) { // the first request wins; a restart asked after a stop does not undo it
                n.stopReason = reason == null ? "(no reason given)" : reason;
                n.restartAfterStop = again;
            }
        }

        @Override
        public void log(String format, Object... args) {
            String line = MessageFormatter.arrayFormat(format, args).getMessage();
            trace.record(steps, Simulation.this.now, TraceKind.LOG, n.id, Trace.NONE, 0, 0, line.hashCode(), line);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} {}", Durations.format(Simulation.this.now), n.name, line);
            }
        }
    }

    /** Settings of a simulation; every one has a default. */
    public static final class Builder {
        private final long seed;
        private int invariantEvery = 1;
        private int traceRing = 256;
        private int reportEvents = 40;
        private long maxSteps = 100_000_000L;
        private long maxStepsPerInstant = 100_000L;
        private long maxSimTimeNanos = Duration.ofDays(1).toNanos();
        private int maxPendingEvents = 1_000_000;
        private long messageDelayNanos = Duration.ofMillis(1).toNanos();
        private boolean loseUnsyncedOnCrash = true;
        private boolean buggify = true;
        private boolean recordTape;
        private ChoiceTape tape;
        private EntropySource.PastTheEnd pastTheEnd = EntropySource.PastTheEnd.ZEROS;
        private TraceSink sink;
        private Boolean mdc;
        private String replayLine;
        private final Map<String, String> attachments = new java.util.TreeMap<>();
        private dev.dst.entropy.ChoiceLog choiceLog;
        private long seedWideDraws;
        private final List<StepObserver> stepObservers = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
        }

        /** Check invariants after every {@code n}-th step (default 1: every step). */
        public Builder invariantEvery(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("invariantEvery must be at least 1: " + n);
            }
            this.invariantEvery = n;
            return this;
        }

        /** Keep the last {@code n} trace events in memory for reports (default 256). */
        public Builder traceRing(int n) {
            this.traceRing = Math.max(1, n);
            return this;
        }

        /** Show the last {@code n} events in a failure report (default 40). */
        public Builder reportEvents(int n) {
            this.reportEvents = Math.max(0, n);
            return this;
        }

        /** End the run with "no progress" after this many steps (default 100 million). */
        public Builder maxSteps(long n) {
            this.maxSteps = n;
            return this;
        }

        /** End the run with "no progress" after this many steps at one instant (default 100,000). */
        public Builder maxStepsPerInstant(long n) {
            this.maxStepsPerInstant = n;
            return this;
        }

        /** End the run with "no progress" when simulated time passes this (default one day). */
        public Builder maxSimTime(Duration d) {
            this.maxSimTimeNanos = d.toNanos();
            return this;
        }

        /**
         * End the run with "no progress" when nodes keep this many messages and timers pending
         * (default one million, about 100 MB): a storm ends as a named failure of its seed
         * instead of filling the heap.
         */
        public Builder maxPendingEvents(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxPendingEvents must be at least 1: " + n);
            }
            this.maxPendingEvents = n;
            return this;
        }

        /** The delay of the default transport (default 1 ms). */
        public Builder messageDelay(Duration d) {
            this.messageDelayNanos = d.toNanos();
            return this;
        }

        /** Whether {@link Simulation#crash(int)} loses unsynced writes (default true: a power loss). */
        public Builder loseUnsyncedOnCrash(boolean lose) {
            this.loseUnsyncedOnCrash = lose;
            return this;
        }

        /** Whether {@code buggify} points may fire (default true; false: every one returns false). */
        public Builder buggify(boolean on) {
            this.buggify = on;
            return this;
        }

        /** Record every draw, so that {@link Simulation#tape()} can be saved and replayed. */
        public Builder recordTape() {
            this.recordTape = true;
            return this;
        }

        /** Gives the run a named text, for example a nemesis plan; see {@link Simulation#attachment(String)}. */
        public Builder attach(String key, String text) {
            attachments.put(key, text);
            return this;
        }

        /**
         * Draw from this tape instead of the seed (replay, or a run from an edited tape). With
         * {@link #recordTape()} as well, {@link Simulation#tape()} gives the draws actually made.
         */
        public Builder replay(ChoiceTape tape) {
            return replay(tape, EntropySource.PastTheEnd.ZEROS);
        }

        /**
         * As {@link #replay(ChoiceTape)}; past the end of a stream's tape the draws are zeros
         * (the simplest choices, what shrinking needs) or fresh (the run goes on normally, what
         * replaying a reproduction after a fix needs).
         */
        public Builder replay(ChoiceTape tape, EntropySource.PastTheEnd pastTheEnd) {
            this.tape = tape;
            this.pastTheEnd = pastTheEnd;
            return this;
        }

        /** Send every trace event to this sink (for example a {@link dev.dst.trace.JsonlTraceSink}). */
        public Builder traceSink(TraceSink sink) {
            this.sink = sink;
            return this;
        }

        /**
         * Whether to put {@code dst.node}, {@code dst.time} and {@code dst.seed} into slf4j's MDC
         * while a node runs (default: the system property {@code dst.mdc}, else off). It costs
         * three MDC puts and removes per step; docs/logging.md has the figures.
         */
        public Builder mdc(boolean on) {
            this.mdc = on;
            return this;
        }

        public Builder replayLine(String line) {
            this.replayLine = line;
            return this;
        }

        /** Reports every draw of every entropy stream, in the order the run makes them (exhaustive exploration). */
        public Builder choiceLog(dev.dst.entropy.ChoiceLog log) {
            this.choiceLog = log;
            return this;
        }

        /**
         * Past the replayed tape's end, draws among more than {@code values} values are fixed by the
         * seed and their place in their stream instead of 0 (see
         * {@link EntropySource#seedWideDraws}); for exhaustive exploration.
         */
        public Builder seedWideDraws(long values) {
            this.seedWideDraws = values;
            return this;
        }

        /** Calls {@code observer} after every step, after the step's invariants; observers run in the order added. */
        public Builder afterEachStep(StepObserver observer) {
            stepObservers.add(java.util.Objects.requireNonNull(observer, "observer"));
            return this;
        }

        public Simulation build() {
            if (tape != null && tape.seed() != seed) {
                throw new IllegalArgumentException("the tape was recorded with seed " + Seeds.format(tape.seed())
                        + ", not " + Seeds.format(seed));
            }
            return new Simulation(this);
        }
    }
}
