package dev.dst.examples.raftkv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import dev.dst.runtime.AddressBook;
import dev.dst.runtime.Client;
import dev.dst.runtime.NodeRuntime;
import dev.dst.runtime.UnknownOutcomeException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * raft-kv's node, unchanged, on the runtime in one JVM: a numbered client's writes are applied
 * through the replicated log (raft-kv applies a command only from a client address), and a
 * retry of a write under the same id, to another node, is applied once.
 */
final class RaftKvRuntimeTest {
    private static final int NODES = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @org.junit.jupiter.api.Test
    void aNumberedClientsWritesAreCommittedAndARetryIsAppliedOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            ServerSocketChannel[] listeners = new ServerSocketChannel[NODES];
            AddressBook book = book(listeners);
            for (int i = 0; i < NODES; i++) {
                open.add(NodeRuntime.builder(book, i, ctx -> new RaftNode(ctx, NODES, RaftKvServer.bugs(List.of()),
                        new RaftObserver(NODES, ctx::nameOf))).listener(listeners[i]).storageDirectory(dir.resolve("n" + i)).seed(i).start());
            }
            Client[] clients = new Client[NODES];
            for (int i = 0; i < NODES; i++) {
                clients[i] = Client.to(book.address(i)).number(0).firstRequestId(1).connect();
                open.add(clients[i]);
            }
            long put = clients[0].nextRequestId();
            assertEquals(Result.ok(List.of(7L, 3L)), untilOk(clients, put, new ClientOp("put", List.of(7L, 3L))));
            long cas = clients[0].nextRequestId();
            assertEquals(Result.ok(List.of(7L, List.of(3L, 4L))), untilOk(clients, cas, new ClientOp("cas", List.of(7L, List.of(3L, 4L)))));
            for (Client c : clients) { // the put's retry, to every node: a repeat, not applied again (raft-kv does not answer it)
                try {
                    c.call(put, new ClientOp("put", List.of(7L, 3L)), Duration.ofMillis(500));
                } catch (UnknownOutcomeException e) {
                    // no answer to a repeat
                }
            }
            long get = clients[0].nextRequestId();
            assertEquals(Result.ok(List.of(7L, 4L)), untilOk(clients, get, new ClientOp("get", Arrays.asList(7L, null))),
                    "the value is the cas's: the put's retry did not overwrite it");
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    /** Asks every node in turn, under one id, until one (the leader) answers ok; returns the answer. */
    private static Object untilOk(Client[] clients, long id, ClientOp op) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<Object> answers = new ArrayList<>();
        while (System.nanoTime() - deadline < 0) {
            for (int i = 0; i < clients.length; i++) {
                try {
                    Object a = clients[i].call(id, op, Duration.ofSeconds(2));
                    if (a instanceof Result r && r.ok()) {
                        return a;
                    }
                    answers.add(a);
                } catch (UnknownOutcomeException e) {
                    answers.add(e.getMessage());
                }
            }
            Thread.sleep(100);
        }
        return fail("no node committed " + op + " within " + PATIENCE.toSeconds() + " s; answers " + answers);
    }

    /** Binds a listener per node on an ephemeral port; the runtimes take them over. */
    private static AddressBook book(ServerSocketChannel[] listeners) throws IOException {
        List<AddressBook.Entry> entries = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            listeners[i] = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            entries.add(new AddressBook.Entry("n" + i, "127.0.0.1", ((InetSocketAddress) listeners[i].getLocalAddress()).getPort()));
        }
        return AddressBook.of(entries);
    }
}
