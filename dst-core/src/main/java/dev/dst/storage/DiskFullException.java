package dev.dst.storage;

/** A write to a {@link Storage} whose disk is full: the node sees it, as it would see ENOSPC. */
public final class DiskFullException extends RuntimeException {
    public DiskFullException(String file) {
        super("disk full: write to '" + file + "' failed");
    }
}
