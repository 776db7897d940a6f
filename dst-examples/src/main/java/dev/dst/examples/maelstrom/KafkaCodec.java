package dev.dst.examples.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.maelstrom.Bodies;
import dev.dst.maelstrom.Call;
import dev.dst.maelstrom.MaelstromError;
import dev.dst.maelstrom.MaelstromWorkload;
import dev.dst.node.ClientOp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Maelstrom's {@code kafka} for the {@code kafka-log} scenario's replica, whose operations are
 * about one key each: a request about several keys is one operation per key, answered once every
 * one was.
 *
 * <ul>
 *   <li>{@code send {key, msg}}: {@code send [key msg]}; {@code send_ok} with the node's offset.
 *       Messages are integers (the node keeps longs).</li>
 *   <li>{@code poll {offsets: {k: o}}}: {@code poll [k o]} per key; {@code poll_ok} with
 *       {@code msgs: {k: [[offset, msg] ...]}}, keys without messages left out.</li>
 *   <li>{@code commit_offsets {offsets: {k: o}}}: {@code commit_offsets [k o+1]} per key.
 *       Maelstrom commits the last offset processed, the node the position to read next (one
 *       past it).</li>
 *   <li>{@code list_committed_offsets {keys: [k ...]}}: {@code list_committed_offsets k} per key;
 *       the node's position {@code p} is offset {@code p-1}, and a key with none committed
 *       ({@code p = 0}) is left out.</li>
 * </ul>
 */
final class KafkaCodec implements MaelstromWorkload {
    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Call call(String type, JsonNode body) throws MaelstromError {
        return switch (type) {
            case "send" -> Call.write(new ClientOp("send", List.of(Bodies.string(body, "key"), Bodies.integer(body, "msg"))),
                    v -> Bodies.body("send_ok").put("offset", (Long) ((List<?>) v.get(0)).get(1)));
            case "poll" -> poll(body);
            case "commit_offsets" -> commit(body);
            case "list_committed_offsets" -> listCommitted(body);
            default -> throw MaelstromError.notSupported("the kafka workload has send, poll, commit_offsets and list_committed_offsets, not '"
                    + type + "'");
        };
    }

    private static Call poll(JsonNode body) throws MaelstromError {
        List<ClientOp> ops = new ArrayList<>();
        for (Map.Entry<String, Long> e : offsets(body)) {
            ops.add(new ClientOp("poll", List.of(e.getKey(), e.getValue())));
        }
        return Call.reads(ops, values -> {
            ObjectNode b = Bodies.body("poll_ok");
            ObjectNode msgs = b.putObject("msgs");
            for (Object v : values) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    List<?> records = (List<?>) e.getValue();
                    if (records.isEmpty()) {
                        continue;
                    }
                    ArrayNode pairs = msgs.putArray((String) e.getKey());
                    for (Object r : records) {
                        List<?> pair = (List<?>) r;
                        pairs.addArray().add((Long) pair.get(0)).add((Long) pair.get(1));
                    }
                }
            }
            return b;
        });
    }

    private static Call commit(JsonNode body) throws MaelstromError {
        List<ClientOp> ops = new ArrayList<>();
        for (Map.Entry<String, Long> e : offsets(body)) {
            if (e.getValue() == Long.MAX_VALUE) {
                throw MaelstromError.malformed("offset " + e.getValue() + " of key " + e.getKey() + " has no next offset");
            }
            ops.add(new ClientOp("commit_offsets", List.of(e.getKey(), e.getValue() + 1)));
        }
        return Call.writes(ops, values -> Bodies.body("commit_offsets_ok"));
    }

    private static Call listCommitted(JsonNode body) throws MaelstromError {
        List<ClientOp> ops = new ArrayList<>();
        for (JsonNode k : Bodies.array(body, "keys")) {
            if (!k.isTextual()) {
                throw MaelstromError.malformed("keys must be strings, not " + k);
            }
            ops.add(new ClientOp("list_committed_offsets", k.asText()));
        }
        return Call.reads(ops, values -> {
            ObjectNode b = Bodies.body("list_committed_offsets_ok");
            ObjectNode offsets = b.putObject("offsets");
            for (Object v : values) {
                List<?> keyPosition = (List<?>) v;
                long position = (Long) keyPosition.get(1);
                if (position > 0) {
                    offsets.put((String) keyPosition.get(0), position - 1);
                }
            }
            return b;
        });
    }

    /** The {@code offsets} map of a body: key to a non-negative offset, in the body's order. */
    private static List<Map.Entry<String, Long>> offsets(JsonNode body) throws MaelstromError {
        List<Map.Entry<String, Long>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = Bodies.object(body, "offsets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long offset = Bodies.integerValue(e.getValue(), "the offset of key " + e.getKey());
            if (offset < 0) {
                throw MaelstromError.malformed("the offset of key " + e.getKey() + " is negative: " + offset);
            }
            out.add(Map.entry(e.getKey(), offset));
        }
        return out;
    }
}
