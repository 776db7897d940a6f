package dev.dst.sim;

/**
 * Input that a run was given is malformed (a nemesis plan that names no such node, an option
 * out of range): a mistake of whoever started the run, not a failure of the system under test.
 * The sweep engine reports it as an input error rather than a failing seed, and the {@code dst}
 * command exits 2 with its message.
 *
 * <p>When the input was a simulation attachment (a plan attached to the run, for example from a
 * reproduction file), {@link #attachment()} names it and {@link #line()} is the line within it,
 * so that whoever read the attachment from a file can name the file's own line.
 */
public class BadInputException extends IllegalArgumentException {
    private final String attachment;
    private final int line;
    private final String reason;

    public BadInputException(String message) {
        this(message, null);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.attachment = null;
        this.line = 0;
        this.reason = message;
    }

    /** A mistake at {@code line} (1-based) of the attachment {@code attachment} (null: of a text given some other way). */
    public BadInputException(String what, String attachment, int line, String reason, Throwable cause) {
        super(what + ": line " + line + ": " + reason, cause);
        assert line >= 1 : line;
        this.attachment = attachment;
        this.line = line;
        this.reason = reason;
    }

    /** The attachment the mistake is in, or null. */
    public String attachment() {
        return attachment;
    }

    /** The line of the mistake within its text (1-based), or 0 when not known. */
    public int line() {
        return line;
    }

    /** The mistake without where it is. */
    public String reason() {
        return reason;
    }
}
