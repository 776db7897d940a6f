package dev.dst.codec;

import java.util.ArrayDeque;

/**
 * A value that cannot be encoded, or bytes that cannot be decoded. An encoding failure names
 * the class of the value, the innermost field that held it and the path from the message to
 * it, for example {@code cannot encode field RaftNodeImpl.executor (a
 * java.util.concurrent.ThreadPoolExecutor): an executor must not cross a network ... (path:
 * Envelope.node.executor)}.
 */
public final class CodecException extends RuntimeException {
    private final String valueClass;
    private final String reason;
    private final ArrayDeque<String> path = new ArrayDeque<>();
    private String field;

    private CodecException(String valueClass, String reason, Throwable cause) {
        super(null, cause, false, false);
        this.valueClass = valueClass;
        this.reason = reason;
    }

    static CodecException cannotEncode(Class<?> type, String reason) {
        return new CodecException(type.getName(), reason, null);
    }

    static CodecException cannotEncode(Class<?> type, String reason, Throwable cause) {
        return new CodecException(type.getName(), reason, cause);
    }

    static CodecException malformed(String detail) {
        return new CodecException(null, detail, null);
    }

    static CodecException malformed(String detail, Throwable cause) {
        return new CodecException(null, detail, cause);
    }

    /** Adds the field that held the value (called while the stack unwinds, innermost first). */
    CodecException inField(Class<?> owner, String name) {
        if (field == null) {
            field = simpleName(owner) + "." + name;
        }
        path.addFirst("." + name);
        return this;
    }

    /** Adds an element index or map key, as {@code [3]}. */
    CodecException inElement(String segment) {
        path.addFirst("[" + segment + "]");
        return this;
    }

    /** Adds a named part of a value, as {@code .comparator()}. */
    CodecException inPart(String part) {
        path.addFirst("." + part);
        return this;
    }

    CodecException atRoot(Class<?> root) {
        path.addFirst(simpleName(root));
        return this;
    }

    /** The class of the value that could not be encoded; {@code null} for a decoding failure. */
    public String valueClass() {
        return valueClass;
    }

    /** The path from the message to the value, as {@code Envelope.node.executor}; empty for a decoding failure. */
    public String path() {
        return String.join("", path);
    }

    @Override
    public String getMessage() {
        if (valueClass == null) {
            return "cannot decode: " + reason;
        }
        String what = field == null ? "cannot encode a " + valueClass : "cannot encode field " + field + " (a " + valueClass + ")";
        String path = path();
        return what + ": " + reason + (this.path.size() > 1 && !path.equals(field) ? " (path: " + path + ")" : "");
    }

    static String simpleName(Class<?> c) {
        String s = c.getSimpleName();
        if (s.isEmpty()) {
            s = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        }
        return s;
    }
}
