package dev.dst.examples.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dst.maelstrom.Bodies;
import dev.dst.maelstrom.Call;
import dev.dst.maelstrom.MaelstromError;
import dev.dst.maelstrom.MaelstromError.Code;
import dev.dst.maelstrom.MaelstromWorkload;
import dev.dst.node.ClientOp;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maelstrom's {@code lin-kv} for the {@code raft-kv} scenario's Raft server. Keys and values are
 * integers. Raft-kv's keys all start at 0, Maelstrom's do not exist until written, so the node
 * stores a value {@code v >= 0} as {@code v + 1} (a negative one as it is) and 0 means "no such key":
 *
 * <ul>
 *   <li>{@code read {key}}: {@code get [key]}; {@code read_ok} with the value, or
 *       {@code key-does-not-exist} (20) when the node has 0.</li>
 *   <li>{@code write {key, value}}: {@code put [key stored(value)]}; {@code write_ok}.</li>
 *   <li>{@code cas {key, from, to}}: {@code cas [key [stored(from) stored(to)]]}; {@code cas_ok}, or when the
 *       node found another value: {@code key-does-not-exist} (20) if it found 0, else
 *       {@code precondition-failed} (22).</li>
 * </ul>
 *
 * A server that is not the leader answers "not leader", a definite failure:
 * {@code temporarily-unavailable} (11), as are the node's other failures.
 */
final class LinKvCodec implements MaelstromWorkload {
    /** What raft-kv's state machine says when a cas finds another value (KvStore). */
    static final Pattern CAS_MISMATCH = Pattern.compile("cas: expected (-?\\d+), found (-?\\d+)");

    @Override
    public String name() {
        return "lin-kv";
    }

    @Override
    public Call call(String type, JsonNode body) throws MaelstromError {
        return switch (type) {
            case "read" -> Call.read(new ClientOp("get", Arrays.asList(Bodies.integer(body, "key"), null)), v -> {
                long stored = (Long) ((List<?>) v.get(0)).get(1);
                if (stored == 0) {
                    throw new MaelstromError(Code.KEY_DOES_NOT_EXIST, "key " + body.get("key") + " does not exist");
                }
                return Bodies.body("read_ok").put("value", value(stored));
            });
            case "write" -> Call.write(new ClientOp("put", List.of(Bodies.integer(body, "key"), stored(body, "value"))),
                    v -> Bodies.body("write_ok"));
            case "cas" -> cas(body);
            default -> throw MaelstromError.notSupported("the lin-kv workload has read, write and cas, not '" + type + "'");
        };
    }

    private static Call cas(JsonNode body) throws MaelstromError {
        if (body.path("create_if_not_exists").asBoolean(false)) {
            throw MaelstromError.notSupported("cas with create_if_not_exists: raft-kv's cas needs the key to exist");
        }
        long key = Bodies.integer(body, "key");
        ClientOp op = new ClientOp("cas", List.of(key, List.of(stored(body, "from"), stored(body, "to"))));
        return Call.write(op, v -> Bodies.body("cas_ok")).onFailure(reason -> {
            Matcher m = CAS_MISMATCH.matcher(String.valueOf(reason));
            if (!m.matches()) {
                return MaelstromError.unavailable(String.valueOf(reason));
            }
            long found = Long.parseLong(m.group(2));
            return found == 0
                    ? new MaelstromError(Code.KEY_DOES_NOT_EXIST, "key " + key + " does not exist")
                    : new MaelstromError(Code.PRECONDITION_FAILED, "key " + key + " is " + value(found) + ", not " + body.get("from"));
        });
    }

    /** A value field as the node stores it: never 0, which is "no such key". */
    private static long stored(JsonNode body, String field) throws MaelstromError {
        long v = Bodies.integer(body, field);
        if (v == Long.MAX_VALUE) {
            throw MaelstromError.malformed(field + " " + v + " is too large: raft-kv stores a value v >= 0 as v + 1");
        }
        return v >= 0 ? v + 1 : v;
    }

    /** The value the node stores as {@code stored} (not 0). */
    static long value(long stored) {
        assert stored != 0;
        return stored > 0 ? stored - 1 : stored;
    }
}
