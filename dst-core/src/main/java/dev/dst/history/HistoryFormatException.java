package dev.dst.history;

/**
 * A history file that cannot be read: the 1-based line where reading stopped and why.
 * The message reads {@code line 12: <reason>}.
 */
public final class HistoryFormatException extends IllegalArgumentException {
    private final int line;
    private final String reason;

    public HistoryFormatException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }

    /** What was wrong, without the line number. */
    public String reason() {
        return reason;
    }
}
