package dev.dst.examples.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dst.maelstrom.Bodies;
import dev.dst.maelstrom.Call;
import dev.dst.maelstrom.MaelstromError;
import dev.dst.maelstrom.MaelstromWorkload;
import dev.dst.node.ClientOp;

/**
 * Maelstrom's {@code g-counter} for the {@code g-counter} scenario's CRDT replica:
 * {@code {"type": "add", "delta": 3}} is {@code add 3} (answered {@code add_ok} once the replica
 * made it durable), {@code read} is {@code read} (answered {@code read_ok} with
 * {@code "value"}, the replica's sum). A negative delta is refused: the counter only grows.
 */
final class GCounterCodec implements MaelstromWorkload {
    @Override
    public String name() {
        return "g-counter";
    }

    @Override
    public Call call(String type, JsonNode body) throws MaelstromError {
        return switch (type) {
            case "add" -> {
                long delta = Bodies.integer(body, "delta");
                if (delta < 0) {
                    throw MaelstromError.malformed("a g-counter only grows: delta " + delta + " is negative");
                }
                yield Call.write(new ClientOp("add", delta), v -> Bodies.body("add_ok"));
            }
            case "read" -> Call.read(new ClientOp("read", null), v -> Bodies.body("read_ok").put("value", (Long) v.get(0)));
            default -> throw MaelstromError.notSupported("the g-counter workload has add and read, not '" + type + "'");
        };
    }
}
