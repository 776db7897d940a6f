package dev.dst.examples.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dst.maelstrom.Bodies;
import dev.dst.maelstrom.Call;
import dev.dst.maelstrom.MaelstromError;
import dev.dst.maelstrom.MaelstromWorkload;
import dev.dst.node.ClientOp;

/**
 * Maelstrom's {@code unique-ids} for the {@code unique-ids} scenario's server:
 * {@code {"type": "generate"}} is {@code generate}, answered {@code generate_ok} with
 * {@code "id"}: the server's {@code node << 40 | sequence}, an integer.
 */
final class UniqueIdsCodec implements MaelstromWorkload {
    @Override
    public String name() {
        return "unique-ids";
    }

    @Override
    public Call call(String type, JsonNode body) throws MaelstromError {
        if (!type.equals("generate")) {
            throw MaelstromError.notSupported("the unique-ids workload has generate, not '" + type + "'");
        }
        return Call.write(new ClientOp("generate", null), v -> Bodies.body("generate_ok").put("id", (Long) v.get(0)));
    }
}
