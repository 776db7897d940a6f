package dev.dst.elle;

import dev.dst.checker.CheckResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ListAppend#check} or {@link RwRegister#check} found: the anomalies, and for each
 * {@link ConsistencyModel} whether the history rules it out.
 *
 * @param workload          {@code list-append} or {@code rw-register}
 * @param anomalies         read anomalies first, in the order found, then cycles by shape
 * @param ruledOut          the models some anomaly rules out
 * @param transactions      the number of {@code txn} operations checked
 * @param committed         how many of them the checker treats as committed (ok, or info with an append that was read)
 * @param truncatedSearches cycle shapes whose search stopped at its work budget, plus one when
 *                          rw-register left out edges from the initial state past its bound; when
 *                          not 0, an anomaly may have been missed (never invented)
 */
public record ElleResult(String workload, List<Anomaly> anomalies, Set<ConsistencyModel> ruledOut, int transactions, int committed,
                         int truncatedSearches) implements CheckResult {
    public ElleResult {
        Objects.requireNonNull(workload, "workload");
        anomalies = List.copyOf(anomalies);
        EnumSet<ConsistencyModel> models = EnumSet.noneOf(ConsistencyModel.class);
        models.addAll(ruledOut);
        ruledOut = Collections.unmodifiableSet(models);
        if (committed < 0 || committed > transactions || truncatedSearches < 0) {
            throw new IllegalArgumentException("bad counts: " + committed + " of " + transactions + ", " + truncatedSearches);
        }
    }

    /** The result for these anomalies, with every model any of them rules out. */
    static ElleResult of(String workload, List<Anomaly> anomalies, int transactions, int committed, int truncatedSearches) {
        EnumSet<ConsistencyModel> out = EnumSet.noneOf(ConsistencyModel.class);
        for (Anomaly a : anomalies) {
            for (ConsistencyModel m : ConsistencyModel.values()) {
                if (m.forbids(a.type())) {
                    out.add(m);
                }
            }
        }
        return new ElleResult(workload, anomalies, out, transactions, committed, truncatedSearches);
    }

    /** True when no anomaly was found: every model in the catalogue is still possible. */
    @Override
    public boolean valid() {
        return anomalies.isEmpty();
    }

    /** True when nothing found rules {@code model} out. */
    public boolean allows(ConsistencyModel model) {
        return !ruledOut.contains(model);
    }

    /** The anomaly types found. */
    public Set<AnomalyType> types() {
        EnumSet<AnomalyType> types = EnumSet.noneOf(AnomalyType.class);
        for (Anomaly a : anomalies) {
            types.add(a.type());
        }
        return Collections.unmodifiableSet(types);
    }

    /** The anomalies of one type, in the order found. */
    public List<Anomaly> anomalies(AnomalyType type) {
        List<Anomaly> out = new ArrayList<>();
        for (Anomaly a : anomalies) {
            if (a.type() == type) {
                out.add(a);
            }
        }
        return out;
    }

    /** One line: the verdict, the anomaly counts by type, the models ruled out. */
    @Override
    public String summary() {
        Map<AnomalyType, Integer> counts = new EnumMap<>(AnomalyType.class);
        for (Anomaly a : anomalies) {
            counts.merge(a.type(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder(workload).append(": ").append(valid() ? "no anomaly" : "anomalies")
                .append(" (").append(transactions).append(" transactions, ").append(committed).append(" committed");
        counts.forEach((t, n) -> sb.append("; ").append(t.elleName()).append(' ').append(n));
        sb.append(')');
        if (!ruledOut.isEmpty()) {
            sb.append("; ruled out: ");
            List<String> names = new ArrayList<>();
            ruledOut.forEach(m -> names.add(m.label()));
            sb.append(String.join(", ", names));
        }
        if (truncatedSearches > 0) {
            sb.append(truncatedSearches == 1 ? "; 1 search stopped at its budget"
                    : "; " + truncatedSearches + " searches stopped at their budget");
        }
        return sb.toString();
    }

    /** The summary, then every anomaly's text. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(summary());
        for (Anomaly a : anomalies) {
            sb.append('\n').append(a.text());
        }
        return sb.toString();
    }
}
