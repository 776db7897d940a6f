package dev.dst.codec;

/** What a registered {@link Decoder} reads from, in the order its {@link Encoder} wrote. */
public interface CodecInput {
    boolean readBoolean();

    int readInt();

    long readLong();

    double readDouble();

    String readString();

    byte[] readBytes();

    Object readObject();

    /** {@link #readObject()} cast to {@code type}; a {@link CodecException} when it is not one. */
    default <T> T readObject(Class<T> type) {
        Object value = readObject();
        if (value != null && !type.isInstance(value)) {
            throw CodecException.malformed("expected a " + type.getName() + ", found a " + value.getClass().getName());
        }
        return type.cast(value);
    }
}
