package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.Reply;
import dev.dst.node.Request;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests from the test (submit) and between nodes (request), and their replies. */
final class ExternalCallTest {
    private static final long MS = 1_000_000L;

    @Test
    void aSubmittedRequestCompletesWhenTheNodeReplies() {
        Simulation sim = Simulation.create(1);
        Probe server = new Probe().onRequest((c, r) -> c.reply(r, "echo " + r.op()));
        int s = sim.addNode("server", ctx -> server);
        Call call = sim.submit(s, "hello");
        assertFalse(call.isDone());
        sim.run();
        assertTrue(call.isDone());
        assertEquals("echo hello", call.value());
        assertEquals(List.of("hello"), server.received("request"));
        assertEquals(Request.EXTERNAL, server.inputs.get(1).from());
        assertEquals(s, call.node());
        assertEquals("hello", call.op());
    }

    @Test
    void aSubmittedRequestArrivesAtOnceWithoutTheNetwork() {
        Simulation sim = Simulation.builder(1).messageDelay(Duration.ofSeconds(1)).build();
        Probe server = new Probe();
        int s = sim.addNode("server", ctx -> server);
        sim.runFor(Duration.ofMillis(5));
        sim.submit(s, "op");
        sim.run();
        assertEquals(List.of(5 * MS), server.timesOf("request"));
    }

    @Test
    void aLaterReplyCompletesTheCallAtThatTime() {
        Simulation sim = Simulation.create(1);
        Request[] held = new Request[1];
        int s = sim.addNode("server", ctx -> new Probe()
                .onRequest((c, r) -> {
                    held[0] = r;
                    c.setTimer(7 * MS, "answer");
                })
                .onTimer((c, id, tag) -> c.reply(held[0], 42)));
        sim.runFor(Duration.ofMillis(3));
        Call call = sim.submit(s, "slow");
        sim.run();
        assertEquals(42, call.value());
        assertEquals(3 * MS, call.submittedNanos());
        assertEquals(10 * MS, call.completedNanos());
    }

    @Test
    void aPendingCallHasNoValue() {
        Simulation sim = Simulation.create(1);
        int s = sim.addNode("server", ctx -> new Probe());
        Call call = sim.submit(s, "ignored");
        sim.run();
        IllegalStateException e = assertThrows(IllegalStateException.class, call::value);
        assertTrue(e.getMessage().contains("ignored") && e.getMessage().contains("no reply yet"), e.getMessage());
        assertEquals(-1, call.completedNanos());
    }

    @Test
    void onlyTheFirstReplyCounts() {
        Simulation sim = Simulation.create(1);
        int s = sim.addNode("server", ctx -> new Probe().onRequest((c, r) -> {
            c.reply(r, "first");
            c.reply(r, "second");
        }));
        Call call = sim.submit(s, "op");
        sim.run();
        assertEquals("first", call.value());
    }

    @Test
    void callsHaveDistinctIds() {
        Simulation sim = Simulation.create(1);
        int s = sim.addNode("server", ctx -> new Probe());
        assertTrue(sim.submit(s, "a").id() != sim.submit(s, "b").id());
    }

    @Test
    void submittedAndAnsweredRequestsAreCounted() {
        Simulation sim = Simulation.create(1);
        int s = sim.addNode("server", ctx -> new Probe().onRequest((c, r) -> {
            if (!r.op().equals("ignore me")) {
                c.reply(r, "ok");
            }
        }));
        sim.submit(s, "a");
        sim.submit(s, "b");
        sim.submit(s, "ignore me");
        sim.run();
        assertEquals(3L, sim.report().counters().get("requests.submitted"));
        assertEquals(2L, sim.report().counters().get("requests.answered"));
    }

    @Test
    void aNodeRequestIsAnsweredThroughTheTransport() {
        Simulation sim = Simulation.builder(1).messageDelay(Duration.ofMillis(2)).build();
        int server = sim.addNode("server", ctx -> new Probe().onRequest((c, r) -> c.reply(r, "pong")));
        long[] sentId = new long[1];
        Reply[] got = new Reply[1];
        Probe client = new Probe()
                .onStart(c -> sentId[0] = c.request(server, "ping"))
                .onReply((c, r) -> got[0] = r);
        sim.addNode("client", ctx -> client);
        sim.run();
        assertEquals(new Reply(server, sentId[0], "pong"), got[0]);
        assertEquals(List.of(4 * MS), client.timesOf("reply"));
    }

    @Test
    void aSubmitToAnUnknownNodeIsRejected() {
        Simulation sim = Simulation.create(1);
        assertThrows(IllegalArgumentException.class, () -> sim.submit(0, "op"));
    }

    @Test
    void aSendToAnUnknownNodeIsANodeError() {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", ctx -> new Probe().onStart(c -> c.send(9, "lost")));
        SimulationFailure f = assertThrows(SimulationFailure.class, sim::run);
        assertTrue(f.violation().detail().contains("unknown node 9"), f.violation().detail());
    }
}
