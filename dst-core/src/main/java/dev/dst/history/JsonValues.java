package dev.dst.history;

import dev.dst.trace.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader and writer for one line of dst JSONL (dst-core carries no JSON library).
 * Objects become insertion-ordered maps, arrays lists, integers {@code Long}, other numbers
 * {@code Double}. Errors are {@link HistoryFormatException}s on the line given.
 */
final class JsonValues {
    private final String text;
    private final int line;
    private int pos;

    private JsonValues(String text, int line) {
        this.text = text;
        this.line = line;
    }

    static Object parse(String text, int line) {
        JsonValues r = new JsonValues(text, line);
        Object v = r.value(0);
        r.skipSpace();
        if (r.pos != text.length()) {
            throw r.error("unexpected '" + text.charAt(r.pos) + "' after the JSON value");
        }
        return v;
    }

    private HistoryFormatException error(String reason) {
        return new HistoryFormatException(line, reason);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Object value(int depth) {
        if (depth > Edn.MAX_DEPTH) {
            throw error("nesting deeper than " + Edn.MAX_DEPTH);
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of line in JSON");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': {
                pos++;
                Map<Object, Object> m = new LinkedHashMap<>();
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return m;
                }
                while (true) {
                    skipSpace();
                    if (peek() != '"') {
                        throw error("expected a string key in JSON object");
                    }
                    pos++;
                    String k = string();
                    skipSpace();
                    expect(':');
                    m.put(k, value(depth + 1));
                    skipSpace();
                    char n = next();
                    if (n == '}') {
                        return m;
                    }
                    if (n != ',') {
                        throw error("expected ',' or '}' in JSON object");
                    }
                }
            }
            case '[': {
                pos++;
                List<Object> l = new ArrayList<>();
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return l;
                }
                while (true) {
                    l.add(value(depth + 1));
                    skipSpace();
                    char n = next();
                    if (n == ']') {
                        return l;
                    }
                    if (n != ',') {
                        throw error("expected ',' or ']' in JSON array");
                    }
                }
            }
            case '"':
                pos++;
                return string();
            default:
                return literal();
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of line in JSON");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "' in JSON");
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case '/': sb.append('/'); break;
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case 'u': {
                    if (pos + 4 > text.length()) {
                        throw error("truncated \\u escape in JSON string");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(pos++), 16);
                        if (d < 0) {
                            throw error("bad \\u escape in JSON string");
                        }
                        v = v * 16 + d;
                    }
                    sb.append((char) v);
                    break;
                }
                default: throw error("unknown escape '\\" + e + "' in JSON string");
            }
        }
    }

    private Object literal() {
        int start = pos;
        while (pos < text.length() && "{}[],:\" \t\r\n".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String t = text.substring(start, pos);
        switch (t) {
            case "null": return null;
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            case "": throw error("unexpected '" + text.charAt(pos) + "' in JSON");
            default: break;
        }
        try {
            if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
                return Double.parseDouble(t);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error("bad JSON value '" + t + "'");
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
