package dev.dst.examples.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.maelstrom.MaelstromDriver;
import dev.dst.scenario.ScenarioOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/** Test helpers: a driver over bundled nodes in this JVM, and calls retried until their answer satisfies a test. */
final class Bundled {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Bundled() {}

    static MaelstromDriver inProcess(String workload, int nodes) throws IOException {
        MaelstromWorkloads.Bundled w = MaelstromWorkloads.named(workload);
        return MaelstromDriver.inProcess(nodes, id -> w.builder(ScenarioOptions.defaults()).seed(id.hashCode()));
    }

    /** Calls until the answer satisfies {@code done} (another try after 10 ms), for at most {@link #PATIENCE}; the last answer. */
    static JsonNode until(MaelstromDriver d, String client, String node, ObjectNode body, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = d.call(client, node, body.deepCopy(), WAIT);
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(10);
        }
        return last;
    }

    static boolean isOk(JsonNode answer, String type) {
        return answer != null && answer.path("type").asText().equals(type);
    }
}
