package dev.dst.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Hand-written encoders for classes the reflective path refuses, or for speed. */
final class RegisteredEncoderTest {
    record Money(long cents, String currency) {}

    static final class Box {
        Object content;
    }

    @Test
    void aJdkClassTheCodecRefusesCanBeRegistered() {
        Codec codec = Codecs.builder()
                .register(AtomicLong.class, (v, out) -> out.writeLong(v.get()), in -> new AtomicLong(in.readLong()))
                .build();
        AtomicLong original = new AtomicLong(-77);
        List<AtomicLong> copy = castList(codec.copy(new ArrayList<>(List.of(original, original))));
        assertEquals(-77, copy.get(0).get());
        assertNotSame(original, copy.get(0));
        assertThrows(CodecException.class, () -> Codecs.standard().encode(original), "the standard codec still refuses it");
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> castList(Object o) {
        return (List<T>) o;
    }

    @Test
    void aRegisteredEncoderReplacesTheReflectivePlanAndMayWriteNestedObjects() {
        Codec codec = Codecs.builder()
                .register(Money.class, (m, out) -> {
                    out.writeLong(m.cents());
                    out.writeString(m.currency());
                    out.writeObject(List.of("memo"));
                    out.writeBoolean(true);
                    out.writeInt(-5);
                    out.writeDouble(0.25);
                    out.writeBytes(new byte[] {9});
                }, in -> {
                    Money m = new Money(in.readLong(), in.readString());
                    assertEquals(List.of("memo"), in.readObject(List.class));
                    assertTrue(in.readBoolean());
                    assertEquals(-5, in.readInt());
                    assertEquals(0.25, in.readDouble());
                    assertEquals(9, in.readBytes()[0]);
                    return m;
                })
                .build();
        Money m = new Money(1234, "EUR");
        assertEquals(m, codec.copy(m));
        assertEquals(List.of(m, m), codec.copy(new ArrayList<>(List.of(m, m))));
    }

    @Test
    void aRegisteredClassIsWrittenAsAValueEachTimeItIsReached() {
        Codec codec = Codecs.builder()
                .register(Box.class, (b, out) -> out.writeObject(b.content), in -> {
                    Box b = new Box();
                    b.content = in.readObject();
                    return b;
                })
                .build();
        Box b = new Box();
        b.content = "x";
        List<Box> copy = castList(codec.copy(new ArrayList<>(List.of(b, b))));
        assertNotSame(copy.get(0), copy.get(1));
        assertEquals("x", copy.get(1).content);
        Box plain = new Box();
        List<Box> reflective = castList(Codecs.standard().copy(new ArrayList<>(List.of(plain, plain))));
        assertSame(reflective.get(0), reflective.get(1), "without registration, a class by fields keeps sharing");
    }

    @Test
    void aCycleThroughARegisteredClassIsAClearError() {
        Codec codec = Codecs.builder()
                .register(Box.class, (b, out) -> out.writeObject(b.content), in -> new Box())
                .build();
        Box b = new Box();
        List<Object> list = new ArrayList<>();
        b.content = list;
        list.add(b);
        CodecException e = assertThrows(CodecException.class, () -> codec.encode(b));
        assertTrue(e.getMessage().contains("a cycle passes through it"), e.getMessage());
    }

    @Test
    void onlyConcreteClassesCanBeRegistered() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Codecs.builder().register(Runnable.class, (r, out) -> {}, in -> null));
        assertTrue(e.getMessage().startsWith("cannot register an encoder for java.lang.Runnable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Codecs.builder().register(String.class, (s, out) -> {}, in -> ""));
    }
}
