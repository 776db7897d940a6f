package dev.dst.maelstrom;

/**
 * A Maelstrom error: what a node answers instead of the {@code *_ok} body, as
 * {@code {"type": "error", "code": 11, "text": "..."}}. Workload codecs throw it for a request
 * they cannot map (an unknown type, a field of the wrong kind) and return it for a node's failed
 * reply; the adapter writes it with {@code in_reply_to}. No stack trace: it is an answer, not a bug.
 */
public final class MaelstromError extends Exception {
    /**
     * Maelstrom's error codes. A definite error says the operation did not and will not take
     * effect; an indefinite one that it may have (Maelstrom records it as {@code :info}).
     */
    public enum Code {
        TIMEOUT(0, false),
        NODE_NOT_FOUND(1, true),
        NOT_SUPPORTED(10, true),
        TEMPORARILY_UNAVAILABLE(11, true),
        MALFORMED_REQUEST(12, true),
        CRASH(13, false),
        ABORT(14, true),
        KEY_DOES_NOT_EXIST(20, true),
        KEY_ALREADY_EXISTS(21, true),
        PRECONDITION_FAILED(22, true),
        TXN_CONFLICT(30, true);

        private final int code;
        private final boolean definite;

        Code(int code, boolean definite) {
            this.code = code;
            this.definite = definite;
        }

        /** The number on the wire. */
        public int code() {
            return code;
        }

        /** Whether the operation certainly did not happen. */
        public boolean definite() {
            return definite;
        }

        /** Maelstrom's name of the error, as in its documentation ({@code temporarily-unavailable}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The code numbered {@code code}, or {@code null} for a code Maelstrom does not define. */
        public static Code of(int code) {
            for (Code c : values()) {
                if (c.code == code) {
                    return c;
                }
            }
            return null;
        }
    }

    private final Code code;

    public MaelstromError(Code code, String text) {
        super(text, null, false, false);
        if (code == null) {
            throw new IllegalArgumentException("a Maelstrom error needs a code");
        }
        this.code = code;
    }

    public Code code() {
        return code;
    }

    /** The error's free-form {@code text}. */
    public String text() {
        return getMessage();
    }

    public static MaelstromError notSupported(String text) {
        return new MaelstromError(Code.NOT_SUPPORTED, text);
    }

    public static MaelstromError malformed(String text) {
        return new MaelstromError(Code.MALFORMED_REQUEST, text);
    }

    public static MaelstromError unavailable(String text) {
        return new MaelstromError(Code.TEMPORARILY_UNAVAILABLE, text);
    }

    @Override
    public String toString() {
        return "error " + code.code() + " " + code.label() + ": " + getMessage();
    }
}
