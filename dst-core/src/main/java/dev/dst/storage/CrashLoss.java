package dev.dst.storage;

/** What a crash did to the writes that were not yet fsynced. */
public record CrashLoss(Mode mode, int pendingWrites, int keptWrites, int tornBytesKept) {
    public enum Mode {
        /** Nothing was pending: the crash lost nothing. */
        NOTHING_PENDING,
        /** Every unsynced write was lost (the simplest choice, drawn as 0). */
        ALL_LOST,
        /** The first {@code keptWrites} unsynced writes reached the disk, the rest were lost. */
        PREFIX_KEPT,
        /** A prefix reached the disk, then the next append was torn after {@code tornBytesKept} bytes. */
        TORN_WRITE,
        /** The crash was set to keep unsynced writes (a process crash, not a power loss). */
        ALL_KEPT
    }

    @Override
    public String toString() {
        return switch (mode) {
            case NOTHING_PENDING -> "nothing pending";
            case ALL_LOST -> "lost all " + pendingWrites + " unsynced writes";
            case PREFIX_KEPT -> "kept " + keptWrites + " of " + pendingWrites + " unsynced writes";
            case TORN_WRITE -> "kept " + keptWrites + " of " + pendingWrites + " unsynced writes, then a torn append of " + tornBytesKept + " bytes";
            case ALL_KEPT -> "kept all " + pendingWrites + " unsynced writes";
        };
    }
}
