package dev.dst.examples.maelstrom;

import static dev.dst.examples.maelstrom.Bundled.WAIT;
import static dev.dst.maelstrom.MaelstromDriver.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dst.maelstrom.MaelstromDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Broadcast and g-counter nodes under {@link MaelstromDriver} with a partition: while it lasts,
 * no node sees what was given to the other side (the partition really cuts); once it heals,
 * every node reads the same full set (broadcast) or the same total (g-counter). Nothing is timed
 * against a bound: the nodes are read in rounds until they agree, for at most a minute, and the
 * rounds and milliseconds it took are printed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class MaelstromConvergenceTest {
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void broadcastNodesReadEveryMessageOnceThePartitionHeals() throws Exception {
        try (MaelstromDriver d = Bundled.inProcess("broadcast", 5)) {
            d.init();
            String c = d.openClient();
            d.partition(List.of(Set.of("n0", "n1"), Set.of("n2", "n3", "n4")));
            Set<Long> all = new TreeSet<>();
            for (long m = 0; m < 40; m++) {
                String node = "n" + m % 5;
                assertEquals("broadcast_ok", d.call(c, node, body("broadcast").put("message", m), WAIT).get("type").asText());
                all.add(m);
            }
            for (String n : d.nodeIds()) {
                Set<Long> read = read(d, c, n);
                boolean small = n.equals("n0") || n.equals("n1");
                for (long m : read) {
                    assertEquals(small, m % 5 < 2, n + " has " + m + ", broadcast on the other side of the partition");
                }
            }
            long droppedBefore = d.dropped();
            assertTrue(droppedBefore > 0, "the partition dropped gossip");

            d.heal();
            long healed = System.nanoTime();
            int rounds = 0;
            List<String> behind = d.nodeIds();
            while (!behind.isEmpty() && System.nanoTime() - healed < PATIENCE_NANOS) {
                rounds++;
                List<String> still = new ArrayList<>();
                for (String n : behind) {
                    if (!read(d, c, n).equals(all)) {
                        still.add(n);
                    }
                }
                behind = still;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed);
            assertEquals(List.of(), behind, "nodes still missing messages a minute after the heal");
            System.out.printf("maelstrom broadcast: 5 nodes, 40 messages, partition {n0 n1} | {n2 n3 n4}: %d messages dropped by it;"
                    + " every node read all 40 after %d read rounds, %d ms after the heal%n", droppedBefore, rounds, millis);
        }
    }

    @Test
    void gCounterNodesReadTheSameTotalOnceThePartitionHeals() throws Exception {
        try (MaelstromDriver d = Bundled.inProcess("g-counter", 3)) {
            d.init();
            String c = d.openClient();
            d.partition(List.of(Set.of("n0"), Set.of("n1", "n2")));
            long total = 0;
            long alone = 0;
            for (int i = 1; i <= 30; i++) {
                String node = "n" + i % 3;
                assertEquals("add_ok", d.call(c, node, body("add").put("delta", i), WAIT).get("type").asText());
                total += i;
                alone += node.equals("n0") ? i : 0;
            }
            long waited = System.nanoTime();
            while (d.dropped() < 10 && System.nanoTime() - waited < PATIENCE_NANOS) { // gossip rounds the partition cut
                Thread.sleep(5);
            }
            assertTrue(d.dropped() >= 10, "the partition dropped gossip");
            assertEquals(alone, value(d, c, "n0"), "n0, cut off, counts its own adds only");
            long n1 = value(d, c, "n1");
            assertTrue(n1 <= total - alone, "n1 counts its side's adds at most: " + n1 + " of " + (total - alone));

            d.heal();
            long healed = System.nanoTime();
            int rounds = 0;
            List<String> behind = d.nodeIds();
            while (!behind.isEmpty() && System.nanoTime() - healed < PATIENCE_NANOS) {
                rounds++;
                List<String> still = new ArrayList<>();
                for (String n : behind) {
                    if (value(d, c, n) != total) {
                        still.add(n);
                    }
                }
                behind = still;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed);
            assertEquals(List.of(), behind, "nodes not at the total " + total + " a minute after the heal");
            System.out.printf("maelstrom g-counter: 3 nodes, 30 adds, partition {n0} | {n1 n2}: every node read %d after %d read rounds,"
                    + " %d ms after the heal (%d gossip messages dropped by the partition)%n", total, rounds, millis, d.dropped());
        }
    }

    private static Set<Long> read(MaelstromDriver d, String client, String node) throws InterruptedException {
        JsonNode r = d.call(client, node, body("read"), WAIT);
        Set<Long> out = new TreeSet<>();
        r.get("messages").forEach(m -> out.add(m.asLong()));
        return out;
    }

    private static long value(MaelstromDriver d, String client, String node) throws InterruptedException {
        return d.call(client, node, body("read"), WAIT).get("value").asLong();
    }
}
