package dev.dst.elle;

import java.util.List;

/**
 * One anomaly found in a history: a cycle of dependencies ({@link CycleAnomaly}), or a read
 * that no correct list could have produced ({@link ReadAnomaly}). Transactions are named by
 * their operation id ({@code T4} is {@code Operation.id() == 4}).
 */
public sealed interface Anomaly permits Anomaly.CycleAnomaly, Anomaly.ReadAnomaly {
    /** Which anomaly this is. */
    AnomalyType type();

    /** The ids of the transactions involved, in the order the text names them. */
    List<Integer> txns();

    /** A readable explanation: for a cycle, its path and each transaction's micro-ops. */
    String text();

    /**
     * A cycle in the dependency graph.
     *
     * @param type  the cycle's shape ({@code G0}, {@code G-single-realtime}, ...)
     * @param cycle the transactions and the edges between them
     */
    record CycleAnomaly(AnomalyType type, Cycle cycle) implements Anomaly {
        public CycleAnomaly {
            if (!type.isCycle() || cycle == null) {
                throw new IllegalArgumentException("a cycle anomaly needs a cycle type and a cycle: " + type);
            }
        }

        @Override
        public List<Integer> txns() {
            return cycle.txns();
        }

        @Override
        public String text() {
            return type.elleName() + ": " + cycle.text();
        }

        @Override
        public String toString() {
            return type.elleName() + ": " + cycle.path();
        }
    }

    /**
     * A read (or a transaction's reads) that contradicts what was appended.
     *
     * @param type        G1a, G1b, internal, duplicate-elements, incompatible-order or garbage-read
     * @param key         the key read
     * @param txns        the transactions involved, the reader first
     * @param explanation what was read and why it cannot be
     */
    record ReadAnomaly(AnomalyType type, Object key, List<Integer> txns, String explanation) implements Anomaly {
        public ReadAnomaly {
            if (type.isCycle() || txns.isEmpty()) {
                throw new IllegalArgumentException("a read anomaly needs a non-cycle type and a reader: " + type);
            }
            txns = List.copyOf(txns);
        }

        @Override
        public String text() {
            return type.elleName() + ": " + explanation;
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
