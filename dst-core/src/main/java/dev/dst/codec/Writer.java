package dev.dst.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes one message: a growable buffer, the reference numbers of tracked objects met so far
 * and the per-message class table. Reused by one thread for message after message.
 */
final class Writer implements CodecOutput {
    static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int KEEP_BYTES_MAX = 1 << 20;

    final StandardCodec codec;
    byte[] buf = new byte[256];
    int pos;
    boolean inUse;
    private final IdentityTable refs = new IdentityTable();
    private int nextRef;
    private int[] classStamp = new int[16];
    private int[] classIndex = new int[16];
    private int generation;
    private int classCount;
    private Object[] customStack = new Object[8];
    private int customDepth;

    Writer(StandardCodec codec) {
        this.codec = codec;
    }

    void begin() {
        pos = 0;
        nextRef = 0;
        classCount = 0;
        if (++generation == 0) {
            Arrays.fill(classStamp, 0);
            generation = 1;
        }
    }

    void end() {
        refs.clear();
        Arrays.fill(customStack, 0, customDepth, null);
        customDepth = 0;
        if (buf.length > KEEP_BYTES_MAX) {
            buf = new byte[256];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Any value: null, a reference to a tracked object already written, or the value by its plan. */
    void writeValue(Object v) {
        if (v == null) {
            put(Tags.NULL);
            return;
        }
        Class<?> c = v.getClass();
        if (c == String.class) {
            put(Tags.STRING);
            putString((String) v);
            return;
        }
        Plan p = codec.plan(c);
        if (p.tracked) {
            int seen = refs.putIfAbsent(v, nextRef);
            if (seen >= 0) {
                put(Tags.REF);
                putVarInt(seen);
                return;
            }
            nextRef++;
        }
        p.write(this, v);
    }

    /** The class of a plan: its name the first time in this message, then its index in the message's table. */
    void writeClass(Plan p) {
        int id = p.id;
        if (id >= classStamp.length) {
            int n = Math.max(id + 1, 2 * classStamp.length);
            classStamp = Arrays.copyOf(classStamp, n);
            classIndex = Arrays.copyOf(classIndex, n);
        }
        if (classStamp[id] == generation) {
            putVarInt(classIndex[id] + 1);
            return;
        }
        classStamp[id] = generation;
        classIndex[id] = classCount++;
        put(0);
        putBytes(p.nameBytes, 0, p.nameBytes.length);
    }

    /** Guards a registered encoder against a cycle through the value it is writing (values have no reference numbers). */
    void enterCustom(Object v, Class<?> type) {
        for (int i = 0; i < customDepth; i++) {
            if (customStack[i] == v) {
                throw CodecException.cannotEncode(type, "a cycle passes through it, and a registered encoder writes it anew each time it is reached");
            }
        }
        if (customDepth == customStack.length) {
            customStack = Arrays.copyOf(customStack, 2 * customDepth);
        }
        customStack[customDepth++] = v;
    }

    void exitCustom() {
        customStack[--customDepth] = null;
    }

    // ---- bytes

    void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, 2 * buf.length));
        }
    }

    void put(int b) {
        if (pos == buf.length) {
            ensure(1);
        }
        buf[pos++] = (byte) b;
    }

    void putBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    void putVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void putVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void putZigInt(int v) {
        putVarInt((v << 1) ^ (v >> 31));
    }

    void putZigLong(long v) {
        putVarLong((v << 1) ^ (v >> 63));
    }

    void putFixedInt(int v) {
        ensure(4);
        INT_LE.set(buf, pos, v);
        pos += 4;
    }

    void putFixedLong(long v) {
        ensure(8);
        LONG_LE.set(buf, pos, v);
        pos += 8;
    }

    /** Length and low bit "wide"; then one byte per char when every char is below 256, else two (little-endian). */
    void putString(String s) {
        int n = s.length();
        int header = pos;
        putVarInt(n << 1);
        ensure(n);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch > 0xFF) {
                pos = header;
                putWideString(s);
                return;
            }
            b[p++] = (byte) ch;
        }
        pos = p;
    }

    private void putWideString(String s) {
        int n = s.length();
        putVarInt((n << 1) | 1);
        ensure(2 * n);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            buf[pos++] = (byte) ch;
            buf[pos++] = (byte) (ch >>> 8);
        }
    }

    // ---- CodecOutput, for registered encoders

    @Override
    public void writeBoolean(boolean value) {
        put(value ? 1 : 0);
    }

    @Override
    public void writeInt(int value) {
        putZigInt(value);
    }

    @Override
    public void writeLong(long value) {
        putZigLong(value);
    }

    @Override
    public void writeDouble(double value) {
        putFixedLong(Double.doubleToRawLongBits(value));
    }

    @Override
    public void writeString(String value) {
        if (value == null) {
            put(0);
        } else {
            put(1);
            putString(value);
        }
    }

    @Override
    public void writeBytes(byte[] value) {
        if (value == null) {
            putVarInt(0);
        } else {
            putVarInt(value.length + 1);
            putBytes(value, 0, value.length);
        }
    }

    @Override
    public void writeObject(Object value) {
        writeValue(value);
    }

    /**
     * Identity map from object to reference number. Numbers are given in order, so the
     * objects are kept in a list; a small message is searched linearly (no identity hash is
     * computed), a larger one through an open-addressing table built when the list grows past
     * {@link #LINEAR_MAX}.
     */
    static final class IdentityTable {
        private static final int LINEAR_MAX = 24;
        private Object[] list = new Object[32];
        private int size;
        private Object[] keys;
        private int[] values;

        /** The number already given to {@code key}, or -1 after giving it {@code value} (which must be the next number). */
        int putIfAbsent(Object key, int value) {
            assert value == size : "reference numbers are given in order";
            if (keys == null) {
                for (int i = 0; i < size; i++) {
                    if (list[i] == key) {
                        return i;
                    }
                }
                add(key);
                if (size > LINEAR_MAX) {
                    keys = new Object[128];
                    values = new int[128];
                    for (int i = 0; i < size; i++) {
                        insert(list[i], i);
                    }
                }
                return -1;
            }
            int mask = keys.length - 1;
            // identity hashes only place keys in this table; they never reach the bytes
            int i = mix(System.identityHashCode(key)) & mask;
            while (true) {
                Object k = keys[i];
                if (k == null) {
                    add(key);
                    keys[i] = key;
                    values[i] = value;
                    if (2 * size > keys.length) {
                        rehash();
                    }
                    return -1;
                }
                if (k == key) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
        }

        private void add(Object key) {
            if (size == list.length) {
                list = Arrays.copyOf(list, 2 * size);
            }
            list[size++] = key;
        }

        private void insert(Object key, int value) {
            int mask = keys.length - 1;
            int i = mix(System.identityHashCode(key)) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
        }

        private static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        private void rehash() {
            keys = new Object[2 * keys.length];
            values = new int[keys.length];
            for (int i = 0; i < size; i++) {
                insert(list[i], i);
            }
        }

        void clear() {
            for (int i = 0; i < size; i++) {
                list[i] = null;
            }
            if (list.length > 4096) {
                list = new Object[32];
            }
            size = 0;
            keys = null;
            values = null;
        }
    }
}
