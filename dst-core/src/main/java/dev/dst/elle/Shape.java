package dev.dst.elle;

import it.unimi.dsi.fastutil.ints.IntList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A cycle shape to search for: which edge kinds it may use, how many edges of one counted kind
 * it needs (wr for G1c, rw for G-single and G2-item), and, for the process and real-time
 * variants, that it uses at least one edge of that kind. A search state tracks the count
 * (capped at what the shape needs) and whether the extra kind was used: {@link #STATES} per vertex.
 */
final class Shape {
    static final int STATES = 6;   // count 0..2 x extra used 0..1
    static final int TIERS = 3;    // data only; with process edges; with process and real-time edges
    static final int BASES = 4;    // G0, G1c, G-single, G2-item

    /** Every shape, data-only ones first, then the process variants, then the real-time ones. */
    static final List<Shape> ALL = all();

    final AnomalyType type;
    final int base;
    final int tier;
    final int allowedMask;
    final int countedBit;
    final int countMin;
    final boolean exact;
    final int extraBit;

    private Shape(int base, int tier) {
        this.base = base;
        this.tier = tier;
        this.type = AnomalyType.values()[tier * BASES + base];
        int ww = EdgeKind.WW.bit();
        int wr = EdgeKind.WR.bit();
        int rw = EdgeKind.RW.bit();
        int data = base == 0 ? ww : base == 1 ? ww | wr : ww | wr | rw;
        this.countedBit = base == 0 ? 0 : base == 1 ? wr : rw;
        this.countMin = base == 0 ? 0 : base == 3 ? 2 : 1;
        this.exact = base == 2;
        int process = EdgeKind.PROCESS.bit();
        int realtime = EdgeKind.REALTIME.bit();
        this.allowedMask = data | (tier >= 1 ? process : 0) | (tier == 2 ? realtime : 0);
        this.extraBit = tier == 0 ? 0 : tier == 1 ? process : realtime;
        assert type.isCycle() && type.isProcess() == (tier == 1) && type.isRealtime() == (tier == 2) : type;
    }

    private static List<Shape> all() {
        List<Shape> shapes = new ArrayList<>();
        for (int tier = 0; tier < TIERS; tier++) {
            for (int base = 0; base < BASES; base++) {
                shapes.add(new Shape(base, tier));
            }
        }
        return Collections.unmodifiableList(shapes);
    }

    /** The kinds a search starts from: the extra kind, else the counted kind, else any allowed. */
    int seedMask() {
        return extraBit != 0 ? extraBit : countedBit != 0 ? countedBit : allowedMask;
    }

    /** The state (count * 2 + extra used) after taking an edge of kind {@code bit} from {@code state}, or -1 when the shape forbids it. */
    int next(int state, int bit) {
        assert (bit & allowedMask) != 0;
        int count = (state >> 1) + (bit == countedBit ? 1 : 0);
        if (count > countMin) {
            if (exact) {
                return -1;
            }
            count = countMin;
        }
        int extra = (state & 1) | (bit == extraBit ? 1 : 0);
        return count * 2 + extra;
    }

    /** True when a path that reached {@code state} closes a cycle of this shape. */
    boolean complete(int state) {
        return (state >> 1) == countMin && (extraBit == 0 || (state & 1) == 1);
    }

    /** True when the cycle of these edges (kind bits) has this shape. */
    boolean accepts(IntList kindBitsOfEdges) {
        int counted = 0;
        boolean extra = extraBit == 0;
        for (int i = 0; i < kindBitsOfEdges.size(); i++) {
            int bit = kindBitsOfEdges.getInt(i);
            if ((bit & allowedMask) == 0) {
                return false;
            }
            counted += bit == countedBit ? 1 : 0;
            extra |= bit == extraBit;
        }
        return (exact ? counted == countMin : counted >= countMin) && extra;
    }

    @Override
    public String toString() {
        return type.elleName();
    }
}
