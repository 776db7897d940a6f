package dev.dst.leak;

/** Opcodes the rewriter reads or writes, and the length of every instruction (JVMS 6.5). */
final class Bytecode {
    static final int NOP = 0;
    static final int DUP = 89;
    static final int IFEQ = 153;
    static final int JSR = 168;
    static final int TABLESWITCH = 170;
    static final int LOOKUPSWITCH = 171;
    static final int INVOKEVIRTUAL = 182;
    static final int INVOKESPECIAL = 183;
    static final int INVOKESTATIC = 184;
    static final int INVOKEINTERFACE = 185;
    static final int NEW = 187;
    static final int WIDE = 196;
    static final int IFNULL = 198;
    static final int IFNONNULL = 199;
    static final int GOTO_W = 200;
    static final int JSR_W = 201;

    /** Lengths of the fixed-size instructions; 0 for the variable ones and -1 for undefined opcodes. */
    private static final byte[] LENGTH = new byte[256];

    static {
        java.util.Arrays.fill(LENGTH, (byte) -1);
        fill(0, 15, 1);      // nop .. dconst_1
        LENGTH[16] = 2;      // bipush
        LENGTH[17] = 3;      // sipush
        LENGTH[18] = 2;      // ldc
        fill(19, 20, 3);     // ldc_w, ldc2_w
        fill(21, 25, 2);     // iload .. aload
        fill(26, 53, 1);     // iload_0 .. saload
        fill(54, 58, 2);     // istore .. astore
        fill(59, 131, 1);    // istore_0 .. lxor
        LENGTH[132] = 3;     // iinc
        fill(133, 152, 1);   // i2l .. dcmpg
        fill(153, 168, 3);   // ifeq .. jsr
        LENGTH[169] = 2;     // ret
        LENGTH[TABLESWITCH] = 0;
        LENGTH[LOOKUPSWITCH] = 0;
        fill(172, 177, 1);   // ireturn .. return
        fill(178, 184, 3);   // getstatic .. invokestatic
        fill(185, 186, 5);   // invokeinterface, invokedynamic
        LENGTH[187] = 3;     // new
        LENGTH[188] = 2;     // newarray
        LENGTH[189] = 3;     // anewarray
        fill(190, 191, 1);   // arraylength, athrow
        fill(192, 193, 3);   // checkcast, instanceof
        fill(194, 195, 1);   // monitorenter, monitorexit
        LENGTH[WIDE] = 0;
        LENGTH[197] = 4;     // multianewarray
        fill(198, 199, 3);   // ifnull, ifnonnull
        fill(200, 201, 5);   // goto_w, jsr_w
    }

    private static void fill(int from, int to, int length) {
        for (int op = from; op <= to; op++) {
            LENGTH[op] = (byte) length;
        }
    }

    private Bytecode() {}

    /**
     * The length of the instruction at {@code pc}, an offset from {@code codeStart} (switch
     * padding is counted from the start of the code array, not of the file).
     */
    static int length(byte[] b, int codeStart, int pc) {
        int op = b[codeStart + pc] & 0xFF;
        int n = LENGTH[op];
        if (n > 0) {
            return n;
        }
        if (n < 0) {
            throw new IllegalArgumentException("undefined opcode " + op + " at " + pc);
        }
        if (op == WIDE) {
            return (b[codeStart + pc + 1] & 0xFF) == 132 ? 6 : 4; // wide iinc, or wide load/store/ret
        }
        int operands = pc + 1 + (3 - pc % 4); // 0-3 bytes of padding align the operands
        int at = codeStart + operands;
        if (op == TABLESWITCH) {
            long entries = (long) s4(b, at + 8) - s4(b, at + 4) + 1;
            if (entries < 0 || entries > 0xFFFF) {
                throw new IllegalArgumentException("tableswitch with " + entries + " entries at " + pc);
            }
            return operands - pc + 12 + (int) entries * 4;
        }
        int pairs = s4(b, at + 4);
        if (pairs < 0 || pairs > 0xFFFF) {
            throw new IllegalArgumentException("lookupswitch with " + pairs + " pairs at " + pc);
        }
        return operands - pc + 8 + pairs * 8;
    }

    /** Adds the targets of the branch or switch at {@code pc} to {@code targets} (code offsets). */
    static void branchTargets(byte[] b, int codeStart, int pc, java.util.BitSet targets) {
        int op = b[codeStart + pc] & 0xFF;
        int at = codeStart + pc;
        if (op >= IFEQ && op <= JSR || op == IFNULL || op == IFNONNULL) {
            targets.set(pc + (short) ((b[at + 1] & 0xFF) << 8 | b[at + 2] & 0xFF));
        } else if (op == GOTO_W || op == JSR_W) {
            targets.set(pc + s4(b, at + 1));
        } else if (op == TABLESWITCH || op == LOOKUPSWITCH) {
            int operands = codeStart + pc + 1 + (3 - pc % 4);
            targets.set(pc + s4(b, operands));
            if (op == TABLESWITCH) {
                int n = s4(b, operands + 8) - s4(b, operands + 4) + 1;
                for (int i = 0; i < n; i++) {
                    targets.set(pc + s4(b, operands + 12 + 4 * i));
                }
            } else {
                int n = s4(b, operands + 4);
                for (int i = 0; i < n; i++) {
                    targets.set(pc + s4(b, operands + 12 + 8 * i));
                }
            }
        }
    }

    static int s4(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }
}
