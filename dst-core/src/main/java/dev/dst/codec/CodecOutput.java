package dev.dst.codec;

/** What a registered {@link Encoder} writes to. Integers are written as variable-length numbers. */
public interface CodecOutput {
    void writeBoolean(boolean value);

    void writeInt(int value);

    void writeLong(long value);

    void writeDouble(double value);

    /** A string, or {@code null}. */
    void writeString(String value);

    /** A byte array (copied), or {@code null}. */
    void writeBytes(byte[] value);

    /**
     * Any value the codec can encode, or {@code null}, written as the standard codec writes it
     * (shared references and cycles through mutable objects preserved).
     */
    void writeObject(Object value);
}
