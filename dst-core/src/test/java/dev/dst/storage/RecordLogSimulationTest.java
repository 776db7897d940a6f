package dev.dst.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node that keeps a record log, crashed and restarted by a real simulation: every life finds a prefix of what it appended. */
final class RecordLogSimulationTest {
    private static final long MS = 1_000_000L;

    /** What the node appended and synced, across its lives, as the test sees it. */
    static final class Oracle {
        List<String> appended = new ArrayList<>();
        int synced;
        int lives;
        int tornTails;
        final List<String> failures = new ArrayList<>();
    }

    static final class Appender implements Node {
        private final Oracle oracle;
        private RecordLog log;
        private int life;

        Appender(Oracle oracle) {
            this.oracle = oracle;
        }

        @Override
        public void onStart(NodeContext ctx) {
            life = ++oracle.lives;
            log = RecordLog.open(ctx.storage(), "log", 1);
            List<String> found = log.records().stream().map(b -> new String(b, UTF_8)).toList();
            boolean prefix = found.size() <= oracle.appended.size() && found.equals(oracle.appended.subList(0, found.size()));
            if (!prefix || found.size() < oracle.synced) {
                oracle.failures.add("life " + life + " found " + found + ", appended " + oracle.appended + ", synced " + oracle.synced);
            }
            if (log.droppedBytes() > 0) {
                oracle.tornTails++;
            }
            oracle.appended = new ArrayList<>(found);
            ctx.setTimer(MS, "append");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            String record = "life " + life + ", record " + log.nextIndex();
            log.append(record.getBytes(UTF_8));
            oracle.appended.add(record);
            if (ctx.random().below(3) == 0) {
                log.fsync();
                oracle.synced = oracle.appended.size();
            }
            ctx.setTimer(MS, "append");
        }
    }

    @Test
    void everyRestartFindsTheSyncedRecordsAndAPrefixOfTheRest() {
        int tornTails = 0;
        for (long seed = 0; seed < 40; seed++) {
            Oracle oracle = new Oracle();
            Simulation sim = Simulation.create(seed);
            int node = sim.addNode("logger", ctx -> new Appender(oracle));
            for (int i = 1; i <= 8; i++) {
                sim.schedule(Duration.ofNanos(i * 7_300_000L), "power loss", () -> {
                    sim.crash(node, true);
                    sim.restart(node);
                });
            }
            sim.runFor(Duration.ofMillis(70));
            assertEquals(List.of(), oracle.failures, "seed " + seed);
            assertEquals(9, oracle.lives, "seed " + seed);
            tornTails += oracle.tornTails;
        }
        assertTrue(tornTails > 0, "some power loss tore an append");
    }
}
