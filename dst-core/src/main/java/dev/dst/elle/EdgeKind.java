package dev.dst.elle;

/**
 * Why one transaction must come before another in every serialization the checker considers.
 *
 * <ul>
 *   <li>{@link #WW}: write-write; the source appended the element that directly precedes the
 *       target's append in the key's version order;
 *   <li>{@link #WR}: write-read; the target read the key up to the element the source appended;
 *   <li>{@link #RW}: read-write (anti-dependency); the source read the key up to an element and
 *       the target appended the next one (or the first, when the read was empty);
 *   <li>{@link #PROCESS}: the source completed ok on a process before the target was invoked on it;
 *   <li>{@link #REALTIME}: the source completed ok before the target was invoked.
 * </ul>
 */
public enum EdgeKind {
    WW("ww"), WR("wr"), RW("rw"), PROCESS("process"), REALTIME("realtime");

    private final String label;

    EdgeKind(String label) {
        this.label = label;
    }

    /** The short name used in cycle texts ({@code ww}, {@code rw}, {@code realtime}, ...). */
    public String label() {
        return label;
    }

    /** A bit for edge-kind masks. */
    int bit() {
        return 1 << ordinal();
    }

    /** True for the kinds inferred from the data (ww, wr, rw) rather than from the order of operations. */
    boolean isData() {
        return this == WW || this == WR || this == RW;
    }

    static EdgeKind ofBit(int bit) {
        assert Integer.bitCount(bit) == 1 : "one kind per edge: " + bit;
        return values()[Integer.numberOfTrailingZeros(bit)];
    }
}
