package dev.dst.codec;

import java.util.Arrays;
import java.util.function.Consumer;

/** Primitive arrays: a length, then the elements, fixed-width and little-endian. Tracked (arrays are mutable). */
final class PrimitiveArrayPlans {
    private PrimitiveArrayPlans() {}

    static void addTo(Consumer<Plan> plans) {
        narrow(plans);
        wide(plans);
    }

    private static void add(Consumer<Plan> plans, Class<?> type, int tag, Builtins.Write w, Builtins.Read r) {
        plans.accept(new Builtins.Simple(type, tag, true, w, r));
    }

    private static void narrow(Consumer<Plan> plans) {
        add(plans, boolean[].class, Tags.BOOLEAN_ARRAY, (w, v) -> {
            boolean[] a = (boolean[]) v;
            w.putVarInt(a.length);
            w.ensure(a.length);
            for (boolean b : a) {
                w.buf[w.pos++] = (byte) (b ? 1 : 0);
            }
        }, r -> {
            boolean[] a = new boolean[r.getCount()];
            r.register(a);
            for (int i = 0; i < a.length; i++) {
                a[i] = r.buf[r.pos++] != 0;
            }
            return a;
        });
        add(plans, byte[].class, Tags.BYTE_ARRAY, (w, v) -> {
            byte[] a = (byte[]) v;
            w.putVarInt(a.length);
            w.putBytes(a, 0, a.length);
        }, r -> {
            int n = r.getCount();
            byte[] a = Arrays.copyOfRange(r.buf, r.pos, r.pos + n);
            r.pos += n;
            r.register(a);
            return a;
        });
        add(plans, short[].class, Tags.SHORT_ARRAY, (w, v) -> {
            short[] a = (short[]) v;
            w.putVarInt(a.length);
            w.ensure(2 * a.length);
            for (short s : a) {
                w.buf[w.pos++] = (byte) s;
                w.buf[w.pos++] = (byte) (s >>> 8);
            }
        }, r -> {
            short[] a = new short[count(r, 2)];
            r.register(a);
            for (int i = 0; i < a.length; i++, r.pos += 2) {
                a[i] = (short) ((r.buf[r.pos] & 0xFF) | r.buf[r.pos + 1] << 8);
            }
            return a;
        });
        add(plans, char[].class, Tags.CHAR_ARRAY, (w, v) -> {
            char[] a = (char[]) v;
            w.putVarInt(a.length);
            w.ensure(2 * a.length);
            for (char c : a) {
                w.buf[w.pos++] = (byte) c;
                w.buf[w.pos++] = (byte) (c >>> 8);
            }
        }, r -> {
            char[] a = new char[count(r, 2)];
            r.register(a);
            for (int i = 0; i < a.length; i++, r.pos += 2) {
                a[i] = (char) ((r.buf[r.pos] & 0xFF) | (r.buf[r.pos + 1] & 0xFF) << 8);
            }
            return a;
        });
    }

    private static void wide(Consumer<Plan> plans) {
        add(plans, int[].class, Tags.INT_ARRAY, (w, v) -> {
            int[] a = (int[]) v;
            w.putVarInt(a.length);
            w.ensure(4 * a.length);
            for (int x : a) {
                Writer.INT_LE.set(w.buf, w.pos, x);
                w.pos += 4;
            }
        }, r -> {
            int[] a = new int[count(r, 4)];
            r.register(a);
            for (int i = 0; i < a.length; i++, r.pos += 4) {
                a[i] = (int) Writer.INT_LE.get(r.buf, r.pos);
            }
            return a;
        });
        add(plans, long[].class, Tags.LONG_ARRAY, (w, v) -> {
            long[] a = (long[]) v;
            w.putVarInt(a.length);
            w.ensure(8 * a.length);
            for (long x : a) {
                Writer.LONG_LE.set(w.buf, w.pos, x);
                w.pos += 8;
            }
        }, r -> {
            long[] a = new long[count(r, 8)];
            r.register(a);
            for (int i = 0; i < a.length; i++, r.pos += 8) {
                a[i] = (long) Writer.LONG_LE.get(r.buf, r.pos);
            }
            return a;
        });
        add(plans, float[].class, Tags.FLOAT_ARRAY, (w, v) -> {
            float[] a = (float[]) v;
            w.putVarInt(a.length);
            w.ensure(4 * a.length);
            for (float x : a) {
                Writer.INT_LE.set(w.buf, w.pos, Float.floatToRawIntBits(x));
                w.pos += 4;
            }
        }, r -> {
            float[] a = new float[count(r, 4)];
            r.register(a);
            for (int i = 0; i < a.length; i++, r.pos += 4) {
                a[i] = Float.intBitsToFloat((int) Writer.INT_LE.get(r.buf, r.pos));
            }
            return a;
        });
        add(plans, double[].class, Tags.DOUBLE_ARRAY, (w, v) -> {
            double[] a = (double[]) v;
            w.putVarInt(a.length);
            w.ensure(8 * a.length);
            for (double x : a) {
                Writer.LONG_LE.set(w.buf, w.pos, Double.doubleToRawLongBits(x));
                w.pos += 8;
            }
        }, r -> {
            double[] a = new double[count(r, 8)];
            r.register(a);
            for (int i = 0; i < a.length; i++, r.pos += 8) {
                a[i] = Double.longBitsToDouble((long) Writer.LONG_LE.get(r.buf, r.pos));
            }
            return a;
        });
    }

    /** A length of elements {@code width} bytes wide each, checked against the bytes left. */
    private static int count(Reader r, int width) {
        int n = r.getVarInt();
        if (n < 0 || (long) n * width > r.end - r.pos) {
            throw CodecException.malformed("an array of " + n + " elements of " + width + " bytes at byte " + r.pos + ", but " + (r.end - r.pos) + " bytes left");
        }
        return n;
    }
}
