package dev.dst.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;

/** Reads one message: the bytes, the objects made so far (for back-references) and the message's class table. */
final class Reader implements CodecInput {
    final StandardCodec codec;
    byte[] buf;
    int pos;
    int end;
    boolean inUse;
    private Object[] refs = new Object[32];
    private int refCount;
    private Plan[] classes = new Plan[16];
    private int classCount;
    private final NameCache names;

    Reader(StandardCodec codec) {
        this.codec = codec;
        this.names = new NameCache(codec);
    }

    void begin(byte[] bytes, int offset, int length) {
        buf = bytes;
        pos = offset;
        end = offset + length;
        refCount = 0;
        classCount = 0;
    }

    void end() {
        for (int i = 0; i < refCount; i++) {
            refs[i] = null;
        }
        for (int i = 0; i < classCount; i++) {
            classes[i] = null;
        }
        if (refs.length > 4096) {
            refs = new Object[32];
        }
        buf = null;
    }

    Object readValue() {
        int tag = get();
        switch (tag) {
            case Tags.NULL:
                return null;
            case Tags.REF:
                return ref(getVarInt());
            case Tags.STRING:
                return getString();
            case Tags.OBJECT: {
                Plan p = readClass();
                if (p.tag != Tags.OBJECT) {
                    throw CodecException.malformed("a " + p.type.getName() + " where an object was expected");
                }
                return p.read(this);
            }
            case Tags.OBJECT_ARRAY: {
                Plan p = readClass();
                if (p.tag != Tags.OBJECT_ARRAY) {
                    throw CodecException.malformed("a " + p.type.getName() + " where an array class was expected");
                }
                return p.read(this);
            }
            default: {
                Plan p = Builtins.byTag(tag);
                if (p == null) {
                    throw CodecException.malformed("unknown tag " + tag + " at byte " + (pos - 1));
                }
                return p.read(this);
            }
        }
    }

    Plan readClass() {
        int index = getVarInt();
        if (index != 0) {
            if (index > classCount) {
                throw CodecException.malformed("class reference " + index + " but only " + classCount + " classes so far");
            }
            return classes[index - 1];
        }
        int start = pos;
        int header = getVarInt();
        int length = (header & 1) == 0 ? header >>> 1 : header & ~1;
        need(length);
        pos += length;
        Plan p = names.find(buf, start, pos);
        if (classCount == classes.length) {
            classes = Arrays.copyOf(classes, 2 * classCount);
        }
        classes[classCount++] = p;
        return p;
    }

    // ---- references

    /** Gives the next reference number to {@code o}, which a tracked plan made before reading its contents. */
    void register(Object o) {
        if (refCount == refs.length) {
            refs = Arrays.copyOf(refs, 2 * refCount);
        }
        refs[refCount++] = o;
    }

    /** Takes the next reference number for an object that can only be made after part of its body is read. */
    int reserve() {
        register(null);
        return refCount - 1;
    }

    void fill(int ref, Object o) {
        refs[ref] = o;
    }

    private Object ref(int ref) {
        if (ref < 0 || ref >= refCount) {
            throw CodecException.malformed("back-reference " + ref + " but only " + refCount + " objects so far");
        }
        Object o = refs[ref];
        if (o == null) {
            throw CodecException.malformed("back-reference " + ref + " to an object still being built");
        }
        return o;
    }

    // ---- bytes

    void need(int n) {
        if (n < 0 || end - pos < n) {
            throw CodecException.malformed("truncated: " + n + " more bytes needed at byte " + pos + ", " + (end - pos) + " left");
        }
    }

    int get() {
        if (pos >= end) {
            need(1);
        }
        return buf[pos++] & 0xFF;
    }

    int getVarInt() {
        int b = get();
        if (b < 0x80) {
            return b;
        }
        int v = b & 0x7F;
        for (int shift = 7; shift < 35; shift += 7) {
            b = get();
            v |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw CodecException.malformed("a variable-length int longer than 5 bytes at byte " + pos);
    }

    long getVarLong() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = get();
            v |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw CodecException.malformed("a variable-length long longer than 10 bytes at byte " + pos);
    }

    int getZigInt() {
        int v = getVarInt();
        return (v >>> 1) ^ -(v & 1);
    }

    long getZigLong() {
        long v = getVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    int getFixedInt() {
        need(4);
        int v = (int) Writer.INT_LE.get(buf, pos);
        pos += 4;
        return v;
    }

    long getFixedLong() {
        need(8);
        long v = (long) Writer.LONG_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    /** A count of elements, each of which takes at least one byte (so a corrupt count cannot make a huge array). */
    int getCount() {
        int n = getVarInt();
        need(n);
        return n;
    }

    String getString() {
        int header = getVarInt();
        int n = header >>> 1;
        if ((header & 1) == 0) {
            need(n);
            String s = new String(buf, pos, n, ISO_8859_1);
            pos += n;
            return s;
        }
        need(2 * n);
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = (char) ((buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8);
            pos += 2;
        }
        return new String(chars);
    }

    // ---- CodecInput, for registered decoders

    @Override
    public boolean readBoolean() {
        return get() != 0;
    }

    @Override
    public int readInt() {
        return getZigInt();
    }

    @Override
    public long readLong() {
        return getZigLong();
    }

    @Override
    public double readDouble() {
        return Double.longBitsToDouble(getFixedLong());
    }

    @Override
    public String readString() {
        return get() == 0 ? null : getString();
    }

    @Override
    public byte[] readBytes() {
        int n = getVarInt();
        if (n == 0) {
            return null;
        }
        need(n - 1);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n - 1);
        pos += n - 1;
        return b;
    }

    @Override
    public Object readObject() {
        return readValue();
    }

    /**
     * The plans of class names this thread has decoded, by a fingerprint of the encoded name
     * (its length and three of its 8-byte words), each hit confirmed by comparing the bytes:
     * a class reference costs a few loads and one comparison instead of hashing the name.
     */
    static final class NameCache {
        private static final int SLOTS = 64;
        private final StandardCodec codec;
        private final Plan[] plans = new Plan[SLOTS];

        NameCache(StandardCodec codec) {
            this.codec = codec;
        }

        Plan find(byte[] buf, int start, int end) {
            int slot = slot(buf, start, end);
            Plan p = plans[slot];
            if (p != null && Arrays.equals(p.nameBytes, 0, p.nameBytes.length, buf, start, end)) {
                return p;
            }
            p = codec.planByName(buf, start, end);
            plans[slot] = p;
            return p;
        }

        private static int slot(byte[] buf, int start, int end) {
            int n = end - start;
            long h = n * 0x9E3779B97F4A7C15L;
            if (n >= 8) {
                h ^= (long) Writer.LONG_LE.get(buf, start);
                h = h * 0xBF58476D1CE4E5B9L ^ (long) Writer.LONG_LE.get(buf, end - 8);
                h = h * 0x94D049BB133111EBL ^ (long) Writer.LONG_LE.get(buf, start + ((n - 8) >>> 1));
            } else {
                for (int i = start; i < end; i++) {
                    h = (h ^ buf[i]) * 0x100000001B3L;
                }
            }
            h *= 0x9E3779B97F4A7C15L;
            return (int) (h >>> 58);
        }
    }
}
