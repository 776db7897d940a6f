package dev.dst.runtime;

import static dev.dst.runtime.Loopback.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.ClientOp;
import dev.dst.node.Result;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client's three outcomes (an answer; not sent; unknown), its threads and its connection. */
final class ClientTest {

    @Test
    void aNodeThatCannotBeReachedIsAnIOExceptionTheRequestWasNotSent() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closed = port;
        IOException e = assertThrows(IOException.class, () -> Client.connect(new InetSocketAddress("127.0.0.1", closed)));
        assertTrue(e.getMessage().contains("cannot connect to"), e.getMessage());
    }

    @Test
    void noAnswerWithinTheTimeoutIsUnknownAndTheLateAnswerIsNotDelivered() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            UnknownOutcomeException e = assertThrows(UnknownOutcomeException.class,
                    () -> c.client(0).call(new ClientOp("hold", null), Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("no answer from"), e.getMessage());
            // the cancel went first on the same connection, so the node's late reply finds no one waiting
            assertEquals("released", c.call(0, "release", null));
            assertEquals(1, c.runtimes[0].stats().clientReplies());
        }
    }

    @Test
    void aConnectionLostWhileACallWaitsIsUnknown() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            Client client = c.client(0);
            CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.call(new ClientOp("hold", null), Loopback.PATIENCE);
                } catch (Exception e) {
                    return e;
                }
            });
            eventually("the node holds the request", () -> c.runtimes[0].stats().clientRequests() == 1, () -> c.runtimes[0].stats().toString());
            c.runtimes[0].close();
            Object outcome = call.get(Loopback.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertInstanceOf(UnknownOutcomeException.class, outcome);
        }
    }

    @Test
    void manyThreadsShareOneClient() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            Client client = c.client(0);
            Set<Long> totals = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> threads = new ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            c.closeLater(pool::shutdownNow);
            for (int t = 0; t < 8; t++) {
                threads.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 100; i++) {
                        try {
                            Result r = (Result) client.call(new ClientOp("add", 1L), Loopback.CALL);
                            assertTrue(totals.add((Long) r.value()), "each add saw its own total");
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                }, pool));
            }
            for (CompletableFuture<Void> f : threads) {
                f.get(Loopback.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            assertEquals(800, totals.size());
            assertEquals(800L, c.total(0));
        }
    }

    @Test
    void afterTheNodeComesBackTheNextCallsConnectAgain() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            Client client = Client.connect(c.book.address(0));
            c.closeLater(client);
            assertEquals(Result.ok(1L), client.call(new ClientOp("add", 1L), Loopback.CALL));
            c.runtimes[0].close();
            Exception down = assertThrows(Exception.class, () -> client.call(new ClientOp("get", null), Duration.ofSeconds(1)));
            assertTrue(down instanceof IOException || down instanceof UnknownOutcomeException, down.toString());
            c.runtimes[0] = c.builder(0).start();
            eventually("a call succeeds on a new connection", () -> {
                try {
                    return Result.ok(1L).equals(client.call(new ClientOp("get", null), Loopback.CALL));
                } catch (IOException | UnknownOutcomeException e) {
                    return false;
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, () -> "still failing");
        }
    }

    @Test
    void closeEndsTheReaderThreadAndRefusesLaterCalls() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            Client client = Client.connect(c.book.address(0));
            client.call(new ClientOp("get", null), Loopback.CALL);
            client.close();
            client.close();
            assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("dst-client " + c.book.address(0)) && t.isAlive()));
            IOException e = assertThrows(IOException.class, () -> client.call(new ClientOp("get", null), Loopback.CALL));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

}
