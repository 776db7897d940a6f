package dev.dst.history;

import dev.dst.trace.Json;


/**
 * JSON for history lines: {@link Json}'s reader with errors as {@link HistoryFormatException}s on
 * the line given, and a writer that prints non-string keys (EDN values) in their EDN form.
 */
final class JsonValues {
    private JsonValues() {}

    static Object parse(String text, int line) {
        try {
            return Json.parse(text);
        } catch (Json.ParseException e) {
            throw new HistoryFormatException(line, e.reason());
        }
    }

    /** A value as JSON; map keys that are not strings (EDN keys of histories) in their EDN form. */
    static void write(StringBuilder sb, Object v) {
        Json.write(sb, v, Edn::write);
    }

    /** The same escapes serve EDN and JSON strings. */
    static void writeString(StringBuilder sb, String s) {
        Json.string(sb, s);
    }
}
