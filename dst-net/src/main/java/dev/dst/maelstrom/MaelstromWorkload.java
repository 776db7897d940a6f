package dev.dst.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Maelstrom workload's client protocol, mapped to a dst node's operations: a codec from the
 * JSON bodies Maelstrom's clients send ({@code {"type": "add", "delta": 3}}) to the operation
 * objects the node's {@code onRequest} accepts, and from the node's replies back to
 * {@code *_ok} bodies or errors. Node-to-node messages never pass through it: they travel as
 * opaque dst bodies between adapters.
 */
public interface MaelstromWorkload {
    /** The workload's name, as Maelstrom's {@code -w} option spells it ({@code g-counter}). */
    String name();

    /**
     * What the request {@code body} of type {@code type} asks of the node (called for every
     * client request; {@code init} never comes here).
     *
     * @throws MaelstromError {@code not-supported} (10) for a type the workload does not have,
     *                        {@code malformed-request} (12) for a body it cannot map
     */
    Call call(String type, JsonNode body) throws MaelstromError;
}
