package dev.dst.elle;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The consistency models {@link ListAppend} and {@link RwRegister} judge, and the anomalies each
 * forbids (after Adya's generalized isolation levels and Elle's reading of them). A history rules
 * a model out when it shows any anomaly the model forbids.
 *
 * <table>
 *   <caption>What each model forbids</caption>
 *   <tr><th>model</th><th>forbids</th></tr>
 *   <tr><td>every model</td><td>duplicate-elements, cyclic-versions, garbage-read (no database that
 *       stores lists or registers can produce them)</td></tr>
 *   <tr><td>read-uncommitted (Adya PL-1)</td><td>G0</td></tr>
 *   <tr><td>read-committed (PL-2)</td><td>G0, G1a, G1b, G1c, dirty-update, incompatible-order</td></tr>
 *   <tr><td>repeatable-read (PL-2.99)</td><td>read-committed's, internal, G-single, G-nonadjacent,
 *       G2-item, lost-update</td></tr>
 *   <tr><td>snapshot-isolation (PL-SI)</td><td>read-committed's, internal, G-single, lost-update</td></tr>
 *   <tr><td>strong-session-snapshot-isolation</td><td>snapshot isolation's, G-nonadjacent, and
 *       the {@code -process} variants of G0, G1c, G-single and G-nonadjacent</td></tr>
 *   <tr><td>strong-snapshot-isolation</td><td>strong session snapshot isolation's and the
 *       {@code -realtime} variants of those four</td></tr>
 *   <tr><td>serializable (PL-3)</td><td>repeatable-read's</td></tr>
 *   <tr><td>strong-session-serializable</td><td>serializable's and every {@code -process} variant</td></tr>
 *   <tr><td>strict-serializable (PL-SS)</td><td>serializable's and every {@code -process} and
 *       {@code -realtime} variant</td></tr>
 * </table>
 *
 * <p>Why: every rw edge here is an item anti-dependency (these workloads have no predicate
 * reads), so a G-single or G-nonadjacent cycle is also an item anti-dependency cycle in Adya's
 * sense, and repeatable-read forbids them as well as G2-item; for the same reason
 * repeatable-read and serializable forbid the same anomalies here (they differ only on predicate
 * reads). Snapshot isolation allows G2-item (write skew: two transactions each read what the
 * other then overwrites) but not G-single, nor a lost update (first committer wins). A cycle
 * whose rw edges are never adjacent (G-nonadjacent) cannot happen under the snapshot isolation
 * of Cerone and Gotsman, which Elle takes as strong session snapshot isolation; like Elle, plain
 * snapshot isolation is judged without it. A process runs one operation at a time, so a
 * process-order violation is also a real-time one and the strong (real-time) models forbid the
 * {@code -process} variants too. A dirty update (a committed write on top of an aborted one) and
 * an incompatible order (two reads of a list that no one order explains) are judged like the
 * aborted read G1a, as Elle judges them. An internal inconsistency (a transaction's read that
 * disagrees with its own earlier reads or writes of the key) is a non-repeatable read, which
 * read committed allows and the snapshot and repeatable-read models do not.
 */
public enum ConsistencyModel {
    READ_UNCOMMITTED("read-uncommitted", types(AnomalyType.G0)),
    READ_COMMITTED("read-committed", with(READ_UNCOMMITTED, AnomalyType.G1A, AnomalyType.G1B, AnomalyType.G1C,
            AnomalyType.DIRTY_UPDATE, AnomalyType.INCOMPATIBLE_ORDER)),
    REPEATABLE_READ("repeatable-read", with(READ_COMMITTED, AnomalyType.INTERNAL, AnomalyType.G_SINGLE,
            AnomalyType.G_NONADJACENT, AnomalyType.G2_ITEM, AnomalyType.LOST_UPDATE)),
    SNAPSHOT_ISOLATION("snapshot-isolation", with(READ_COMMITTED, AnomalyType.INTERNAL, AnomalyType.G_SINGLE,
            AnomalyType.LOST_UPDATE)),
    STRONG_SESSION_SNAPSHOT_ISOLATION("strong-session-snapshot-isolation", with(SNAPSHOT_ISOLATION,
            AnomalyType.G_NONADJACENT, AnomalyType.G0_PROCESS, AnomalyType.G1C_PROCESS, AnomalyType.G_SINGLE_PROCESS,
            AnomalyType.G_NONADJACENT_PROCESS)),
    STRONG_SNAPSHOT_ISOLATION("strong-snapshot-isolation", with(STRONG_SESSION_SNAPSHOT_ISOLATION,
            AnomalyType.G0_REALTIME, AnomalyType.G1C_REALTIME, AnomalyType.G_SINGLE_REALTIME,
            AnomalyType.G_NONADJACENT_REALTIME)),
    SERIALIZABLE("serializable", with(REPEATABLE_READ)),
    STRONG_SESSION_SERIALIZABLE("strong-session-serializable", with(SERIALIZABLE, AnomalyType.G0_PROCESS,
            AnomalyType.G1C_PROCESS, AnomalyType.G_SINGLE_PROCESS, AnomalyType.G_NONADJACENT_PROCESS,
            AnomalyType.G2_ITEM_PROCESS)),
    STRICT_SERIALIZABLE("strict-serializable", with(STRONG_SESSION_SERIALIZABLE, AnomalyType.G0_REALTIME,
            AnomalyType.G1C_REALTIME, AnomalyType.G_SINGLE_REALTIME, AnomalyType.G_NONADJACENT_REALTIME,
            AnomalyType.G2_ITEM_REALTIME));

    private final String label;
    private final Set<AnomalyType> forbidden;

    ConsistencyModel(String label, EnumSet<AnomalyType> forbidden) {
        this.label = label;
        this.forbidden = Collections.unmodifiableSet(forbidden);
    }

    /** The model's name as Elle writes it, such as {@code snapshot-isolation}. */
    public String label() {
        return label;
    }

    /** The anomalies this model forbids. */
    public Set<AnomalyType> forbidden() {
        return forbidden;
    }

    /** True when a history showing {@code type} cannot satisfy this model. */
    public boolean forbids(AnomalyType type) {
        return forbidden.contains(type);
    }

    /** The model with this name ({@code serializable}, {@code snapshot-isolation}, ...). */
    public static ConsistencyModel named(String name) {
        StringBuilder known = new StringBuilder();
        for (ConsistencyModel m : values()) {
            if (m.label.equals(name)) {
                return m;
            }
            known.append(known.length() == 0 ? "" : ", ").append(m.label);
        }
        throw new IllegalArgumentException("unknown consistency model '" + name + "' (expected one of " + known + ")");
    }

    private static EnumSet<AnomalyType> types(AnomalyType... extra) {
        EnumSet<AnomalyType> s = EnumSet.of(AnomalyType.DUPLICATE_ELEMENTS, AnomalyType.CYCLIC_VERSIONS,
                AnomalyType.GARBAGE_READ);
        s.addAll(java.util.Arrays.asList(extra));
        return s;
    }

    private static EnumSet<AnomalyType> with(ConsistencyModel weaker, AnomalyType... extra) {
        EnumSet<AnomalyType> s = EnumSet.copyOf(weaker.forbidden);
        s.addAll(java.util.Arrays.asList(extra));
        return s;
    }

    @Override
    public String toString() {
        return label;
    }
}
