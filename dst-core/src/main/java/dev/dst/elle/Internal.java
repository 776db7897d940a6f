package dev.dst.elle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal consistency: within one ok transaction, each read of a key must agree with the
 * transaction's own earlier reads and appends of that key, and must not hold an element the
 * transaction appends only later. Costs the length of each transaction's reads.
 */
final class Internal {
    private Internal() {}

    /** What one transaction knows of one key so far. */
    private static final class Track {
        List<Object> lastRead;                       // null until the transaction reads the key
        final List<Object> appendedSince = new ArrayList<>();

        /** Why {@code values} cannot be what this transaction reads now, or null when it can. */
        String disagreement(List<Object> values) {
            if (lastRead != null) {
                List<Object> expected = new ArrayList<>(lastRead);
                expected.addAll(appendedSince);
                return values.equals(expected) ? null : "its earlier read and appends imply " + Render.value(expected);
            }
            int n = appendedSince.size();
            if (n > values.size() || !values.subList(values.size() - n, values.size()).equals(appendedSince)) {
                return "it must end with the transaction's own appends " + Render.value(appendedSince);
            }
            return null;
        }
    }

    static void check(List<Txn> txns, Map<Object, KeyHistory> keys, List<Anomaly> out) {
        for (Txn t : txns) {
            if (t.isOk()) {
                checkTxn(t, keys, out);
            }
        }
    }

    private static void checkTxn(Txn t, Map<Object, KeyHistory> keys, List<Anomaly> out) {
        Map<Object, Track> tracks = new HashMap<>();
        for (int i = 0; i < t.microOps.size(); i++) {
            MicroOp m = t.microOps.get(i);
            Track track = tracks.computeIfAbsent(m.key(), k -> new Track());
            if (m.write()) {
                track.appendedSince.add(m.value());
                continue;
            }
            List<Object> values = m.readValues();
            String why = track.disagreement(values);
            if (why == null) {
                why = laterAppendRead(t, i, values, keys.get(m.key()));
            }
            if (why != null) {
                out.add(new Anomaly.ReadAnomaly(AnomalyType.INTERNAL, m.key(), List.of(t.op.id()),
                        Render.name(t) + " read " + Render.value(m.key()) + " " + Render.value(values) + ", but " + why
                                + "\n  " + t));
            }
            track.lastRead = values;
            track.appendedSince.clear();
        }
    }

    private static String laterAppendRead(Txn t, int readIndex, List<Object> values, KeyHistory k) {
        Object key = t.microOps.get(readIndex).key();
        for (int j = readIndex + 1; j < t.microOps.size(); j++) {
            MicroOp later = t.microOps.get(j);
            if (later.write() && later.key().equals(key) && k.readHolds(values, later.value())) {
                return "it holds " + Render.value(later.value()) + ", which the transaction appends only later";
            }
        }
        return null;
    }
}
