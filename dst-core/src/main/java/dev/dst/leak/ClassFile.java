package dev.dst.leak;

import java.util.ArrayList;
import java.util.List;

/**
 * A class file read far enough to rewrite calls in place: every constant-pool entry's offset,
 * and each method's code and stack-map frame offsets, as positions in the original bytes.
 * Strings are decoded only when asked for. A file that does not follow JVMS chapter 4 is
 * refused with an {@link IllegalArgumentException} (or an index error on truncated bytes).
 */
final class ClassFile {
    static final int UTF8 = 1;
    static final int INTEGER = 3;
    static final int FLOAT = 4;
    static final int LONG = 5;
    static final int DOUBLE = 6;
    static final int CLASS = 7;
    static final int STRING = 8;
    static final int FIELDREF = 9;
    static final int METHODREF = 10;
    static final int INTERFACE_METHODREF = 11;
    static final int NAME_AND_TYPE = 12;
    static final int METHOD_HANDLE = 15;
    static final int METHOD_TYPE = 16;
    static final int DYNAMIC = 17;
    static final int INVOKE_DYNAMIC = 18;
    static final int MODULE = 19;
    static final int PACKAGE = 20;

    /**
     * A method with code: where its code array starts in {@link #bytes}, and the code offsets
     * that other code may reach other than by falling through (stack-map frames and exception
     * handlers; branch targets are the walker's to find).
     */
    record Method(String name, String desc, int codeStart, int codeLength, int[] labels) {}

    /** A field, method or interface method reference, resolved to names. */
    record MemberRef(int tag, String owner, String name, String desc) {}

    final byte[] bytes;
    /** constant_pool_count: entries are 1..poolCount-1. */
    final int poolCount;
    /** Offset of each entry's tag byte; 0 for index 0 and the unusable slot after a long or double. */
    final int[] entry;
    /** Offset just past the constant pool (the access_flags). */
    final int poolEnd;
    final String thisName;
    /** Null for java/lang/Object and module-info. */
    final String superName;
    private final String[] utf8;
    private List<Method> methods;

    /** Reads the constant pool and the class header; methods are read when first asked for. */
    ClassFile(byte[] bytes) {
        this.bytes = bytes;
        if (u4(0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file (magic " + Integer.toHexString(u4(0)) + ")");
        }
        poolCount = u2(8);
        entry = new int[poolCount];
        utf8 = new String[poolCount];
        int p = 10;
        for (int i = 1; i < poolCount; i++) {
            entry[i] = p;
            int tag = u1(p);
            p += switch (tag) {
                case UTF8 -> 3 + u2(p + 1);
                case INTEGER, FLOAT, FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> 5;
                case LONG, DOUBLE -> 9;
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> 3;
                case METHOD_HANDLE -> 4;
                default -> throw new IllegalArgumentException("constant pool entry " + i + " has unknown tag " + tag);
            };
            if (tag == LONG || tag == DOUBLE) {
                i++; // takes two slots; the second is unusable
            }
        }
        poolEnd = p;
        thisName = className(u2(p + 2));
        int superIndex = u2(p + 4);
        superName = superIndex == 0 ? null : className(superIndex);
    }

    /** The methods that have code, in file order; the whole file is checked on the first call. */
    List<Method> methods() {
        if (methods == null) {
            methods = readMembers(poolEnd + 6);
        }
        return methods;
    }

    private List<Method> readMembers(int p) {
        p += 2 + 2 * u2(p); // interfaces
        int fields = u2(p);
        p += 2;
        for (int i = 0; i < fields; i++) {
            p = skipAttributes(p + 6);
        }
        int count = u2(p);
        p += 2;
        List<Method> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = utf8(u2(p + 2));
            String desc = utf8(u2(p + 4));
            int attributes = u2(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                int length = u4(p + 2);
                if ("Code".equals(utf8(u2(p)))) {
                    result.add(readCode(name, desc, p + 6, length));
                }
                p += 6 + length;
            }
        }
        int end = skipAttributes(p);
        if (end != bytes.length) {
            throw new IllegalArgumentException("class file has " + (bytes.length - end) + " bytes after its last attribute");
        }
        return result;
    }

    private Method readCode(String name, String desc, int p, int attributeLength) {
        int end = p + attributeLength;
        int codeLength = u4(p + 4);
        int codeStart = p + 8;
        int q = codeStart + codeLength;
        int handlers = u2(q);
        int[] labels = new int[handlers];
        for (int h = 0; h < handlers; h++) {
            labels[h] = u2(q + 2 + 8 * h + 4); // handler_pc
        }
        q += 2 + 8 * handlers;
        int attributes = u2(q);
        q += 2;
        for (int a = 0; a < attributes; a++) {
            int length = u4(q + 2);
            if ("StackMapTable".equals(utf8(u2(q)))) {
                int[] frames = frameOffsets(q + 6);
                int[] both = java.util.Arrays.copyOf(labels, labels.length + frames.length);
                System.arraycopy(frames, 0, both, labels.length, frames.length);
                labels = both;
            }
            q += 6 + length;
        }
        if (q != end || codeLength <= 0 || end > bytes.length) {
            throw new IllegalArgumentException("malformed Code attribute in " + name + desc);
        }
        return new Method(name, desc, codeStart, codeLength, labels);
    }

