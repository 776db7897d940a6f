package dev.dst.runtime;

import dev.dst.codec.Codec;
import dev.dst.codec.Codecs;
import dev.dst.entropy.EntropySource;
import dev.dst.entropy.Seeds;
import dev.dst.node.NodeFactory;
import dev.dst.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs one dst {@link dev.dst.node.Node} for real: the same class a simulation tests, on a
 * thread of its own, over TCP, with real clocks and, usually, {@link FileStorage}.
 *
 * <pre>{@code
 * AddressBook book = AddressBook.parse("n0=10.0.0.1:7000,n1=10.0.0.2:7000,n2=10.0.0.3:7000");
 * NodeRuntime runtime = NodeRuntime.builder(book, 0, ctx -> new CounterNode(ctx))
 *         .storageDirectory(Path.of("/var/lib/counter"))
 *         .seed(42)
 *         .start();
 * ...
 * runtime.close();
 * }</pre>
 *
 * <p>One event-loop thread runs everything the node does: its handlers, one input at a time,
 * its timers, and the sockets (Java NIO). Messages go over TCP to the peers of the
 * {@link AddressBook}, encoded by the codec ({@link Codecs#standard()} by default), connected
 * lazily, reconnected after a jittered backoff, dropped when a peer is unreachable or its send
 * queue is full (the node's protocol handles loss, as it does in a simulation). Clients talk to
 * a node with {@link Client} over the same wire protocol ({@link Frames}).
 *
 * <p>Semantics follow the simulation's: {@code now()} is the wall clock ({@link Clock}),
 * {@code monotonicNanos()} is {@code System.nanoTime()} since start, {@code random()} is the
 * stream {@code node/<name>} of the seed (the same draws the node makes in a simulation of that
 * seed), {@code ctx.log} goes to slf4j (logger {@code dst.node.<name>}, INFO). A handler that
 * throws is logged and stops the node; {@code ctx.stop} stops it; {@code ctx.restart} and
 * {@link #restartNode} build a new incarnation from the factory, which reads the storage.
 * Nothing else is deterministic: message timing and interleaving are the real network's.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class NodeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    /** The runtime's configuration, fixed at start. */
    record Settings(AddressBook book, int id, Codec codec, int maxFrameBytes, long maxQueuedBytes, long backoffMinNanos,
                    long backoffMaxNanos, long connectTimeoutNanos, int maxPendingPerClient) {}

    /** The node's state as other threads see it. */
    static final class State {
        private int bootAttempts;
        private boolean terminated;
        private boolean up;
        private String stopReason;

        synchronized void up() {
            up = true;
            stopReason = null;
            notifyAll();
        }

        synchronized void down(String reason) {
            up = false;
            stopReason = reason;
            notifyAll();
        }

        /** A boot attempt ended (the node runs, or its factory or onStart threw). */
        synchronized void bootDone() {
            bootAttempts++;
            notifyAll();
        }

        synchronized void terminated() {
            terminated = true;
            up = false;
            notifyAll();
        }

        synchronized boolean isUp() {
            return up;
        }

        synchronized String stopReason() {
            return stopReason;
        }

        synchronized int bootAttempts() {
            return bootAttempts;
        }

        /** Waits until {@code done} holds or the loop has gone (a negative timeout: for ever); false on timeout. */
        synchronized boolean await(java.util.function.BooleanSupplier done, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!done.getAsBoolean() && !terminated) {
                if (timeoutNanos < 0) {
                    wait();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return done.getAsBoolean();
        }
    }

    private final Settings settings;
    private final Loop loop;
    private final State state;
    private final InetSocketAddress localAddress;
    private final long seed;

    private NodeRuntime(Settings settings, Loop loop, State state, InetSocketAddress localAddress, long seed) {
        this.settings = settings;
        this.loop = loop;
        this.state = state;
        this.localAddress = localAddress;
        this.seed = seed;
    }

    /**
     * A runtime for node {@code id} of {@code book}, built by {@code factory} (at start, and
     * again at every restart). Give it a storage ({@link Builder#storageDirectory} or
     * {@link Builder#storage}) and usually a seed, then {@link Builder#start()}.
     */
    public static Builder builder(AddressBook book, int id, NodeFactory factory) {
        return new Builder(book, id, factory);
    }

    public int id() {
        return settings.id();
    }

    public String name() {
        return settings.book().name(settings.id());
    }

    public AddressBook addressBook() {
        return settings.book();
    }

    /** Where the runtime listens (the port chosen, when it was 0). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The seed of the node's randomness (given, or drawn at start and logged). */
    public long seed() {
        return seed;
    }

    /** Whether the node runs: false once it stopped (by itself, by throwing) and after {@link #close}. */
    public boolean isNodeUp() {
        return state.isUp();
    }

    /** Why the node last stopped ({@code "threw ... in onMessage"}, {@code "stopped itself: ..."}), or {@code null} while it runs. */
    public String stopReason() {
        return state.stopReason();
    }

    /** Whether the loop thread still runs (false after {@link #close}, or if the loop itself failed). */
    public boolean isRunning() {
        return loop.isRunning() && loop.thread.isAlive();
    }

    /**
     * Waits until the node is down (it stopped itself or threw) or the runtime closed; false
     * when {@code timeout} passed first. A main method can wait for this and exit, for a
     * supervisor to restart the process.
     */
    public boolean awaitNodeDown(Duration timeout) throws InterruptedException {
        return state.await(() -> !state.up, timeout.toNanos());
    }

    /** Waits, for as long as it takes, until the node is down or the runtime closed: {@link #awaitNodeDown(Duration)} without a timeout. */
    public void awaitNodeDown() throws InterruptedException {
        state.await(() -> !state.up, -1);
    }

    /**
     * Stops the node if it runs and starts a new incarnation from the factory (which reads the
     * storage), as a supervisor restarting a process; waits until the new one started.
     *
     * @throws IllegalStateException when the runtime is closed
     */
    public void restartNode() throws InterruptedException {
        if (Thread.currentThread() == loop.thread) {
            throw new IllegalStateException(name() + ": a node restarts itself with ctx.restart, not NodeRuntime.restartNode");
        }
        int before = state.bootAttempts();
        if (!loop.post(loop.host::restartByOperator)) {
            throw new IllegalStateException(name() + "'s runtime is closed");
        }
        state.await(() -> state.bootAttempts > before, -1);
    }

    /** What the runtime counted so far. */
    public RuntimeStats stats() {
        return loop.counters.snapshot();
    }

    /**
     * Stops the node (as a process exit: nothing written is lost, nothing more is fsynced),
     * closes every socket and the storage it opened, and ends the loop thread; waits for it.
     * Idempotent. From the node's own thread it only asks the loop to stop.
     *
     * @throws IllegalStateException when the loop thread does not end within 30 s (a handler that never returns)
     */
    @Override
    public void close() {
        loop.stopRunning();
        if (Thread.currentThread() != loop.thread) {
            try {
                loop.thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loop.thread.isAlive()) {
                throw new IllegalStateException(name() + "'s loop thread did not end within 30 s: is a handler stuck?");
            }
        }
    }

    @Override
    public String toString() {
        return "NodeRuntime[" + name() + " on " + localAddress + (isNodeUp() ? ", up" : ", down") + "]";
    }

    /** Settings of a runtime; every one but the storage has a default. */
    public static final class Builder {
        private final AddressBook book;
        private final int id;
        private final NodeFactory factory;
        private Storage storage;
        private Path storageDirectory;
        private Long seed;
        private Codec codec = Codecs.standard();
        private InetSocketAddress listenOn;
        private ServerSocketChannel listener;
        private int maxFrameBytes = Frames.DEFAULT_MAX_FRAME_BYTES;
        private long maxQueuedBytes = 8L << 20;
        private Duration backoffMin = Duration.ofMillis(10);
        private Duration backoffMax = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private int maxPendingPerClient = 10_000;
        private Clock clock = Clock.systemUTC();

        private Builder(AddressBook book, int id, NodeFactory factory) {
            book.check(id);
            if (factory == null) {
                throw new IllegalArgumentException("a runtime needs a NodeFactory");
            }
            this.book = book;
            this.id = id;
            this.factory = factory;
        }

        /** The node's storage, owned by the caller (not closed with the runtime): {@link FileStorage}, or {@link Storage#inMemory()} in tests. */
        public Builder storage(Storage storage) {
            this.storage = storage;
            this.storageDirectory = null;
            return this;
        }

        /** Opens a {@link FileStorage} in {@code directory} at start (created if missing), closed with the runtime. */
        public Builder storageDirectory(Path directory) {
            this.storageDirectory = directory;
            this.storage = null;
            return this;
        }

        /** The seed of {@code ctx.random()} (default: drawn from {@link SecureRandom} and logged). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The codec of messages, requests and replies (default {@link Codecs#standard()}); every node and client of a cluster needs the same. */
        public Builder codec(Codec codec) {
            this.codec = codec;
            return this;
        }

        /** Listen here instead of at the node's own address-book entry (for example {@code 0.0.0.0:7000} behind a NAT). */
        public Builder listenOn(InetSocketAddress address) {
            this.listenOn = address;
            return this;
        }

        /** Accept connections on this bound channel (a test that bound port 0 to learn the port before writing the address book). */
        public Builder listener(ServerSocketChannel bound) {
            this.listener = bound;
            return this;
        }

        /** The largest frame sent or accepted (type and body; default 16 MiB). A peer announcing a larger one is disconnected. */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < Frames.HELLO_BODY_BYTES + 1) {
                throw new IllegalArgumentException("maxFrameBytes must be at least " + (Frames.HELLO_BODY_BYTES + 1) + ": " + bytes);
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Bytes queued per connection before further messages are dropped (default 8 MiB). */
        public Builder maxQueuedBytesPerPeer(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxQueuedBytesPerPeer must be positive: " + bytes);
            }
            this.maxQueuedBytes = bytes;
            return this;
        }

        /** The wait after a failed connection, doubling from {@code min} to {@code max} (defaults 10 ms and 1 s), jittered. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnectBackoff needs 0 < min <= max: " + min + ", " + max);
            }
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        /** How long a connection attempt may take before it counts as failed (default 2 s). */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Client requests a node keeps waiting for a reply per client connection (default 10,000); beyond it the oldest is forgotten. */
        public Builder maxPendingRequestsPerClient(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxPendingRequestsPerClient must be positive: " + n);
            }
            this.maxPendingPerClient = n;
            return this;
        }

        /** The clock of {@code ctx.now()} (default {@link Clock#systemUTC()}; a test may offset it). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Binds (unless given a {@link #listener}), opens the storage, starts the loop thread,
         * and returns once the node's first incarnation was built and its {@code onStart} ran
         * (or it threw, and the node is down: see {@link NodeRuntime#stopReason()}).
         *
         * @throws IOException when the address cannot be bound or the storage directory cannot be opened
         */
        public NodeRuntime start() throws IOException {
            if (storage == null && storageDirectory == null) {
                throw new IllegalStateException("the runtime of " + book.name(id) + " has no storage: give it storageDirectory(dir)"
                        + " (real files) or storage(Storage.inMemory()) (lost at exit)");
            }
            String name = book.name(id);
            long s = seed != null ? seed : new SecureRandom().nextLong();
            Settings settings = new Settings(book, id, codec, maxFrameBytes, maxQueuedBytes, backoffMin.toNanos(),
                    backoffMax.toNanos(), connectTimeout.toNanos(), maxPendingPerClient);
            FileStorage owned = storageDirectory != null ? FileStorage.open(storageDirectory) : null;
            Storage st = owned != null ? owned : storage;
            ServerSocketChannel server = listener;
            Selector selector = null;
            try {
                if (server == null) {
                    server = bind(listenOn != null ? listenOn : book.address(id), name);
                }
                selector = Selector.open();
                EntropySource entropy = EntropySource.seeded(s);
                Loop loop = new Loop(settings, selector, server, entropy.stream("runtime/" + name), owned);
                State state = new State();
                loop.host = new NodeHost(loop, id, factory, st, entropy.stream("node/" + name), clock, loop.counters, loop.startNanos,
                        maxPendingPerClient, state);
                InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
                Thread t = new Thread(loop, "dst-node-" + name);
                loop.thread = t;
                LOG.info("{} listening on {} (seed {}; address book {})", name, local, Seeds.format(s), book);
                t.start();
                state.await(() -> state.bootAttempts > 0, -1);
                return new NodeRuntime(settings, loop, state, local, s);
            } catch (IOException | RuntimeException e) {
                if (server != null && listener == null) {
                    server.close();
                }
                if (selector != null) {
                    selector.close();
                }
                if (owned != null) {
                    owned.close();
                }
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + name + " started", e);
            }
        }

        private static ServerSocketChannel bind(InetSocketAddress address, String name) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open();
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(address);
                return server;
            } catch (IOException e) {
                server.close();
                BindException b = new BindException(name + " cannot listen on " + address + ": " + e.getMessage());
                b.initCause(e);
                throw b;
            }
        }
    }
}
