package dev.dst.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dst.node.ClientOp;
import dev.dst.node.NodeFactory;
import dev.dst.node.Result;
import dev.dst.storage.Storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A few nodes on 127.0.0.1 with ephemeral ports, each with its own in-memory storage (kept
 * across restarts of its runtime), and a client per node. Timeouts are generous: a loaded
 * two-core machine must not make a test fail; nothing asserts how fast anything was.
 */
final class Loopback implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final Duration CALL = Duration.ofSeconds(10);

    final AddressBook book;
    final NodeRuntime[] runtimes;
    final Storage[] storages;
    private final Client[] clients;
    private final NodeFactory factory;
    private final List<AutoCloseable> extra = new ArrayList<>();

    /** {@code n} nodes running {@link Tally}. */
    static Loopback tallies(int n) throws IOException {
        return new Loopback(n, null);
    }

    Loopback(int n, NodeFactory factory) throws IOException {
        List<AddressBook.Entry> entries = new ArrayList<>();
        ServerSocketChannel[] listeners = new ServerSocketChannel[n];
        for (int i = 0; i < n; i++) {
            listeners[i] = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            entries.add(new AddressBook.Entry("n" + i, "127.0.0.1", ((InetSocketAddress) listeners[i].getLocalAddress()).getPort()));
        }
        this.book = AddressBook.of(entries);
        this.factory = factory != null ? factory : ctx -> new Tally(ctx, n);
        this.runtimes = new NodeRuntime[n];
        this.storages = new Storage[n];
        this.clients = new Client[n];
        for (int i = 0; i < n; i++) {
            storages[i] = Storage.inMemory();
            runtimes[i] = builder(i).listener(listeners[i]).start();
        }
    }

    NodeRuntime.Builder builder(int i) {
        return NodeRuntime.builder(book, i, factory).storage(storages[i]).seed(i);
    }

    /** Stops node {@code i}'s runtime (its sockets close; its storage stays) and starts a new one on the same port. */
    NodeRuntime restart(int i) throws IOException {
        stop(i);
        runtimes[i] = builder(i).start();
        return runtimes[i];
    }

    void stop(int i) {
        runtimes[i].close();
        if (clients[i] != null) {
            clients[i].close();
            clients[i] = null;
        }
    }

    Client client(int i) throws IOException {
        if (clients[i] == null) {
            clients[i] = Client.connect(book.address(i));
        }
        return clients[i];
    }

    /** The node's answer to {@code f value}, which must be ok. */
    Object call(int i, String f, Object value) throws Exception {
        Object answer = client(i).call(new ClientOp(f, value), CALL);
        if (!(answer instanceof Result r) || !r.ok()) {
            fail(book.name(i) + " answered " + f + " " + value + " with " + answer);
            return null;
        }
        return r.value();
    }

    long total(int i) throws Exception {
        return (Long) call(i, "get", null);
    }

    void closeLater(AutoCloseable c) {
        extra.add(c);
    }

    /** Waits until {@code condition} holds, failing after {@link #PATIENCE} with what {@code state} says. */
    static void eventually(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + PATIENCE.toSeconds() + " s: " + what + "; " + state.get());
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    @Override
    public void close() throws Exception {
        for (Client c : clients) {
            if (c != null) {
                c.close();
            }
        }
        for (NodeRuntime r : runtimes) {
            if (r != null) {
                r.close();
            }
        }
        for (AutoCloseable c : extra) {
            c.close();
        }
    }
}
