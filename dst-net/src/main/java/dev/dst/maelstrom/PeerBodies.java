package dev.dst.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.codec.Codec;
import dev.dst.codec.CodecException;
import dev.dst.node.Reply;
import dev.dst.node.Request;

import java.util.Base64;

/**
 * Node-to-node messages as Maelstrom bodies: {@code {"type": "dst_Gossip", "msg_id": 7, "dst": "<base64>"}},
 * the base64 of the message's bytes in the dst codec. Only dst adapters read them; the type
 * names the message's class so that Maelstrom's message diagrams say what travelled.
 */
final class PeerBodies {
    static final String FIELD = "dst";
    static final String TYPE_PREFIX = "dst_";

    private final Codec codec;

    PeerBodies(Codec codec) {
        this.codec = codec;
    }

    ObjectNode encode(Object message) {
        ObjectNode body = Bodies.body(TYPE_PREFIX + label(message));
        body.put(FIELD, Base64.getEncoder().encodeToString(codec.encode(message)));
        return body;
    }

    /** The message in a peer's body. */
    Object decode(JsonNode body) throws MaelstromError {
        JsonNode data = body.get(FIELD);
        if (data == null || !data.isTextual()) {
            throw MaelstromError.notSupported(Bodies.what(body) + " from a node: dst nodes send each other dst bodies only"
                    + " (type " + TYPE_PREFIX + "*, the message in field '" + FIELD + "')");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw MaelstromError.malformed("field '" + FIELD + "' is not base64: " + e.getMessage());
        }
        try {
            return codec.decode(bytes);
        } catch (CodecException e) {
            throw MaelstromError.malformed("field '" + FIELD + "' does not decode: " + e.getMessage());
        }
    }

    private static String label(Object message) {
        if (message instanceof Request r && r.op() != null) {
            return "Request_" + simpleName(r.op());
        }
        if (message instanceof Reply) {
            return "Reply";
        }
        return simpleName(message);
    }

    private static String simpleName(Object o) {
        String s = o == null ? "null" : o.getClass().getSimpleName();
        return s.isEmpty() ? "message" : s;
    }
}
