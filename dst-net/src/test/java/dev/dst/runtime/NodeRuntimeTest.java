package dev.dst.runtime;

import static dev.dst.runtime.Loopback.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One node per runtime on loopback: the node's inputs and effects as the simulation gives them, on real sockets. */
final class NodeRuntimeTest {

    @Test
    void aClientRequestIsAnsweredWithWhatTheNodeReplied() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            assertEquals(5L, c.call(0, "add", 5L));
            assertEquals(7L, c.call(0, "add", 2L));
            assertEquals(7L, c.total(0));
            assertEquals(3, c.runtimes[0].stats().clientRequests());
            assertEquals(3, c.runtimes[0].stats().clientReplies());
        }
    }

    @Test
    void messagesReachEveryPeer() throws Exception {
        try (Loopback c = Loopback.tallies(3)) {
            c.call(0, "add", 3L);
            c.call(1, "add", 4L);
            for (int i = 0; i < 3; i++) {
                int node = i;
                eventually("n" + node + " has both adds", () -> total(c, node) == 7, () -> "total " + total(c, node));
            }
            assertEquals(4, c.runtimes[0].stats().messagesSent() + c.runtimes[1].stats().messagesSent());
        }
    }

    @Test
    void aNodeToNodeRequestGetsItsReplyInOnReply() throws Exception {
        try (Loopback c = Loopback.tallies(2)) {
            assertEquals("pong from n1", c.call(0, "ask", 1));
            assertEquals("pong from n0", c.call(1, "ask", 0));
        }
    }

    @Test
    void timersFireAndACancelledOneNever() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            eventually("the tick timer fired twice", () -> (Long) ticks(c).get(0) >= 2, () -> "ticks " + ticks(c));
            assertEquals(false, ticks(c).get(1), "the timer cancelled in onStart, due before the first tick, never fired");
            assertTrue(c.runtimes[0].stats().timersFired() >= 2);
        }
    }

    @Test
    void aPeerThatWentDownIsReconnectedWhenItIsBack() throws Exception {
        try (Loopback c = Loopback.tallies(2)) {
            c.call(0, "add", 1L);
            eventually("n1 has the first add", () -> total(c, 1) == 1, () -> "total " + total(c, 1));
            c.stop(1);
            c.call(0, "add", 10L); // n1 is down: this add is lost, as on a real network
            c.call(0, "add", 100L);
            c.restart(1); // same port, same storage: total 1 again, read in the factory
            assertEquals(1L, c.total(1));
            eventually("an add made after n1 came back reached it", () -> {
                call(c, 0, "add", 1000L);
                return total(c, 1) >= 1001;
            }, () -> "n1's total " + total(c, 1) + ", n0's stats " + c.runtimes[0].stats());
            RuntimeStats s = c.runtimes[0].stats();
            assertTrue(s.connectionsOpened() >= 2, "n0 connected to n1 again: " + s);
            assertTrue(s.droppedUnreachable() + s.connectsFailed() >= 1, "n0 noticed n1 was gone: " + s);
        }
    }

    @Test
    void aFrameOverTheLimitClosesItsConnectionAndTheLoopGoesOn() throws Exception {
        try (Loopback c = Loopback.tallies(1); Socket raw = new Socket()) {
            raw.connect(c.book.address(0));
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.write(Frames.clientHello(Frames.NO_CLIENT_NUMBER).array());
            out.writeInt(Frames.DEFAULT_MAX_FRAME_BYTES + 1); // announces a frame one byte over the limit
            out.writeByte(Frames.REQUEST);
            out.flush();
            raw.setSoTimeout((int) Loopback.PATIENCE.toMillis());
            assertTrue(closedByPeer(new DataInputStream(raw.getInputStream())), "the node closed the connection");
            assertEquals(1, c.runtimes[0].stats().framesRefused());
            assertEquals(3L, c.call(0, "add", 3L), "the node still answers");
        }
    }

    @Test
    void aPeerWithAnotherAddressBookIsRefused() throws Exception {
        try (Loopback c = Loopback.tallies(2); Socket raw = new Socket()) {
            raw.connect(c.book.address(0));
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.write(Frames.hello(1, c.book.fingerprint() + 1).array()); // "n1", configured with another book
            out.flush();
            raw.setSoTimeout((int) Loopback.PATIENCE.toMillis());
            assertTrue(closedByPeer(new DataInputStream(raw.getInputStream())), "the node closed the connection");
            assertEquals(1, c.runtimes[0].stats().framesRefused());
            assertEquals("pong from n1", c.call(0, "ask", 1), "the real n1 is still a peer");
        }
    }

    @Test
    void aMessageOverTheLimitIsDroppedAtTheSenderAndCounted() throws Exception {
        try (Loopback c = Loopback.tallies(2)) {
            c.call(0, "flood", List.of(1, 1, Frames.DEFAULT_MAX_FRAME_BYTES + 1));
            assertEquals(1, c.runtimes[0].stats().droppedTooLarge());
            assertEquals("pong from n1", c.call(0, "ask", 1), "the link to n1 still works");
        }
    }

    @Test
    void aPeerThatStopsReadingFillsItsQueueAndFurtherMessagesAreDroppedWithoutBlocking() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            deaf.setSoTimeout((int) Loopback.PATIENCE.toMillis());
            // n1 is a socket that accepts and never reads: the kernel buffers fill, then n0's queue
            AddressBook book = AddressBook.of(new AddressBook.Entry("n0", "127.0.0.1", 0), new AddressBook.Entry("n1", "127.0.0.1", deaf.getLocalPort()));
            try (NodeRuntime n0 = NodeRuntime.builder(book, 0, ctx -> new Tally(ctx, 2)).storage(dev.dst.storage.Storage.inMemory())
                    .maxQueuedBytesPerPeer(1 << 20).start();
                 Client client = Client.connect(n0.localAddress())) {
                Socket accepted = null;
                try {
                    for (int round = 0; n0.stats().droppedQueueFull() == 0; round++) {
                        assertTrue(round < 1000, "no drop after 1000 rounds: " + n0.stats());
                        client.call(new ClientOp("flood", List.of(1, 64, 64 << 10)), Loopback.CALL); // 4 MiB a round
                        if (accepted == null) {
                            accepted = deaf.accept();
                        }
                    }
                    assertEquals(dev.dst.node.Result.ok(0L), client.call(new ClientOp("get", null), Loopback.CALL), "the loop still answers");
                } finally {
                    if (accepted != null) {
                        accepted.close();
                    }
                }
            }
        }
    }

    @Test
    void aNodeThatThrowsIsStoppedAndLoggedAndTheRuntimeGoesOn() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try (Loopback c = Loopback.tallies(1)) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                assertThrows(UnknownOutcomeException.class, () -> c.client(0).call(new ClientOp("boom", "on purpose"), Duration.ofSeconds(2)));
                assertTrue(c.runtimes[0].awaitNodeDown(Loopback.PATIENCE));
            } finally {
                System.setErr(original);
            }
            String reason = c.runtimes[0].stopReason();
            assertTrue(reason.contains("IllegalStateException: boom: on purpose") && reason.contains("onRequest"), reason);
            String log = err.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("n0 threw in onRequest; the node is stopped") && log.contains("boom: on purpose"), log);
            assertTrue(c.runtimes[0].isRunning(), "the runtime and its sockets stay up");
            assertThrows(UnknownOutcomeException.class, () -> c.client(0).call(new ClientOp("get", null), Duration.ofMillis(500)));
            assertTrue(c.runtimes[0].stats().droppedNodeDown() >= 1);
            c.runtimes[0].restartNode();
            assertEquals(2L, c.call(0, "boots", null), "a new incarnation, built by the factory");
        }
    }

    @Test
    void restartFromAHandlerBuildsANewIncarnationThatReadsTheStorage() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            c.call(0, "add", 5L);
            assertEquals("restarting", c.call(0, "restart", "asked by the test"));
            eventually("the new incarnation answers", () -> boots(c) == 2, () -> "boots " + boots(c));
            assertEquals(5L, c.total(0));
            assertEquals(1, c.runtimes[0].stats().nodeStops());
        }
    }

    @Test
    void stopFromAHandlerKeepsTheNodeDownUntilTheOperatorRestartsIt() throws Exception {
        try (Loopback c = Loopback.tallies(1)) {
            c.call(0, "add", 5L);
            assertEquals("stopping", c.call(0, "stop", "asked by the test"));
            assertTrue(c.runtimes[0].awaitNodeDown(Loopback.PATIENCE));
            assertEquals("stopped itself: asked by the test", c.runtimes[0].stopReason());
            c.runtimes[0].restartNode();
            assertTrue(c.runtimes[0].isNodeUp());
            assertEquals(5L, c.total(0));
        }
    }

    @Test
    void theContextRefusesUseFromAnotherThreadAndIsDeadAfterItsIncarnation() throws Exception {
        List<NodeContext> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Loopback c = new Loopback(1, ctx -> {
            contexts.add(ctx);
            return new Node() {};
        })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> contexts.get(0).send(0, "x"));
            assertTrue(e.getMessage().contains("loop thread"), e.getMessage());
            assertTrue(contexts.get(0).isAlive());
            c.runtimes[0].restartNode();
            assertEquals(2, contexts.size());
            assertFalse(contexts.get(0).isAlive(), "the first incarnation's context died with it");
            assertTrue(contexts.get(1).isAlive());
        }
    }

    @Test
    void closeEndsTheThreadAndClosesTheSockets() throws Exception {
        Loopback c = Loopback.tallies(2);
        c.call(0, "add", 1L);
        eventually("n1 has the add", () -> total(c, 1) == 1, () -> "total " + total(c, 1));
        InetSocketAddress a0 = c.book.address(0);
        c.close();
        for (NodeRuntime r : c.runtimes) {
            assertFalse(r.isRunning());
            assertFalse(r.isNodeUp());
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("dst-node-n") && t.isAlive()),
                "no loop thread left");
        assertThrows(ConnectException.class, () -> new Socket(a0.getAddress(), a0.getPort()).close(), "nothing listens any more");
    }

    /** End of stream, or a reset (a close with bytes unread sends one). */
    private static boolean closedByPeer(DataInputStream in) {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static long total(Loopback c, int i) {
        try {
            return c.total(i);
        } catch (Exception e) {
            return -1;
        }
    }

    private static Object call(Loopback c, int i, String f, Object v) {
        try {
            return c.call(i, f, v);
        } catch (Exception e) {
            return e;
        }
    }

    private static List<?> ticks(Loopback c) {
        try {
            return (List<?>) c.call(0, "ticks", null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long boots(Loopback c) {
        try {
            return (Long) c.call(0, "boots", null);
        } catch (Exception e) {
            return -1;
        }
    }

}
