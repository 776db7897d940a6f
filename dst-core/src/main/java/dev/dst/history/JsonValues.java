package dev.dst.history;

import dev.dst.trace.Json;

import java.util.Map;

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

    static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            writeString(sb, s);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            writeString(sb, d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Iterable<?> items) {
            sb.append('[');
            boolean first = true;
            for (Object o : items) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Object k = e.getKey();
                writeString(sb, k instanceof String s ? s : Edn.write(k));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else {
            writeString(sb, v.toString());
        }
    }

    /** The same escapes serve EDN and JSON strings. */
    static void writeString(StringBuilder sb, String s) {
        Json.string(sb, s);
    }
}
