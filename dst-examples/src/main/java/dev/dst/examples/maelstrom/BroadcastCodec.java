package dev.dst.examples.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.maelstrom.Bodies;
import dev.dst.maelstrom.Call;
import dev.dst.maelstrom.MaelstromError;
import dev.dst.maelstrom.MaelstromWorkload;
import dev.dst.node.ClientOp;

import java.util.List;

/**
 * Maelstrom's {@code broadcast} for the {@code broadcast} scenario's node:
 * {@code {"type": "broadcast", "message": 5}} is {@code broadcast 5} (answered
 * {@code broadcast_ok} once the node logged it), {@code read} is {@code read} (answered
 * {@code read_ok} with the node's messages, sorted), and {@code topology} is answered
 * {@code topology_ok} by the adapter alone: the node floods to every peer and retransmits what a
 * peer has not acknowledged, whatever the topology says. Messages are integers (the node keeps
 * longs).
 */
final class BroadcastCodec implements MaelstromWorkload {
    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public Call call(String type, JsonNode body) throws MaelstromError {
        return switch (type) {
            case "topology" -> {
                Bodies.object(body, "topology");
                yield Call.answered(Bodies.body("topology_ok"));
            }
            case "broadcast" -> Call.write(new ClientOp("broadcast", Bodies.integer(body, "message")), v -> Bodies.body("broadcast_ok"));
            case "read" -> Call.read(new ClientOp("read", null), BroadcastCodec::readOk);
            default -> throw MaelstromError.notSupported("the broadcast workload has topology, broadcast and read, not '" + type + "'");
        };
    }

    private static ObjectNode readOk(List<Object> values) {
        ObjectNode b = Bodies.body("read_ok");
        ArrayNode messages = b.putArray("messages");
        for (Object m : (List<?>) values.get(0)) {
            messages.add((Long) m);
        }
        return b;
    }
}
