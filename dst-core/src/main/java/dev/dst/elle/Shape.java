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
 *
 * <p>G-nonadjacent is searched from an rw edge, and its state is instead whether the last edge
 * taken was rw (two rw edges in a row are refused, and the cycle may not close with one, since
 * it began with one) and whether the extra kind was used.
 */
final class Shape {
    static final int STATES = 6;   // count 0..2 x extra used 0..1
    static final int TIERS = 3;    // data only; with process edges; with process and real-time edges
    static final int BASES = 5;    // G0, G1c, G-single, G-nonadjacent, G2-item
    static final int G_SINGLE = 2;
    static final int G_NONADJACENT = 3;

    /** Every shape, data-only ones first, then the process variants, then the real-time ones. */
    static final List<Shape> ALL = all();

    final AnomalyType type;
    final int base;
    final int tier;
    final int allowedMask;
    final int countedBit;
    final int countMin;
    final boolean exact;
    final boolean nonadjacent;
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
        this.countMin = base == 0 ? 0 : base == 4 ? 2 : 1;
        this.exact = base == G_SINGLE;
        this.nonadjacent = base == G_NONADJACENT;
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

    /** The kinds a search starts from: rw for G-nonadjacent, else the extra kind, else the counted kind, else any allowed. */
    int seedMask() {
        return nonadjacent ? countedBit : extraBit != 0 ? extraBit : countedBit != 0 ? countedBit : allowedMask;
    }

    /**
     * True when a cycle of base {@code foundBase} (at any tier) found in a component makes searching
     * this shape there pointless: it rules out every model this shape's cycle would (a process or
     * real-time variant of a base already found, or G-nonadjacent where a G-single was found).
     */
    boolean coveredBy(int foundBase) {
        return foundBase == base || (foundBase == G_SINGLE && base == G_NONADJACENT);
    }

    /** The state (count * 2 + extra used) after taking an edge of kind {@code bit} from {@code state}, or -1 when the shape forbids it. */
    int next(int state, int bit) {
        assert (bit & allowedMask) != 0;
        int extra = (state & 1) | (bit == extraBit ? 1 : 0);
        if (nonadjacent) {
            boolean rw = bit == countedBit;
            return rw && (state >> 1) == 1 ? -1 : (rw ? 2 : 0) + extra;
        }
        int count = (state >> 1) + (bit == countedBit ? 1 : 0);
        if (count > countMin) {
            if (exact) {
                return -1;
            }
            count = countMin;
        }
        return count * 2 + extra;
    }

    /** True when a path that reached {@code state} closes a cycle of this shape. */
    boolean complete(int state) {
        boolean counted = nonadjacent ? (state >> 1) == 0 : (state >> 1) == countMin;
        return counted && (extraBit == 0 || (state & 1) == 1);
    }

    /** True when the cycle of these edges (kind bits) has this shape. */
    boolean accepts(IntList kindBitsOfEdges) {
        int counted = 0;
        boolean extra = extraBit == 0;
        int n = kindBitsOfEdges.size();
        for (int i = 0; i < n; i++) {
            int bit = kindBitsOfEdges.getInt(i);
            if ((bit & allowedMask) == 0) {
                return false;
            }
            if (nonadjacent && bit == countedBit && kindBitsOfEdges.getInt((i + 1) % n) == countedBit) {
                return false;
            }
            counted += bit == countedBit ? 1 : 0;
            extra |= bit == extraBit;
        }
        return (exact ? counted == countMin : counted >= countMin) && extra;
    }

    /**
     * The type to report a cycle this shape accepted as: a G-nonadjacent cycle with one rw edge
     * is a G-single (found when the G-single search of its component ran out of budget).
     */
    AnomalyType reportedType(int countedEdges) {
        return nonadjacent && countedEdges == 1 ? AnomalyType.values()[tier * BASES + G_SINGLE] : type;
    }

    @Override
    public String toString() {
        return type.elleName();
    }
}
