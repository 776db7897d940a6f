package dev.dst.runtime;

import static dev.dst.runtime.Loopback.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.node.Result;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A numbered client asks as a simulation's client node does: its requests reach the node from
 * address {@code nodes + K} with the ids the client gave them, so a node that applies each
 * (client, id) once does so on the runtime; an anonymous client's come from EXTERNAL.
 */
final class NumberedClientTest {
    /** A request a node passes to a peer, which answers the client itself. */
    record Forwarded(Request request) {}

    /** A node that says who asked, applies each (client, id) once, and can forward a request to a peer. */
    static final class WhoAsks implements Node {
        private final Map<Integer, Long> lastApplied = new TreeMap<>(); // client address -> the last id applied
        private long applied;

        @Override
        public void onRequest(NodeContext ctx, Request r) {
            ClientOp op = (ClientOp) r.op();
            switch (op.f()) {
                case "who" -> ctx.reply(r, Result.ok(List.of(r.from(), r.id(), ctx.nameOf(r.from()))));
                case "apply" -> {
                    if (r.id() > lastApplied.getOrDefault(r.from(), -1L)) {
                        lastApplied.put(r.from(), r.id());
                        applied++;
                    }
                    ctx.reply(r, Result.ok(applied));
                }
                case "forward" -> ctx.send((Integer) op.value(), new Forwarded(r)); // the peer cannot reach the client
                case "send-reply" -> ctx.send(r.from(), new Reply(ctx.id(), r.id(), Result.ok("sent as a Reply")));
                case "send-other" -> {
                    ctx.send(r.from(), "not a reply"); // dropped: a client takes replies only
                    ctx.reply(r, Result.ok("still up"));
                }
                default -> ctx.reply(r, Result.fail("unknown op " + op.f()));
            }
        }

        @Override
        public void onMessage(NodeContext ctx, int from, Object message) {
            if (message instanceof Forwarded f) {
                ctx.reply(f.request(), Result.ok("from " + ctx.name())); // to a client not connected here: dropped
            }
        }
    }

    private static Loopback cluster(int n) throws IOException {
        return new Loopback(n, ctx -> new WhoAsks());
    }

    private static Client numbered(Loopback c, int node, int number, long firstId) throws IOException {
        Client client = Client.to(c.book.address(node)).number(number).firstRequestId(firstId).connect();
        c.closeLater(client);
        return client;
    }

    private static Object value(Object answer) {
        assertTrue(answer instanceof Result r && r.ok(), "an ok answer: " + answer);
        return ((Result) answer).value();
    }

    @Test
    void aNumberedClientsRequestComesFromItsAddressWithItsOwnIds() throws Exception {
        try (Loopback c = cluster(3)) {
            Client c4 = numbered(c, 1, 4, 100);
            assertEquals(List.of(3 + 4, 100L, "c4"), value(c4.call(new ClientOp("who", null), Loopback.CALL)));
            assertEquals(List.of(3 + 4, 101L, "c4"), value(c4.call(new ClientOp("who", null), Loopback.CALL)));
            long id = c4.nextRequestId();
            assertEquals(102L, id);
            assertEquals(List.of(3 + 4, 102L, "c4"), value(c4.call(id, new ClientOp("who", null), Loopback.CALL)));
            assertEquals("Client[" + c.book.address(1) + ", c4]", c4.toString());
        }
    }

    @Test
    void anAnonymousClientsRequestComesFromExternal() throws Exception {
        try (Loopback c = cluster(1)) {
            @SuppressWarnings("unchecked")
            List<Object> who = (List<Object>) value(c.client(0).call(new ClientOp("who", null), Loopback.CALL));
            assertEquals(Request.EXTERNAL, who.get(0));
            assertEquals("client", who.get(2));
            assertEquals(-1, c.client(0).number());
            assertThrows(IllegalStateException.class, () -> c.client(0).nextRequestId());
            assertThrows(IllegalStateException.class, () -> c.client(0).call(7, new ClientOp("who", null), Loopback.CALL));
        }
    }

    @Test
    void aRetryUnderTheSameIdIsAppliedOnceAndTwoClientsAreTwo() throws Exception {
        try (Loopback c = cluster(1)) {
            Client c0 = numbered(c, 0, 0, 1);
            Client again = numbered(c, 0, 0, 1); // the same client on a second connection (a retry after reconnecting)
            Client c1 = numbered(c, 0, 1, 1);
            long id = c0.nextRequestId();
            assertEquals(1L, value(c0.call(id, new ClientOp("apply", null), Loopback.CALL)));
            assertEquals(1L, value(again.call(id, new ClientOp("apply", null), Loopback.CALL)), "a retry of c0's request is a repeat");
            assertEquals(2L, value(c1.call(id, new ClientOp("apply", null), Loopback.CALL)), "c1's request of the same id is another");
            assertEquals(3L, value(c0.call(new ClientOp("apply", null), Loopback.CALL)), "c0's next id is new");
        }
    }

    @Test
    void aReplySentAsAMessageReachesTheClientAndOtherMessagesToItAreDropped() throws Exception {
        try (Loopback c = cluster(1)) {
            Client c2 = numbered(c, 0, 2, 1);
            assertEquals("sent as a Reply", value(c2.call(new ClientOp("send-reply", null), Loopback.CALL)));
            assertEquals("still up", value(c2.call(new ClientOp("send-other", null), Loopback.CALL)));
            assertTrue(c.runtimes[0].isNodeUp());
        }
    }

    @Test
    void anAnswerFromAPeerTheClientDidNotAskIsDroppedAndThatPeerStaysUp() throws Exception {
        try (Loopback c = cluster(2)) {
            Client c0 = numbered(c, 0, 0, 1);
            assertThrows(UnknownOutcomeException.class, () -> c0.call(new ClientOp("forward", 1), Duration.ofMillis(500)));
            eventually("n1 dropped its answer to c0", () -> c.runtimes[1].stats().droppedUnreachable() >= 1,
                    () -> c.runtimes[1].stats().toString());
            assertTrue(c.runtimes[1].isNodeUp(), "a reply to a client address is not a bug of the node");
            Client viaN1 = numbered(c, 1, 0, 50);
            assertNotEquals(null, value(viaN1.call(new ClientOp("who", null), Loopback.CALL)));
        }
    }

    @Test
    void aHelloWithANegativeClientNumberIsRefused() throws Exception {
        try (Loopback c = cluster(1); java.net.Socket raw = new java.net.Socket()) {
            raw.connect(c.book.address(0));
            raw.getOutputStream().write(Frames.clientHello(-5).array());
            raw.getOutputStream().flush();
            raw.setSoTimeout((int) Loopback.PATIENCE.toMillis());
            assertEquals(-1, raw.getInputStream().read(), "the node closed the connection");
            eventually("counted", () -> c.runtimes[0].stats().framesRefused() == 1, () -> c.runtimes[0].stats().toString());
        }
    }

    @Test
    void aClientNumberIsNotNegative() {
        assertThrows(IllegalArgumentException.class, () -> Client.to(new java.net.InetSocketAddress("127.0.0.1", 1)).number(-1));
    }
}
