package dev.dst.elle;

/**
 * The anomalies {@link ListAppend} and {@link RwRegister} report, named as Elle and Adya name them.
 *
 * <p>Cycle anomalies (a cycle in the dependency graph of committed transactions):
 * <ul>
 *   <li>{@code G0}: write cycle, ww edges only;
 *   <li>{@code G1c}: circular information flow, ww and wr edges with at least one wr;
 *   <li>{@code G-single}: read skew, exactly one rw edge, the rest ww or wr;
 *   <li>{@code G-nonadjacent}: two or more rw edges, no two of them next to each other in the
 *       cycle, the rest ww or wr (G-single is the one-rw case);
 *   <li>{@code G2-item}: anti-dependency cycle with two or more rw edges (write skew, for instance);
 *   <li>each with a {@code -process} variant (the cycle needs a process-order edge) and a
 *       {@code -realtime} variant (it needs a real-time edge).
 * </ul>
 * Other anomalies:
 * <ul>
 *   <li>{@code G1a}, aborted read: a read saw an element appended by a failed transaction;
 *   <li>{@code G1b}, intermediate read: a read ended at an element whose transaction appended
 *       to the same key again afterwards (a version that transaction never committed), or, for
 *       registers, read a value its writer overwrote in the same transaction;
 *   <li>{@code dirty-update}: the version order holds an element of a failed transaction and,
 *       after it, a committed one's: a committed write was made on top of an aborted one;
 *   <li>{@code lost-update}: two committed transactions read the same version of a key and both
 *       wrote the key (registers; with lists the same pair is a G-single cycle);
 *   <li>{@code cyclic-versions}: the version order inferred for a register key has a cycle;
 *   <li>{@code internal}: a read disagrees with its own transaction's earlier reads and appends
 *       of the key, or holds an element the transaction appends only later;
 *   <li>{@code duplicate-elements}: a read shows one element twice (appends are assumed unique);
 *   <li>{@code incompatible-order}: two reads of a key of which neither is a prefix of the other;
 *   <li>{@code garbage-read}: a read saw an element (or register value) no transaction wrote.
 * </ul>
 */
public enum AnomalyType {
    // The cycle types: Shape.ALL's order (tier * Shape.BASES + base).
    G0("G0"), G1C("G1c"), G_SINGLE("G-single"), G_NONADJACENT("G-nonadjacent"), G2_ITEM("G2-item"),
    G0_PROCESS("G0-process"), G1C_PROCESS("G1c-process"), G_SINGLE_PROCESS("G-single-process"),
    G_NONADJACENT_PROCESS("G-nonadjacent-process"), G2_ITEM_PROCESS("G2-item-process"),
    G0_REALTIME("G0-realtime"), G1C_REALTIME("G1c-realtime"), G_SINGLE_REALTIME("G-single-realtime"),
    G_NONADJACENT_REALTIME("G-nonadjacent-realtime"), G2_ITEM_REALTIME("G2-item-realtime"),
    G1A("G1a"), G1B("G1b"), DIRTY_UPDATE("dirty-update"), LOST_UPDATE("lost-update"), INTERNAL("internal"),
    DUPLICATE_ELEMENTS("duplicate-elements"), INCOMPATIBLE_ORDER("incompatible-order"),
    CYCLIC_VERSIONS("cyclic-versions"), GARBAGE_READ("garbage-read");

    private final String elleName;

    AnomalyType(String elleName) {
        this.elleName = elleName;
    }

    /** The name Elle uses, such as {@code G-single-realtime} or {@code incompatible-order}. */
    public String elleName() {
        return elleName;
    }

    /** True for the anomalies that are cycles in the dependency graph. */
    public boolean isCycle() {
        return ordinal() <= G2_ITEM_REALTIME.ordinal();
    }

    /** True for the cycle anomalies that need a process-order edge. */
    public boolean isProcess() {
        return ordinal() >= G0_PROCESS.ordinal() && ordinal() <= G2_ITEM_PROCESS.ordinal();
    }

    /** True for the cycle anomalies that need a real-time edge. */
    public boolean isRealtime() {
        return ordinal() >= G0_REALTIME.ordinal() && ordinal() <= G2_ITEM_REALTIME.ordinal();
    }

    /** The anomaly with this Elle name. */
    public static AnomalyType named(String name) {
        for (AnomalyType t : values()) {
            if (t.elleName.equals(name)) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (AnomalyType t : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(t.elleName);
        }
        throw new IllegalArgumentException("unknown anomaly '" + name + "' (expected one of " + known + ")");
    }

    @Override
    public String toString() {
        return elleName;
    }
}
