package dev.dst.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading a request body's fields and building answer bodies, for workload codecs. A field that
 * is missing or of the wrong kind is a {@link MaelstromError.Code#MALFORMED_REQUEST} that quotes
 * the field, what was expected and what came.
 */
public final class Bodies {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Bodies() {}

    /** A new answer body {@code {"type": type}}; the adapter adds {@code msg_id} and {@code in_reply_to}. */
    public static ObjectNode body(String type) {
        return JSON.objectNode().put("type", type);
    }

    public static ObjectNode object() {
        return JSON.objectNode();
    }

    public static ArrayNode array() {
        return JSON.arrayNode();
    }

    /** Field {@code name}, of any kind (JSON {@code null} included). */
    public static JsonNode field(JsonNode body, String name) throws MaelstromError {
        JsonNode v = body.get(name);
        if (v == null) {
            throw MaelstromError.malformed(what(body) + " has no field '" + name + "'");
        }
        return v;
    }

    /** Field {@code name} as an integer that fits a {@code long}. */
    public static long integer(JsonNode body, String name) throws MaelstromError {
        return integerValue(field(body, name), what(body) + " field '" + name + "'");
    }

    /** {@code v} as an integer that fits a {@code long}; {@code what} names it in the error. */
    public static long integerValue(JsonNode v, String what) throws MaelstromError {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw MaelstromError.malformed(what + " must be an integer (64 bits), not " + v);
        }
        return v.asLong();
    }

    /** Field {@code name} as a string. */
    public static String string(JsonNode body, String name) throws MaelstromError {
        JsonNode v = field(body, name);
        if (!v.isTextual()) {
            throw MaelstromError.malformed(what(body) + " field '" + name + "' must be a string, not " + v);
        }
        return v.asText();
    }

    /** Field {@code name} as a JSON object. */
    public static ObjectNode object(JsonNode body, String name) throws MaelstromError {
        JsonNode v = field(body, name);
        if (!v.isObject()) {
            throw MaelstromError.malformed(what(body) + " field '" + name + "' must be an object, not " + v);
        }
        return (ObjectNode) v;
    }

    /** Field {@code name} as a JSON array. */
    public static ArrayNode array(JsonNode body, String name) throws MaelstromError {
        JsonNode v = field(body, name);
        if (!v.isArray()) {
            throw MaelstromError.malformed(what(body) + " field '" + name + "' must be an array, not " + v);
        }
        return (ArrayNode) v;
    }

    /** "a 'broadcast' body", for messages. */
    static String what(JsonNode body) {
        JsonNode t = body.get("type");
        return t != null && t.isTextual() ? "a '" + t.asText() + "' body" : "the body";
    }
}
