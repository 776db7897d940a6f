package dev.dst.storage;

/** A file that exists but does not hold what it should: not written by its helper, or damaged. */
public final class CorruptFileException extends RuntimeException {
    private final String file;

    public CorruptFileException(String file, String detail) {
        super("file '" + file + "' is corrupt: " + detail);
        this.file = file;
    }

    public String file() {
        return file;
    }
}