    /** The code offsets at which a StackMapTable declares frames (JVMS 4.7.4). */
    private int[] frameOffsets(int p) {
        int count = u2(p);
        p += 2;
        int[] offsets = new int[count];
        int offset = -1;
        for (int i = 0; i < count; i++) {
            int type = u1(p++);
            int delta;
            if (type < 64) {
                delta = type;
            } else if (type < 128) {
                delta = type - 64;
                p = skipVerificationType(p);
            } else if (type < 247) {
                throw new IllegalArgumentException("reserved stack map frame type " + type);
            } else {
                delta = u2(p);
                p += 2;
                if (type == 247) {
                    p = skipVerificationType(p);
                } else if (type >= 252 && type <= 254) {
                    for (int k = 0; k < type - 251; k++) {
                        p = skipVerificationType(p);
                    }
                } else if (type == 255) {
                    for (int part = 0; part < 2; part++) { // locals, then stack
                        int n = u2(p);
                        p += 2;
                        for (int k = 0; k < n; k++) {
                            p = skipVerificationType(p);
                        }
                    }
                }
            }
            offset += delta + 1;
            offsets[i] = offset;
        }
        return offsets;
    }

    private int skipVerificationType(int p) {
        int tag = u1(p);
        if (tag > 8) {
            throw new IllegalArgumentException("unknown verification type " + tag);
        }
        return tag == 7 || tag == 8 ? p + 3 : p + 1;
    }

    private int skipAttributes(int p) {
        int count = u2(p);
        p += 2;
        for (int i = 0; i < count; i++) {
            p += 6 + u4(p + 2);
        }
        return p;
    }

    int tag(int index) {
        if (index <= 0 || index >= poolCount || entry[index] == 0) {
            throw new IllegalArgumentException("bad constant pool index " + index);
        }
        return u1(entry[index]);
    }

    String utf8(int index) {
        String s = utf8[index];
        if (s == null) {
            if (tag(index) != UTF8) {
                throw new IllegalArgumentException("constant pool entry " + index + " is not Utf8");
            }
            int p = entry[index];
            s = decode(bytes, p + 3, u2(p + 1));
            utf8[index] = s;
        }
        return s;
    }

    String className(int index) {
        expect(index, CLASS);
        return utf8(u2(entry[index] + 1));
    }

    /** Whether the Utf8 entry {@code index} starts with the ASCII {@code prefix}, decoding nothing. */
    boolean utf8StartsWith(int index, byte[] prefix) {
        if (tag(index) != UTF8) {
            return false;
        }
        int p = entry[index];
        if (u2(p + 1) < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[p + 3 + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The Utf8 index of a member reference's class name. */
    int memberOwnerUtf8(int index) {
        int c = u2(entry[index] + 1);
        expect(c, CLASS);
        return u2(entry[c] + 1);
    }

    /** The Utf8 index of a member reference's name. */
    int memberNameUtf8(int index) {
        int nat = u2(entry[index] + 3);
        expect(nat, NAME_AND_TYPE);
        return u2(entry[nat] + 1);
    }

    /** The method name of a Methodref or InterfaceMethodref, decoding nothing else. */
    String memberName(int index) {
        int nat = u2(entry[index] + 3);
        expect(nat, NAME_AND_TYPE);
        return utf8(u2(entry[nat] + 1));
    }

    /** The class of a Fieldref, Methodref or InterfaceMethodref. */
    String memberOwner(int index) {
        return className(u2(entry[index] + 1));
    }

    /** A Fieldref, Methodref or InterfaceMethodref. */
    MemberRef memberRef(int index) {
        int tag = tag(index);
        if (tag != FIELDREF && tag != METHODREF && tag != INTERFACE_METHODREF) {
            throw new IllegalArgumentException("constant pool entry " + index + " is not a member reference");
        }
        int p = entry[index];
        int nat = u2(p + 3);
        expect(nat, NAME_AND_TYPE);
        int q = entry[nat];
        return new MemberRef(tag, className(u2(p + 1)), utf8(u2(q + 1)), utf8(u2(q + 3)));
    }

    private void expect(int index, int tag) {
        if (tag(index) != tag) {
            throw new IllegalArgumentException("constant pool entry " + index + " has tag " + tag(index) + ", expected " + tag);
        }
    }

    int u1(int p) {
        return bytes[p] & 0xFF;
    }

    int u2(int p) {
        return (bytes[p] & 0xFF) << 8 | bytes[p + 1] & 0xFF;
    }

    int u4(int p) {
        return u2(p) << 16 | u2(p + 2);
    }

    /** Modified UTF-8 (JVMS 4.4.7). */
    static String decode(byte[] b, int from, int length) {
        int end = from + length;
        int ascii = from;
        while (ascii < end && b[ascii] >= 0) {
            ascii++;
        }
        if (ascii == end) { // nearly every name: one copy
            return new String(b, from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[length];
        int n = 0;
        for (int p = from; p < end; ) {
            int c = b[p++] & 0xFF;
            if (c < 0x80) {
                out[n++] = (char) c;
            } else if ((c & 0xE0) == 0xC0 && p < end) {
                out[n++] = (char) ((c & 0x1F) << 6 | b[p++] & 0x3F);
            } else if ((c & 0xF0) == 0xE0 && p + 1 < end) {
                out[n++] = (char) ((c & 0x0F) << 12 | (b[p] & 0x3F) << 6 | b[p + 1] & 0x3F);
                p += 2;
            } else {
                throw new IllegalArgumentException("bad modified UTF-8 at byte " + c);
            }
        }
        return new String(out, 0, n);
    }
}
