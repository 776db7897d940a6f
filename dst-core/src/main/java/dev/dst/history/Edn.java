package dev.dst.history;

import dev.dst.trace.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small EDN reader and writer, enough for Jepsen histories (dst-core carries no parser library).
 *
 * <p>Reads vectors and lists (as {@code List}), maps (as insertion-ordered {@code Map}), sets
 * (as insertion-ordered {@code Set}), keywords and symbols (as {@code String}, without the
 * {@code ':'}), strings with escapes, characters (as one-character strings), integers (as
 * {@code Long}), floats (as {@code Double}), {@code nil}, {@code true}, {@code false},
 * comments ({@code ;} to end of line), commas as whitespace, {@code #_} discards and tagged
 * values ({@code #inst "..."}, {@code #jepsen.history.Op{...}}: the tag is dropped). Nesting
 * deeper than {@value #MAX_DEPTH} is rejected rather than overflowing the stack. Every error
 * is a {@link HistoryFormatException} with the line it occurred on.
 */
public final class Edn {
    static final int MAX_DEPTH = 500;
    private static final Object DISCARDED = new Object();

    private final String text;
    private int pos;
    private int line = 1;

    private Edn(String text) {
        this(text, 1);
    }

    private Edn(String text, int firstLine) {
        this.text = text;
        this.line = firstLine;
    }

    /** A top-level form and the 1-based line it starts on. */
    public record Form(Object value, int line) {}

    /** Reads every top-level form of {@code text}. Costs one pass over the text. */
    public static List<Form> readAll(String text) {
        Edn r = new Edn(text);
        List<Form> forms = new ArrayList<>();
        while (true) {
            r.skipSpace();
            if (r.pos >= r.text.length()) {
                return forms;
            }
            int start = r.line;
            Object v = r.read(0);
            if (v != DISCARDED) {
                forms.add(new Form(v, start));
            }
        }
    }

    /**
     * Reads the forms of a history: each top-level form, except that the items of a top-level
     * vector or list are returned one by one, each with the line it starts on.
     */
    static List<Form> readHistoryForms(String text) {
        Edn r = new Edn(text);
        List<Form> forms = new ArrayList<>();
        while (true) {
            r.skipSpace();
            if (r.pos >= r.text.length()) {
                return forms;
            }
            char c = r.text.charAt(r.pos);
            if (c == '[' || c == '(') {
                char close = c == '[' ? ']' : ')';
                r.pos++;
                while (true) {
                    r.skipSpace();
                    if (r.pos >= r.text.length()) {
                        throw r.error("unexpected end of input: missing '" + close + "'");
                    }
                    char d = r.text.charAt(r.pos);
                    if (d == close) {
                        r.pos++;
                        break;
                    }
                    int start = r.line;
                    Object v = r.read(1);
                    if (v != DISCARDED) {
                        forms.add(new Form(v, start));
                    }
                }
            } else {
                int start = r.line;
                Object v = r.read(0);
                if (v != DISCARDED) {
                    forms.add(new Form(v, start));
                }
            }
        }
    }

    /**
     * Reads the first form of {@code text} (which is on line {@code line} of some file) and
     * ignores what follows it; {@code nil} when the text is blank.
     */
    static Object readFirst(String text, int line) {
        Edn r = new Edn(text, line);
        r.skipSpace();
        if (r.pos >= r.text.length()) {
            return null;
        }
        Object v = r.read(0);
        return v == DISCARDED ? null : v;
    }

    /** Reads exactly one form from {@code text}, such as a value given on the command line. */
    public static Object readOne(String text) {
        List<Form> forms = readAll(text);
        if (forms.size() != 1) {
            throw new HistoryFormatException(1, "expected one EDN value, found " + forms.size());
        }
        return forms.get(0).value();
    }

    private HistoryFormatException error(String reason) {
        return new HistoryFormatException(line, reason);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ',' || Character.isWhitespace(c)) {
                pos++;
            } else if (c == ';') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Object read(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '[': pos++; return readSeq(']', depth);
            case '(': pos++; return readSeq(')', depth);
            case '{': pos++; return readMap(depth);
            case ']': case ')': case '}':
                throw error("unexpected '" + c + "'");
            case '"': pos++; return readString();
            case '\\': pos++; return readChar();
            case '#': return readDispatch(depth);
            case ':': pos++; {
                String k = readToken();
                if (k.isEmpty()) {
                    throw error(pos >= text.length() ? "unexpected end of input after ':'" : "empty keyword");
                }
                return k.startsWith(":") ? k.substring(1) : k;
            }
            default:
                return readAtom();
        }
    }

    private Object readDispatch(int depth) {
        pos++;
        if (pos >= text.length()) {
            throw error("unexpected end of input after '#'");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            List<Object> items = readSeq('}', depth);
            return new LinkedHashSet<>(items);
        }
        if (c == '_') {
            pos++;
            Object ignored = read(depth + 1);
            return DISCARDED;
        }
        if (c == '#') {
            pos++;
            String t = readToken();
            switch (t) {
                case "Inf": return Double.POSITIVE_INFINITY;
                case "-Inf": return Double.NEGATIVE_INFINITY;
                case "NaN": return Double.NaN;
                default: throw error("unknown symbolic value ##" + t);
            }
        }
        String tag = readToken();
        if (tag.isEmpty()) {
            throw error("'#' must be followed by '{', '_' or a tag");
        }
        Object v = read(depth + 1);
        if (v == DISCARDED) {
            throw error("tag #" + tag + " has no value");
        }
        return v;
    }

    private List<Object> readSeq(char close, int depth) {
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end of input: missing '" + close + "'");
            }
            char c = text.charAt(pos);
            if (c == close) {
                pos++;
                return items;
            }
            if (c == ']' || c == ')' || c == '}') {
                throw error("expected '" + close + "' but found '" + c + "'");
            }
            Object v = read(depth + 1);
            if (v != DISCARDED) {
                items.add(v);
            }
        }
    }

    private Map<Object, Object> readMap(int depth) {
        List<Object> items = readSeq('}', depth);
        if (items.size() % 2 != 0) {
            throw error("a map needs an even number of forms, found " + items.size());
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            m.put(items.get(i), items.get(i + 1));
        }
        return m;
    }

    private String readString() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case 'u': sb.append(readHex4()); break;
                default: throw error("unknown escape '\\" + e + "' in string");
            }
        }
    }

    private char readHex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private String readChar() {
        String t = readToken();
        if (t.isEmpty()) {
            if (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\n') {
                    line++;
                }
                return String.valueOf(c);
            }
            throw error("unexpected end of input after '\\'");
        }
        switch (t) {
            case "newline": return "\n";
            case "space": return " ";
            case "tab": return "\t";
            case "return": return "\r";
            default:
                if (t.length() == 1) {
                    return t;
                }
                if (t.length() == 5 && t.charAt(0) == 'u') {
                    pos -= 4;
                    return String.valueOf(readHex4());
                }
                throw error("unknown character \\" + t);
        }
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == ',' || c == '[' || c == ']' || c == '(' || c == ')'
                || c == '{' || c == '}' || c == '"' || c == ';' || c == '\\';
    }

    private String readToken() {
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private Object readAtom() {
        String t = readToken();
        if (t.isEmpty()) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        switch (t) {
            case "nil": return null;
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: break;
        }
        char c0 = t.charAt(0);
        boolean numeric = Character.isDigit(c0)
                || ((c0 == '-' || c0 == '+') && t.length() > 1 && Character.isDigit(t.charAt(1)));
        if (!numeric) {
            return t; // a symbol
        }
        return parseNumber(t);
    }

    private Object parseNumber(String t) {
        try {
            String s = t.startsWith("+") ? t.substring(1) : t;
            if (s.endsWith("N")) {
                return Long.parseLong(s.substring(0, s.length() - 1));
            }
            if (s.endsWith("M")) {
                return Double.parseDouble(s.substring(0, s.length() - 1));
            }
            int slash = s.indexOf('/');
            if (slash > 0) {
                return Long.parseLong(s.substring(0, slash)) / (double) Long.parseLong(s.substring(slash + 1));
            }
            if (s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
                return Double.parseDouble(s);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error("bad number '" + t + "' (integers must fit in 64 bits)");
        }
    }

    // ---------------------------------------------------------------- writing

    /** The EDN text of a plain value; strings are written as EDN strings. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof String s) {
            writeString(sb, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Set<?> set) {
            sb.append("#{");
            writeItems(sb, set);
            sb.append('}');
        } else if (v instanceof Iterable<?> list) {
            sb.append('[');
            writeItems(sb, list);
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                write(sb, e.getKey());
                sb.append(' ');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else {
            writeString(sb, v.toString());
        }
    }

    private static void writeItems(StringBuilder sb, Iterable<?> items) {
        boolean first = true;
        for (Object o : items) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            write(sb, o);
        }
    }

    /** A keyword ({@code :name}) when the name is a valid keyword, else an EDN string. */
    static void writeKeyword(StringBuilder sb, String name) {
        if (isKeywordName(name)) {
            sb.append(':').append(name);
        } else {
            writeString(sb, name);
        }
    }

    static boolean isKeywordName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.charAt(0) == ':' || name.charAt(0) == '#') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isDelimiter(c) || c == '#' && i == 0) {
                return false;
            }
        }
        return true;
    }

    /** The same escapes serve EDN and JSON strings. */
    private static void writeString(StringBuilder sb, String s) {
        Json.string(sb, s);
    }
}
