package dev.dst.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** Java serialization, for comparison: slow, needs {@code Serializable}, and not deterministic for hash containers. */
final class JavaSerializationCodec implements Codec {
    static final JavaSerializationCodec INSTANCE = new JavaSerializationCodec();

    private JavaSerializationCodec() {}

    @Override
    public byte[] encode(Object message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        } catch (NotSerializableException e) {
            throw CodecException.cannotEncode(message.getClass(), "Java serialization: " + e.getMessage() + " is not Serializable", e);
        } catch (IOException e) {
            throw CodecException.cannotEncode(message.getClass(), "Java serialization: " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw CodecException.malformed("Java serialization: " + e, e);
        }
    }
}
