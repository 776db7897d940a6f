package dev.dst.maelstrom;

import dev.dst.codec.Codec;
import dev.dst.codec.Codecs;
import dev.dst.entropy.Seeds;
import dev.dst.node.NodeFactory;
import dev.dst.runtime.FileStorage;
import dev.dst.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Runs a dst {@link dev.dst.node.Node} as a Maelstrom node binary: newline-delimited JSON
 * messages on stdin and stdout, logs on stderr (slf4j).
 *
 * <pre>{@code
 * public static void main(String[] args) throws InterruptedException {
 *     System.setOut(System.err);              // a stray println must not reach Maelstrom
 *     MaelstromNode.builder(new MyWorkload(), nodes -> ctx -> new MyNode(ctx, nodes))
 *             .start()                        // stdin and the process's standard output
 *             .awaitTermination();            // until stdin closes
 * }
 * }</pre>
 *
 * <p>The first message is {@code init}: the adapter learns its {@code node_id} and the
 * {@code node_ids}, builds the node with the factory for that many nodes (node {@code i} of
 * {@code node_ids} is dst address {@code i}; client {@code cK} is address {@code n + K}),
 * runs its {@code onStart}, and answers {@code init_ok}. Then: a client's request is mapped by
 * the {@link MaelstromWorkload} to operations delivered to {@code onRequest}, and the node's
 * {@code ctx.reply} becomes the {@code *_ok} answer (or an error) with {@code in_reply_to};
 * {@code ctx.send} to a peer becomes a Maelstrom message whose body carries the message in dst's
 * codec; timers run on the adapter's loop thread, as in {@link dev.dst.runtime.NodeRuntime}.
 * Unknown types are answered {@code not-supported} (10), bodies that cannot be mapped
 * {@code malformed-request} (12), requests while the node is down {@code temporarily-unavailable}
 * (11). A node that throws is logged and stops (as in dst), and the process goes on answering.
 *
 * <p>Thread-safe handle; the node runs on one thread of its own ({@code dst-maelstrom}), and a
 * daemon thread reads the input.
 */
