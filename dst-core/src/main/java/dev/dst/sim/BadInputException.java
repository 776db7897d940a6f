package dev.dst.sim;

/**
 * Input that a run was given is malformed (a nemesis plan that names no such node, an option
 * out of range): a mistake of whoever started the run, not a failure of the system under test.
 * The sweep engine reports it as an input error rather than a failing seed, and the {@code dst}
 * command exits 2 with its message.
 */
public class BadInputException extends IllegalArgumentException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
