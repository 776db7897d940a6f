package dev.dst.leak;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Rewrites the watched calls of one class file (see {@link Watches}) so that no code offset
 * moves: instructions are patched in place, method-handle constants are repointed, and the
 * new constant-pool entries are appended. Stack-map frames therefore stay valid: a trap has
 * the watched call's stack effect, and a trap subclass is assignable wherever its JDK
 * superclass was expected.
 */
final class Rewriter {
    /** The rewritten class file, and how many call sites it changed. */
    record Result(byte[] bytes, int sites) {}

    private static final String THREAD = "java/lang/Thread";
    private static final int REF_INVOKE_VIRTUAL = 5;
    private static final int REF_INVOKE_STATIC = 6;
    private static final int REF_NEW_INVOKE_SPECIAL = 8;
    private static final int REF_INVOKE_INTERFACE = 9;

    private final ClassFile cf;
    private final byte[] out;
    private final Predicate<String> isThread;
    private final ByteArrayOutputStream appended = new ByteArrayOutputStream();
    private final Map<String, Integer> added = new HashMap<>();
    private int nextIndex;
    private int sites;

    private Rewriter(ClassFile cf, Predicate<String> isThread) {
        this.cf = cf;
        this.out = cf.bytes.clone();
        this.nextIndex = cf.poolCount;
        // the class being rewritten is not loadable yet: its own superclass answers for it
        this.isThread = owner -> owner.equals(THREAD)
                || (owner.equals(cf.thisName) ? cf.superName != null && isThread.test(cf.superName) : isThread.test(owner));
    }

    /**
     * The class with its watched calls replaced by traps, or null when it has none.
     * {@code isThread} tells whether a class (internal name) is a subclass of Thread; it is
     * asked only about owners of {@code start()V} calls.
     *
     * @throws IllegalArgumentException if the bytes are not a class file this rewriter can read
     */
    static Result rewrite(byte[] bytes, Predicate<String> isThread) {
        ClassFile cf = new ClassFile(bytes);
        if (!mentionsWatchedCalls(cf)) {
            return null;
        }
        Rewriter r = new Rewriter(cf, isThread);
        boolean serializesLambdas = false;
        for (ClassFile.Method m : cf.methods()) {
            r.method(m);
            serializesLambdas |= m.name().equals("$deserializeLambda$");
        }
        if (!serializesLambdas) { // a serialized lambda names its method, which must stay the same
            r.methodHandles();
        }
        return r.sites == 0 ? null : new Result(r.assemble(), r.sites);
    }

