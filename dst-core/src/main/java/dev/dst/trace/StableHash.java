package dev.dst.trace;

/**
 * Implemented by messages and timer tags that can hash themselves cheaply and
 * deterministically. Without it the trace hash uses {@code toString().hashCode()}, which is
 * deterministic for records of primitives, strings, enums and lists, but costs a string per
 * event, and is not deterministic for arrays or classes without {@code toString}: the
 * determinism self-check then reports them.
 */
public interface StableHash {
    long stableHash();

    /** The hash the trace uses for any payload. */
    static long of(Object payload) {
        if (payload == null) {
            return 0;
        }
        if (payload instanceof StableHash h) {
            return h.stableHash();
        }
        if (payload instanceof String s) {
            return s.hashCode();
        }
        if (payload instanceof Long l) {
            return l;
        }
        if (payload instanceof Integer i) {
            return i;
        }
        if (payload instanceof Enum<?> e) {
            return e.name().hashCode();
        }
        return payload.toString().hashCode();
    }
}
