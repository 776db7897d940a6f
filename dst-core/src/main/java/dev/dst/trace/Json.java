package dev.dst.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dst-core's one JSON approach (the core carries no JSON library): a string escaper, a writer
 * of maps, lists, strings, numbers and booleans, and a reader of one JSON value per line (dst's
 * JSONL files: traces, histories, sweep results). Objects read as insertion-ordered maps,
 * arrays as lists, integers as {@code Long}, other numbers as {@code Double}. A malformed
 * value is a {@link ParseException} that says what was expected and where.
 */
public final class Json {
    /** Values nested deeper than this are refused rather than overflowing the stack. */
    public static final int MAX_DEPTH = 500;

    /** A line that is not the JSON it should be; the message names the column. */
    public static final class ParseException extends IllegalArgumentException {
        private final String reason;
        private final int column;

        ParseException(String reason, int column) {
            super(reason + " (column " + column + ")");
            this.reason = reason;
            this.column = column;
        }

        /** What was wrong, without the column. */
        public String reason() {
            return reason;
        }

        /** 1-based column of the character where reading stopped. */
        public int column() {
            return column;
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Reads one JSON value that must fill {@code text} (surrounding white space aside). */
    public static Object parse(String text) {
        Json r = new Json(text);
        Object v = r.value(0);
        r.skipSpace();
        if (r.pos != text.length()) {
            throw r.error("unexpected '" + text.charAt(r.pos) + "' after the JSON value");
        }
        return v;
    }

    /** Reads a JSON object; anything else is a {@link ParseException}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map<?, ?>)) {
            throw new ParseException("expected a JSON object, got " + (v == null ? "null" : v.getClass().getSimpleName()), 1);
        }
        return (Map<String, Object>) v;
    }

    private ParseException error(String reason) {
        return new ParseException(reason, pos + 1);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
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


    /** {@code value} as JSON: maps (keys as strings), iterables, strings, numbers, booleans, null; anything else as its string. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    public static void write(StringBuilder sb, Object v) {
        write(sb, v, String::valueOf);
    }

    /** As {@link #write(StringBuilder, Object)}, with map keys that are not strings written as {@code keys} says. */
    public static void write(StringBuilder sb, Object v, java.util.function.Function<Object, String> keys) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            string(sb, d.toString());
        } else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
            string(sb, f.toString());
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
                write(sb, o, keys);
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
                string(sb, k instanceof String ks ? ks : keys.apply(k));
                sb.append(':');
                write(sb, e.getValue(), keys);
            }
            sb.append('}');
        } else {
            string(sb, v.toString());
        }
    }

    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        string(sb, s);
        return sb.toString();
    }
}