public final class MaelstromNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MaelstromNode.class);

    /** Opens the storage of the node named {@code nodeId} (known at {@code init}). */
    @FunctionalInterface
    public interface StorageOpener {
        Storage open(String nodeId) throws IOException;
    }

    record Settings(MaelstromWorkload workload, IntFunction<NodeFactory> nodes, long seed, StorageOpener storage,
                    boolean ownsStorage, Clock clock, long forgetNanos, Codec codec) {}

    private final Adapter adapter;
    private final Thread loop;
    private final long seed;

    private MaelstromNode(Adapter adapter, Thread loop, long seed) {
        this.adapter = adapter;
        this.loop = loop;
        this.seed = seed;
    }

    /**
     * An adapter for the nodes {@code nodes} builds ({@code nodes.apply(n)} is the factory for a
     * cluster of {@code n}, called once at {@code init}), speaking {@code workload} to clients.
     */
    public static Builder builder(MaelstromWorkload workload, IntFunction<NodeFactory> nodes) {
        return new Builder(workload, nodes);
    }

    /** This node's Maelstrom id, or {@code null} until {@code init} arrived. */
    public String nodeId() {
        return adapter.nodeId;
    }

    /** Whether the node runs (false before {@code init}, after it stopped itself or threw, and at the end). */
    public boolean isNodeUp() {
        return adapter.isNodeUp();
    }

    /** The seed of the node's {@code ctx.random()}. */
    public long seed() {
        return seed;
    }

    public MaelstromStats stats() {
        return adapter.snapshot();
    }

    /** Waits until the adapter stopped (its input ended, or {@link #close}); false when {@code timeout} passed first. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        loop.join(Math.max(1, timeout.toMillis()));
        return !loop.isAlive();
    }

    /** Waits, as long as it takes, until the adapter stopped. */
    public void awaitTermination() throws InterruptedException {
        loop.join();
    }

    /** Stops the node and the adapter (what is still queued to write is written) and waits for its thread. Idempotent. */
    @Override
    public void close() {
        adapter.stop();
        if (Thread.currentThread() != loop) {
            try {
                loop.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loop.isAlive()) {
                throw new IllegalStateException("the Maelstrom adapter's thread did not end within 30 s: is a handler stuck?");
            }
        }
    }

    /** Settings of an adapter; each has a default. */
    public static final class Builder {
        private final MaelstromWorkload workload;
        private final IntFunction<NodeFactory> nodes;
        private InputStream in = System.in;
        private OutputStream out;
        private Long seed;
        private StorageOpener storage = id -> Storage.inMemory();
        private boolean ownsStorage;
        private Clock clock = Clock.systemUTC();
        private Duration forgetAfter = Duration.ofSeconds(60);
        private Codec codec = Codecs.standard();

        private Builder(MaelstromWorkload workload, IntFunction<NodeFactory> nodes) {
            if (workload == null || nodes == null) {
                throw new IllegalArgumentException("a Maelstrom node needs a workload and a node factory");
            }
            this.workload = workload;
            this.nodes = nodes;
        }

        /** Where messages come from (default {@code System.in}). */
        public Builder input(InputStream in) {
            this.in = in;
            return this;
        }

        /**
         * Where messages go (default the process's standard output, {@link FileDescriptor#out},
         * whatever {@code System.out} was set to: point {@code System.out} at stderr so that
         * nothing else reaches it).
         */
        public Builder output(OutputStream out) {
            this.out = out;
            return this;
        }

        /** The seed of {@code ctx.random()}, stream {@code node/<node_id>} (default: drawn from {@link SecureRandom}, logged). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Real files: a {@link FileStorage} in {@code directory/<node_id>}, opened at {@code init}, closed at the end (default: {@link Storage#inMemory()}). */
        public Builder storageDirectory(Path directory) {
            this.storage = id -> FileStorage.open(directory.resolve(id));
            this.ownsStorage = true;
            return this;
        }

        /** A storage of yours per node id, not closed by the adapter. */
        public Builder storage(StorageOpener opener) {
            this.storage = opener;
            this.ownsStorage = false;
            return this;
        }

        /** The clock of {@code ctx.now()} (default {@link Clock#systemUTC()}). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long a client request may wait for the node's reply before it is forgotten (default 60 s; Maelstrom's clients give up after a few). */
        public Builder forgetRequestsAfter(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("forgetRequestsAfter must be positive: " + d);
            }
            this.forgetAfter = d;
            return this;
        }

        /** The codec of node-to-node messages (default {@link Codecs#standard()}); every node of the cluster needs the same. */
        public Builder codec(Codec codec) {
            this.codec = codec;
            return this;
        }

        /** Starts the adapter's threads; the node is built when {@code init} arrives. */
        public MaelstromNode start() {
            long s = seed != null ? seed : new SecureRandom().nextLong();
            Settings settings = new Settings(workload, nodes, s, storage, ownsStorage, clock, forgetAfter.toNanos(), codec);
            OutputStream o = out != null ? out : new FileOutputStream(FileDescriptor.out);
            Adapter adapter = new Adapter(settings, new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8), 1 << 16));
            Thread loop = new Thread(adapter, "dst-maelstrom");
            adapter.thread = loop;
            Thread reader = new Thread(() -> read(in, adapter), "dst-maelstrom-stdin");
            reader.setDaemon(true);
            LOG.info("Maelstrom adapter for workload {} started (seed {}); waiting for init", workload.name(), Seeds.format(s));
            loop.start();
            reader.start();
            return new MaelstromNode(adapter, loop, s);
        }

        private static void read(InputStream in, Adapter adapter) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = r.readLine()) != null) {
                    adapter.inbox.add(line);
                }
            } catch (IOException e) {
                LOG.warn("reading stdin failed: {}", e.toString());
            } finally {
                adapter.stop();
            }
        }
    }
}
