package dev.dst.codec;

/** How one class is written and read; made once per class and codec, then reused. */
abstract class Plan {
    final Class<?> type;
    final int tag;
    /**
     * Whether instances are given a reference number, so that shared references and cycles
     * survive: mutable things are; values (strings, boxes, records, immutable collections)
     * are written each time they are reached.
     */
    final boolean tracked;
    /** The encoded class name, for plans written with a class reference ({@link Tags#OBJECT}, {@link Tags#OBJECT_ARRAY}). */
    byte[] nameBytes;
    /** Index into a writer's per-message class table; set by the codec for plans with a name. */
    int id = -1;

    Plan(Class<?> type, int tag, boolean tracked) {
        this.type = type;
        this.tag = tag;
        this.tracked = tracked;
    }

    /** Writes the tag and the body of {@code value}; the writer has already checked references. */
    abstract void write(Writer w, Object value);

    /** Reads the body, after the tag (and class reference); a tracked plan registers what it makes first. */
    abstract Object read(Reader r);

    /** A plan that refuses its class, with a reason; it is cached like any other. */
    static final class Refused extends Plan {
        final String reason;

        Refused(Class<?> type, String reason) {
            super(type, Tags.OBJECT, false);
            this.reason = reason;
        }

        @Override
        void write(Writer w, Object value) {
            throw CodecException.cannotEncode(type, reason);
        }

        @Override
        Object read(Reader r) {
            throw CodecException.malformed("a " + type.getName() + " cannot be decoded: " + reason);
        }
    }
}