    private static final byte[] JAVA = "java/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] START = "start".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Whether a method reference might be watched: every watched owner is in java/, or the call is start(). */
    private static boolean mentionsWatchedCalls(ClassFile cf) {
        for (int i = 1; i < cf.poolCount; i++) {
            if (cf.entry[i] != 0) {
                int tag = cf.tag(i);
                if ((tag == ClassFile.METHODREF || tag == ClassFile.INTERFACE_METHODREF)
                        && (cf.utf8StartsWith(cf.memberOwnerUtf8(i), JAVA) || cf.utf8StartsWith(cf.memberNameUtf8(i), START))
                        && Watches.mayWatch(cf.memberOwner(i), cf.memberName(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void method(ClassFile.Method m) {
        byte[] b = cf.bytes;
        int start = m.codeStart();
        int length = m.codeLength();
        BitSet labels = new BitSet(length);
        for (int label : m.labels()) {
            labels.set(label);
        }
        for (int pc = 0, n; pc < length; pc += n) {
            n = Bytecode.length(b, start, pc);
            if (pc + n > length) {
                throw new IllegalArgumentException("instruction at " + pc + " of " + m.name() + m.desc() + " runs past the code's end");
            }
            Bytecode.branchTargets(b, start, pc, labels);
        }
        Deque<int[]> pendingNew = new ArrayDeque<>(); // {pc, class index} of a new X awaiting X.<init>
        List<int[]> pairs = new ArrayList<>();        // {pc of new, pc of invokespecial}
        boolean pairable = true;
        for (int pc = 0, n; pc < length; pc += n) {
            n = Bytecode.length(b, start, pc);
            int at = start + pc;
            int op = b[at] & 0xFF;
            if (op == Bytecode.INVOKESTATIC) {
                ClassFile.MemberRef ref = cf.memberRef(cf.u2(at + 1));
                Watches.Trap trap = Watches.forStatic(ref.owner(), ref.name(), ref.desc());
                if (trap != null) {
                    call(at, trap, 3);
                }
            } else if (op == Bytecode.INVOKEVIRTUAL || op == Bytecode.INVOKEINTERFACE) {
                ClassFile.MemberRef ref = cf.memberRef(cf.u2(at + 1));
                Watches.Trap trap = Watches.forInstance(ref.owner(), ref.name(), ref.desc(), isThread);
                if (trap != null) {
                    call(at, trap, n);
                }
            } else if (op == Bytecode.NEW) {
                int classIndex = cf.u2(at + 1);
                String type = cf.className(classIndex);
                Watches.Trap factory = Watches.factory(type);
                if (factory != null && isNoArgNew(at, pc, length, type, labels)) {
                    call(at, factory, 7);
                    n = 7;
                } else if (Watches.hasSubclass(type)) {
                    pendingNew.push(new int[] {pc, classIndex});
                }
            } else if (op == Bytecode.INVOKESPECIAL) {
                ClassFile.MemberRef ref = cf.memberRef(cf.u2(at + 1));
                // With no new pending, X.<init> is a super(...) or this(...) call: left alone.
                if (ref.name().equals("<init>") && Watches.hasSubclass(ref.owner()) && !pendingNew.isEmpty()) {
                    int[] created = pendingNew.pop();
                    pairable &= cf.className(created[1]).equals(ref.owner());
                    pairs.add(new int[] {created[0], pc});
                }
            }
        }
        if (pairable && pendingNew.isEmpty()) {
            for (int[] pair : pairs) {
                ClassFile.MemberRef init = cf.memberRef(cf.u2(start + pair[1] + 1));
                Watches.Trap trap = Watches.constructor(init.owner(), init.desc());
                if (trap != null) {
                    u2(start + pair[0] + 1, classRef(trap.owner()));
                    u2(start + pair[1] + 1, methodRef(trap));
                    sites++;
                }
            }
        }
    }

    /** {@code new type; dup; invokespecial type.<init>()V}, with nothing jumping into its middle. */
    private boolean isNoArgNew(int at, int pc, int codeLength, String type, BitSet labels) {
        byte[] b = cf.bytes;
        if (pc + 7 > codeLength || (b[at + 3] & 0xFF) != Bytecode.DUP || (b[at + 4] & 0xFF) != Bytecode.INVOKESPECIAL) {
            return false;
        }
        ClassFile.MemberRef init = cf.memberRef(cf.u2(at + 5));
        int label = labels.nextSetBit(pc + 1);
        return init.owner().equals(type) && init.name().equals("<init>") && init.desc().equals("()V")
                && (label < 0 || label >= pc + 7);
    }

    /** Replaces the {@code length} bytes at {@code at} with {@code invokestatic trap} and nops. */
    private void call(int at, Watches.Trap trap, int length) {
        out[at] = (byte) Bytecode.INVOKESTATIC;
        u2(at + 1, methodRef(trap));
        for (int i = 3; i < length; i++) {
            out[at + i] = Bytecode.NOP;
        }
        sites++;
    }

    /** Method-handle constants (method references, lambdas' bootstrap arguments) of watched methods. */
    private void methodHandles() {
        for (int i = 1; i < cf.poolCount; i++) {
            if (cf.entry[i] == 0 || cf.tag(i) != ClassFile.METHOD_HANDLE) {
                continue;
            }
            int p = cf.entry[i];
            int kind = cf.u1(p + 1);
            if (kind < REF_INVOKE_VIRTUAL) {
                continue; // field accessors
            }
            ClassFile.MemberRef ref = cf.memberRef(cf.u2(p + 2));
            Watches.Trap trap = null;
            int newKind = REF_INVOKE_STATIC;
            if (kind == REF_INVOKE_STATIC) {
                trap = Watches.forStatic(ref.owner(), ref.name(), ref.desc());
            } else if (kind == REF_INVOKE_VIRTUAL || kind == REF_INVOKE_INTERFACE) {
                trap = Watches.forInstance(ref.owner(), ref.name(), ref.desc(), isThread);
            } else if (kind == REF_NEW_INVOKE_SPECIAL && ref.desc().equals("()V")) {
                trap = Watches.factory(ref.owner());
            }
            if (trap == null && kind == REF_NEW_INVOKE_SPECIAL) {
                trap = Watches.constructor(ref.owner(), ref.desc());
                newKind = REF_NEW_INVOKE_SPECIAL;
            }
            if (trap != null) {
                out[p + 1] = (byte) newKind;
                u2(p + 2, methodRef(trap));
                sites++;
            }
        }
    }

    private void u2(int at, int value) {
        out[at] = (byte) (value >>> 8);
        out[at + 1] = (byte) value;
    }

    private int methodRef(Watches.Trap trap) {
        String key = "M" + trap.owner() + '.' + trap.name() + trap.desc();
        Integer index = added.get(key);
        if (index == null) {
            int owner = classRef(trap.owner());
            int nat = entry("T" + trap.name() + ' ' + trap.desc(), ClassFile.NAME_AND_TYPE, utf8(trap.name()), utf8(trap.desc()));
            index = entry(key, ClassFile.METHODREF, owner, nat);
        }
        return index;
    }

    private int classRef(String internalName) {
        return entry("C" + internalName, ClassFile.CLASS, utf8(internalName), -1);
    }

    private int utf8(String s) {
        String key = "U" + s;
        Integer index = added.get(key);
        if (index == null) {
            byte[] text = s.getBytes(java.nio.charset.StandardCharsets.UTF_8); // trap names are ASCII
            appended.write(ClassFile.UTF8);
            appended.write(text.length >>> 8);
            appended.write(text.length);
            appended.write(text, 0, text.length);
            index = nextIndex++;
            added.put(key, index);
        }
        return index;
    }

    /** Appends an entry of two u2 operands (the second omitted when negative), once per key. */
    private int entry(String key, int tag, int first, int second) {
        Integer index = added.get(key);
        if (index == null) {
            appended.write(tag);
            appended.write(first >>> 8);
            appended.write(first);
            if (second >= 0) {
                appended.write(second >>> 8);
                appended.write(second);
            }
            index = nextIndex++;
            added.put(key, index);
        }
        return index;
    }

    private byte[] assemble() {
        if (nextIndex > 0xFFFF) {
            throw new IllegalArgumentException("the constant pool would pass 65535 entries");
        }
        byte[] extra = appended.toByteArray();
        byte[] result = new byte[out.length + extra.length];
        System.arraycopy(out, 0, result, 0, cf.poolEnd);
        result[8] = (byte) (nextIndex >>> 8);
        result[9] = (byte) nextIndex;
        System.arraycopy(extra, 0, result, cf.poolEnd, extra.length);
        System.arraycopy(out, cf.poolEnd, result, cf.poolEnd + extra.length, out.length - cf.poolEnd);
        return result;
    }
}
