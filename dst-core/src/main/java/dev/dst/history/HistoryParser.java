package dev.dst.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the four history formats into a {@link History}; every failure is a {@link HistoryFormatException}. */
final class HistoryParser {
    private static final Pattern LOG_LINE = Pattern.compile("jepsen\\.util\\s+-\\s+(\\S+)\\s+(:\\S+)\\s+(\\S+)(.*)$");

    private final History history = new History();

    private HistoryParser() {}

    static History parse(String text, Format format) {
        if (text == null) {
            throw new HistoryFormatException(1, "no input");
        }
        Format f = format == Format.AUTO ? detect(text) : format;
        HistoryParser p = new HistoryParser();
        try {
            switch (f) {
                case EDN:
                case EDN_LINES:
                    for (Edn.Form form : Edn.readHistoryForms(text)) {
                        p.addMap(form.value(), form.line());
                    }
                    break;
                case JSONL:
                    p.parseJsonl(text);
                    break;
                case JEPSEN_LOG:
                    p.parseLog(text);
                    break;
                default:
                    throw new IllegalStateException("unreachable: " + f);
            }
        } catch (StackOverflowError e) {
            throw new HistoryFormatException(1, "input nested too deeply");
        }
        if (p.history.ops().stream().noneMatch(op -> op.process() != History.NEMESIS)) {
            throw new HistoryFormatException(1, "no operations: this is not a history in the " + f.label() + " format"
                    + " (expected " + f.expected() + ")");
        }
        return p.history;
    }

    /** A {@code jepsen.util -} line means a text log; a first line {@code {"...} JSONL; anything else EDN. */
    static Format detect(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ';') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c) || c == ',') {
                i++;
            } else {
                break;
            }
        }
        if (i >= text.length()) {
            return Format.EDN;
        }
        char c = text.charAt(i);
        if (c == '{') {
            int j = i + 1;
            while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            return j < text.length() && text.charAt(j) == '"' ? Format.JSONL : Format.EDN;
        }
        if (c == '[' || c == '(' || c == '#') {
            return Format.EDN;
        }
        return Format.JEPSEN_LOG;
    }

    private void parseJsonl(String text) {
        int line = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            line++;
            String s = text.substring(start, end).trim();
            if (!s.isEmpty()) {
                addMap(JsonValues.parse(s, line), line);
            }
            start = end + 1;
        }
    }

    private void parseLog(String text) {
        int line = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            line++;
            String s = text.substring(start, end);
            start = end + 1;
            Matcher m = LOG_LINE.matcher(s);
            if (!m.find()) {
                String t = s.strip();
                if (t.startsWith("{:") || t.startsWith("{\"") || t.startsWith("[{")) {
                    throw new HistoryFormatException(line, "an EDN or JSON operation in a Jepsen text log: give each history in one"
                            + " format (--format edn or jsonl for this one)");
                }
                continue; // the log's other lines
            }
            String proc = m.group(1);
            boolean nemesis = proc.equals(":nemesis");
            if (!nemesis && !isInteger(proc)) {
                continue; // some other message from jepsen.util
            }
            OpType type = typeNamed(m.group(2).substring(1), line);
            String f = m.group(3);
            if (f.startsWith(":")) {
                f = f.substring(1);
            }
            Object value = Edn.readFirst(m.group(4), line);
            long time = history.size();
            if (nemesis) {
                history.nemesis(f, value, time);
                history.parsedFromLine(line);
            } else {
                add(parseProcess(proc, line), type, f, value, time, line);
            }
        }
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int parseProcess(String s, int line) {
        long p = Long.parseLong(s);
        if (p > Integer.MAX_VALUE) {
            throw new HistoryFormatException(line, "process id " + s + " out of range");
        }
        return (int) p;
    }

    private static OpType typeNamed(String name, int line) {
        OpType t = OpType.fromJepsenName(name);
        if (t == null) {
            throw new HistoryFormatException(line, "unknown op type :" + name + " (expected :invoke, :ok, :fail or :info)");
        }
        return t;
    }

    private void addMap(Object form, int line) {
        if (!(form instanceof Map<?, ?> map)) {
            throw new HistoryFormatException(line, "expected an op map like {:process 0, :type :invoke, :f :read, :value nil}, found "
                    + describe(form));
        }
        Object type = map.get("type");
        if (type == null) {
            throw new HistoryFormatException(line, "op has no :type");
        }
        if (!(type instanceof String typeName)) {
            throw new HistoryFormatException(line, "op :type must be a keyword, found " + describe(type));
        }
        OpType t = typeNamed(typeName, line);
        if (!map.containsKey("f")) {
            throw new HistoryFormatException(line, "op has no :f");
        }
        Object fv = map.get("f");
        if (fv instanceof Map || fv instanceof Iterable) {
            throw new HistoryFormatException(line, "op :f must be a keyword, found " + describe(fv));
        }
        String f = String.valueOf(fv);
        Object value = map.get("value");
        if (map.containsKey("key")) {
            List<Object> tuple = new ArrayList<>(2);
            tuple.add(map.get("key"));
            tuple.add(value);
            value = tuple;
        }
        long time = history.size();
        Object tv = map.get("time");
        if (tv != null) {
            if (!(tv instanceof Long l)) {
                throw new HistoryFormatException(line, "op :time must be an integer, found " + describe(tv));
            }
            time = l;
        }
        Object proc = map.get("process");
        if ("nemesis".equals(proc)) {
            history.nemesis(f, value, time);
            history.parsedFromLine(line);
            return;
        }
        if (!(proc instanceof Long p)) {
            throw new HistoryFormatException(line, proc == null ? "op has no :process"
                    : "op :process must be an integer or :nemesis, found " + describe(proc));
        }
        if (p < 0 || p > Integer.MAX_VALUE) {
            throw new HistoryFormatException(line, "process id " + p + " out of range");
        }
        add((int) (long) p, t, f, value, time, line);
    }

    private void add(int process, OpType type, String f, Object value, long time, int line) {
        try {
            if (type == OpType.INVOKE) {
                history.invoke(process, f, value, time);
            } else {
                history.complete(process, type, value, time);
            }
        } catch (IllegalStateException e) {
            if (type == OpType.INVOKE) {
                int prior = -1;
                for (int i = history.size() - 1; i >= 0; i--) {
                    Op o = history.ops().get(i);
                    if (o.process() == process) {
                        prior = i;
                        break;
                    }
                }
                throw new HistoryFormatException(line, "process " + process + " invokes :" + f
                        + " while its operation invoked on line " + history.line(prior) + " is still outstanding");
            }
            throw new HistoryFormatException(line, "process " + process + " completes :" + f + " (:" + type.jepsenName()
                    + ") with no outstanding invocation");
        }
        history.parsedFromLine(line);
    }

    private static String describe(Object v) {
        String s = Edn.write(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
