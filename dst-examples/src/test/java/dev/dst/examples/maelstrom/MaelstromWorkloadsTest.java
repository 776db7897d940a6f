package dev.dst.examples.maelstrom;

import static dev.dst.examples.maelstrom.Bundled.WAIT;
import static dev.dst.examples.maelstrom.Bundled.isOk;
import static dev.dst.examples.maelstrom.Bundled.until;
import static dev.dst.maelstrom.MaelstromDriver.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.maelstrom.MaelstromDriver;
import dev.dst.scenario.ScenarioOptions;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The five workloads' protocol with the bundled nodes under {@link MaelstromDriver}, in this JVM:
 * init, {@code msg_id}/{@code in_reply_to}, errors for unknown types, malformed lines and bodies,
 * and what each workload's bodies map to. Every line the nodes wrote is checked by the driver
 * (JSON, one message per line, the node's own src, increasing msg_ids).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class MaelstromWorkloadsTest {
    private MaelstromDriver driver;

    private MaelstromDriver start(String workload, int nodes) throws Exception {
        driver = Bundled.inProcess(workload, nodes);
        return driver;
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.close();
            assertEquals(List.of(), driver.violations(), "every line on stdout was a well-formed message");
        }
    }

    /** For each workload: a request it serves, and one whose field has the wrong kind. */
    private static final Map<String, List<String>> REQUESTS = Map.of(
            "broadcast", List.of("{\"type\":\"read\"}", "{\"type\":\"broadcast\",\"message\":\"five\"}"),
            "g-counter", List.of("{\"type\":\"read\"}", "{\"type\":\"add\",\"delta\":-3}"),
            "unique-ids", List.of("{\"type\":\"generate\"}", "{\"msg\":\"no type\"}"),
            "kafka", List.of("{\"type\":\"list_committed_offsets\",\"keys\":[]}", "{\"type\":\"send\",\"msg\":1}"),
            "lin-kv", List.of("{\"type\":\"write\",\"key\":1,\"value\":2}", "{\"type\":\"read\",\"key\":\"one\"}"));

    private static ObjectNode parse(String json) throws Exception {
        return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"broadcast", "g-counter", "unique-ids", "kafka", "lin-kv"})
    void theProtocol(String workload) throws Exception {
        MaelstromDriver d = start(workload, 3);
        String c = d.openClient();
        ObjectNode served = parse(REQUESTS.get(workload).get(0));
        JsonNode early = d.call(c, "n0", served.deepCopy(), WAIT);
        assertError(11, early, "before init");

        d.init(); // init_ok in reply to each init's msg_id, or it throws
        JsonNode ok = d.call(c, "n0", served.deepCopy(), WAIT);
        assertNotNull(ok, workload + ": an answer");
        assertEquals(2, ok.get("in_reply_to").asLong(), "in reply to the request's msg_id: " + ok);
        String type = served.get("type").asText();
        assertTrue(ok.get("type").asText().equals(type + "_ok") || ok.get("type").asText().equals("error")
                && ok.get("code").asInt() == 11, workload + ": " + ok); // a raft follower says "not leader"

        assertError(10, d.call(c, "n1", body("frobnicate"), WAIT), "an unknown type");
        assertError(12, d.call(c, "n1", parse(REQUESTS.get(workload).get(1)), WAIT), "a field of the wrong kind");

        d.sendRaw("n2", "{\"src\":\"" + c + "\",\"dest\":\"n2\",\"body\":{\"type\":\"" + type + "\",\"msg_id\":99"); // cut short
        d.sendRaw("n2", "not json at all");
        JsonNode after = d.call(c, "n2", served.deepCopy(), WAIT);
        assertNotNull(after, "the node still serves after lines that are not JSON");
        assertEquals(5, after.get("in_reply_to").asLong());
        assertEquals(0, d.lateReplies(), "nothing answered the broken lines");
    }

    @Test
    void broadcastAcknowledgesTopologyAndBroadcastsAndEveryNodeReadsEveryMessage() throws Exception {
        MaelstromDriver d = start("broadcast", 3);
        d.init();
        String c = d.openClient();
        ObjectNode topology = body("topology");
        topology.putObject("topology").putArray("n0").add("n1");
        for (String n : d.nodeIds()) {
            assertEquals("topology_ok", d.call(c, n, topology.deepCopy(), WAIT).get("type").asText());
        }
        for (int m = 0; m < 9; m++) {
            assertEquals("broadcast_ok", d.call(c, "n" + m % 3, body("broadcast").put("message", m), WAIT).get("type").asText());
        }
        List<Long> all = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        for (String n : d.nodeIds()) {
            JsonNode read = until(d, c, n, body("read"), r -> longs(r.get("messages")).equals(all));
            assertEquals(all, longs(read.get("messages")), n + " reads every message, sorted");
        }
    }

    @Test
    void gCounterReadsTheSumOfTheAddsOnEveryNode() throws Exception {
        MaelstromDriver d = start("g-counter", 3);
        d.init();
        String c = d.openClient();
        long sum = 0;
        for (int i = 1; i <= 12; i++) {
            assertEquals("add_ok", d.call(c, "n" + i % 3, body("add").put("delta", i), WAIT).get("type").asText());
            sum += i;
        }
        long total = sum;
        for (String n : d.nodeIds()) {
            JsonNode read = until(d, c, n, body("read"), r -> r.get("value").asLong() == total);
            assertEquals(total, read.get("value").asLong(), n);
        }
    }

    @Test
    void uniqueIdsAreIntegersNeverGivenTwice() throws Exception {
        MaelstromDriver d = start("unique-ids", 3);
        d.init();
        Set<Long> ids = new HashSet<>();
        List<String> clients = List.of(d.openClient(), d.openClient());
        for (int i = 0; i < 300; i++) {
            JsonNode ok = d.call(clients.get(i % 2), "n" + i % 3, body("generate"), WAIT);
            assertEquals("generate_ok", ok.get("type").asText(), ok.toString());
            assertTrue(ok.get("id").isIntegralNumber(), ok.toString());
            assertTrue(ids.add(ok.get("id").asLong()), "id " + ok.get("id") + " given twice");
        }
    }

    @Test
    void kafkaSendsPollsAndCommitsAcrossKeysAndNodes() throws Exception {
        MaelstromDriver d = start("kafka", 3);
        d.init();
        String c = d.openClient();
        List<List<Long>> sent = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
        for (int i = 0; i < 10; i++) {
            String key = "k" + i % 2;
            JsonNode ok = d.call(c, "n" + i % 3, body("send").put("key", key).put("msg", 100 + i), WAIT);
            assertEquals("send_ok", ok.get("type").asText(), ok.toString());
            sent.get(i % 2).add(ok.get("offset").asLong());
        }
        for (List<Long> offsets : sent) {
            for (int i = 1; i < offsets.size(); i++) {
                assertTrue(offsets.get(i) > offsets.get(i - 1), "offsets of a key increase: " + offsets);
            }
        }
        ObjectNode poll = body("poll");
        poll.putObject("offsets").put("k0", 0).put("k1", 2).put("k9", 0);
        JsonNode polled = d.call(c, "n2", poll, WAIT);
        assertEquals("poll_ok", polled.get("type").asText(), polled.toString());
        assertEquals(pairs(sent.get(0), 100), polled.get("msgs").get("k0").toString());
        assertEquals(pairs(sent.get(1).subList(2, 5), 105), polled.get("msgs").get("k1").toString(), "from offset 2 on");
        assertFalse(polled.get("msgs").has("k9"), "a key without messages is left out: " + polled);

        ObjectNode commit = body("commit_offsets");
        commit.putObject("offsets").put("k0", sent.get(0).get(3));
        assertEquals("commit_offsets_ok", d.call(c, "n1", commit, WAIT).get("type").asText());
        ObjectNode list = body("list_committed_offsets");
        list.putArray("keys").add("k0").add("k1");
        JsonNode listed = d.call(c, "n0", list, WAIT);
        assertEquals("{\"k0\":" + sent.get(0).get(3) + "}", listed.get("offsets").toString(), "the offset committed; k1 has none");
    }

    /** {@code [[offset, msg] ...]} of the messages {@code first}, {@code first + 2} ... sent at {@code offsets}. */
    private static String pairs(List<Long> offsets, int first) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < offsets.size(); i++) {
            b.append(i == 0 ? "" : ",").append('[').append(offsets.get(i)).append(',').append(first + 2 * i).append(']');
        }
        return b.append(']').toString();
    }

    @Test
    void linKvReadsWritesAndCompareAndSetsWithMaelstromsErrorCodes() throws Exception {
        MaelstromDriver d = start("lin-kv", 3);
        d.init();
        String c = d.openClient();
        String leader = null;
        JsonNode missing = null;
        long deadline = System.nanoTime() + Bundled.PATIENCE.toNanos();
        while (leader == null && System.nanoTime() < deadline) { // the leader, once elected, says key 7 does not exist
            for (String n : d.nodeIds()) {
                JsonNode r = d.call(c, n, body("read").put("key", 7), WAIT);
                if (r != null && r.path("code").asInt() == 20) {
                    leader = n;
                    missing = r;
                }
            }
            Thread.sleep(20);
        }
        assertNotNull(leader, "a leader answered");
        assertError(20, missing, "a read of a key never written");
        assertEquals("write_ok", d.call(c, leader, body("write").put("key", 1).put("value", 3), WAIT).get("type").asText());
        assertEquals(3, d.call(c, leader, body("read").put("key", 1), WAIT).get("value").asLong());
        assertEquals("cas_ok", d.call(c, leader, body("cas").put("key", 1).put("from", 3).put("to", 0), WAIT).get("type").asText());
        assertEquals(0, d.call(c, leader, body("read").put("key", 1), WAIT).get("value").asLong(), "0 is a value, not absence");
        assertError(22, d.call(c, leader, body("cas").put("key", 1).put("from", 3).put("to", 4), WAIT), "cas from a value it is not");
        assertError(20, d.call(c, leader, body("cas").put("key", 2).put("from", 0).put("to", 1), WAIT), "cas on a key never written");
        assertEquals("write_ok", d.call(c, leader, body("write").put("key", 2).put("value", -5), WAIT).get("type").asText());
        assertEquals(-5, d.call(c, leader, body("read").put("key", 2), WAIT).get("value").asLong(), "negative values too");
        for (String n : d.nodeIds()) {
            if (!n.equals(leader)) {
                JsonNode e = d.call(c, n, body("read").put("key", 1), WAIT);
                assertError(11, e, "a follower");
                assertTrue(e.get("text").asText().contains("not leader"), e.toString());
            }
        }
    }

    @Test
    void aNodeGivenAStorageDirectoryReadsWhatItsPredecessorLogged(@TempDir Path dir) throws Exception {
        MaelstromWorkloads.Bundled w = MaelstromWorkloads.named("broadcast");
        try (MaelstromDriver d = MaelstromDriver.inProcess(1, id -> w.builder(ScenarioOptions.defaults()).seed(1).storageDirectory(dir))) {
            d.init();
            String c = d.openClient();
            for (long m = 1; m <= 3; m++) {
                assertEquals("broadcast_ok", d.call(c, "n0", body("broadcast").put("message", m), WAIT).get("type").asText());
            }
            assertEquals(List.of(), d.violations());
        }
        assertTrue(Files.isRegularFile(dir.resolve("n0").resolve("messages.log")), "the node's log is a file in DIR/n0");
        try (MaelstromDriver d = MaelstromDriver.inProcess(1, id -> w.builder(ScenarioOptions.defaults()).seed(1).storageDirectory(dir))) {
            d.init();
            assertEquals(List.of(1L, 2L, 3L), longs(d.call(d.openClient(), "n0", body("read"), WAIT).get("messages")),
                    "a new process on the same directory has the messages its predecessor made durable");
            assertEquals(List.of(), d.violations());
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    static void assertError(int code, JsonNode e, String what) {
        assertNotNull(e, what + ": an answer");
        assertEquals("error", e.get("type").asText(), what + ": " + e);
        assertEquals(code, e.get("code").asInt(), what + ": " + e);
        assertTrue(e.get("in_reply_to").isIntegralNumber() && e.get("text").isTextual(), what + ": " + e);
    }
}
