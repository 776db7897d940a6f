package dev.dst.maelstrom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The adapter's protocol, with a toy node ({@link Toy}) under {@link MaelstromDriver}: init,
 * {@code msg_id}/{@code in_reply_to}, the error codes, node-to-node requests, a node that throws,
 * and that stdout carries only well-formed messages (the driver's violations stay empty).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class MaelstromNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private MaelstromDriver driver;

    private MaelstromDriver start(int count) throws Exception {
        driver = MaelstromDriver.inProcess(count, id -> MaelstromNode.builder(Toy.WORKLOAD, n -> ctx -> new Toy(n)).seed(1));
        return driver;
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.close();
            assertEquals(List.of(), driver.violations(), "every line on stdout was a well-formed message");
        }
    }

    private static ObjectNode echo(String text) {
        return MaelstromDriver.body("echo").put("echo", text);
    }

    @Test
    void initIsAnsweredInitOkInReplyToItsMsgId() throws Exception {
        MaelstromDriver d = start(1);
        String c = d.openClient();
        ObjectNode init = MaelstromDriver.body("init").put("node_id", "n0");
        init.putArray("node_ids").add("n0");
        JsonNode ok = d.call(c, "n0", init, WAIT);
        assertNotNull(ok, "an answer to init");
        assertEquals("init_ok", ok.get("type").asText());
        assertEquals(1, ok.get("in_reply_to").asLong());
        assertTrue(ok.get("msg_id").isIntegralNumber(), "the answer has a msg_id of its own: " + ok);
    }

    @Test
    void aRequestBeforeInitIsTemporarilyUnavailable() throws Exception {
        MaelstromDriver d = start(1);
        String c = d.openClient();
        JsonNode e = d.call(c, "n0", echo("early"), WAIT);
        assertError(11, e);
        d.init();
        assertEquals("early", d.call(c, "n0", echo("early"), WAIT).get("echo").asText(), "after init it is served");
    }

    @Test
    void repliesCarryInReplyToTheRequestsMsgId() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        String c = d.openClient();
        for (int i = 0; i < 20; i++) {
            JsonNode ok = d.call(c, "n0", echo("m" + i), WAIT);
            assertEquals("echo_ok", ok.get("type").asText());
            assertEquals(i + 1, ok.get("in_reply_to").asLong());
            assertEquals("m" + i, ok.get("echo").asText());
        }
        assertEquals(0, d.lateReplies(), "no answer to another request");
    }

    @Test
    void anUnknownTypeIsNotSupported() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        JsonNode e = d.call(d.openClient(), "n0", MaelstromDriver.body("frobnicate"), WAIT);
        assertError(10, e);
        assertTrue(e.get("text").asText().contains("frobnicate"), e.toString());
    }

    @Test
    void aBodyTheWorkloadCannotMapIsAMalformedRequest() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        String c = d.openClient();
        assertError(12, d.call(c, "n0", MaelstromDriver.body("echo"), WAIT));
        assertError(12, d.call(c, "n0", MaelstromDriver.body("echo").put("echo", 5), WAIT));
    }

    @Test
    void aBodyWithoutTypeIsAMalformedRequest() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        String c = d.openClient();
        d.sendRaw("n0", "{\"src\":\"" + c + "\",\"dest\":\"n0\",\"body\":{\"msg_id\":7}}");
        JsonNode e = d.await(c, 7, WAIT);
        assertError(12, e);
    }

    @Test
    void aLineThatIsNotJsonIsLoggedAndAnsweredWithNothing() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        String c = d.openClient();
        d.sendRaw("n0", "{\"src\": \"" + c + "\", \"dest\": \"n0\", \"body\": {\"type\": \"echo\", \"msg_id\": 1,");
        d.sendRaw("n0", "hello");
        d.sendRaw("n0", "[1, 2]");
        JsonNode ok = d.call(c, "n0", echo("after"), WAIT); // msg_id 1: the broken line had no answer
        assertEquals("echo_ok", ok.get("type").asText());
        assertEquals("after", ok.get("echo").asText());
        assertEquals(0, d.lateReplies(), "nothing answered the three broken lines");
    }

    @Test
    void aRequestFromNeitherAClientNorANodeIsNotSupported() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        String service = d.openClient("lin-kv"); // the name of one of Maelstrom's services, not a client's c<number>
        JsonNode e = d.call(service, "n0", echo("a"), WAIT);
        assertError(10, e);
    }

    @Test
    void aNodeAsksAnotherWithRequestAndAnswersOnItsReply() throws Exception {
        MaelstromDriver d = start(3);
        d.init();
        String c = d.openClient();
        JsonNode ok = d.call(c, "n1", MaelstromDriver.body("relay").put("echo", "hi"), WAIT);
        assertEquals("relay_ok", ok.get("type").asText());
        assertEquals("hi via n1", ok.get("echo").asText(), "n2 answered n1's request; n1 answered the client");
        List<String> types = new ArrayList<>();
        for (JsonNode m : d.traffic()) {
            types.add(m.get("src").asText() + ">" + m.get("dest").asText() + " " + m.get("body").get("type").asText());
            assertTrue(m.get("body").get("dst").isTextual(), "the message travels in field dst: " + m);
        }
        assertEquals(List.of("n1>n2 dst_Request_ClientOp", "n2>n1 dst_Reply"), types);
    }

    @Test
    void aFailedResultIsTemporarilyUnavailableWithTheNodesReason() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        JsonNode e = d.call(d.openClient(), "n0", MaelstromDriver.body("fail"), WAIT);
        assertError(11, e);
        assertEquals("nope", e.get("text").asText());
    }

    @Test
    void aWriteThatFailedInPartIsAnIndefiniteCrash() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        JsonNode e = d.call(d.openClient(), "n0", MaelstromDriver.body("parts"), WAIT);
        assertError(13, e);
        assertTrue(e.get("text").asText().contains("1 of 2 parts failed"), e.toString());
    }

    @Test
    void aNodeThatThrowsStopsAndLaterRequestsAreTemporarilyUnavailable() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        String c = d.openClient();
        d.send(c, "n0", MaelstromDriver.body("boom").put("msg_id", 1));
        JsonNode e = d.call(c, "n0", echo("still there?"), WAIT); // msg_id 1 again is fine: boom is never answered
        assertError(11, e);
        assertTrue(e.get("text").asText().contains("threw java.lang.IllegalStateException: boom in onRequest"), e.toString());
    }

    @Test
    void timersRunOnTheAdaptersLoop() throws Exception {
        MaelstromDriver d = start(1);
        d.init();
        String c = d.openClient();
        long ticks = 0;
        for (int i = 0; i < 3000 && ticks == 0; i++) {
            ticks = d.call(c, "n0", MaelstromDriver.body("ticks"), WAIT).get("ticks").asLong();
            if (ticks == 0) {
                Thread.sleep(1);
            }
        }
        assertTrue(ticks > 0, "the node's 1 ms timer fired");
    }

    @Test
    void aPeerMessageThatDoesNotDecodeIsAnsweredMalformed() throws Exception {
        MaelstromDriver d = start(2);
        d.init();
        // as n1 to n0; n0's error goes to n1, which logs it (an error is never answered)
        d.sendRaw("n0", "{\"src\":\"n1\",\"dest\":\"n0\",\"body\":{\"type\":\"dst_Gossip\",\"msg_id\":1,\"dst\":\"!!\"}}");
        d.sendRaw("n0", "{\"src\":\"n1\",\"dest\":\"n0\",\"body\":{\"type\":\"gossip\",\"msg_id\":2}}");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (d.traffic().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<JsonNode> t = d.traffic();
        assertEquals(2, t.size(), "two answers: " + t);
        assertEquals("n0", t.get(0).get("src").asText());
        assertEquals("n1", t.get(0).get("dest").asText());
        assertEquals("error", t.get(0).get("body").get("type").asText());
        assertEquals(12, t.get(0).get("body").get("code").asInt(), "not base64: " + t.get(0));
        assertEquals(1, t.get(0).get("body").get("in_reply_to").asInt());
        assertEquals(10, t.get(1).get("body").get("code").asInt(), "not a dst body: " + t.get(1));
        assertEquals(2, t.get(1).get("body").get("in_reply_to").asInt());
    }

    private static void assertError(int code, JsonNode e) {
        assertNotNull(e, "an answer");
        assertEquals("error", e.get("type").asText(), e.toString());
        assertEquals(code, e.get("code").asInt(), e.toString());
        assertTrue(e.get("in_reply_to").isIntegralNumber(), e.toString());
        assertTrue(e.get("text").isTextual(), e.toString());
    }
}
