package dev.dst.elle;

import dev.dst.history.Format;
import dev.dst.history.History;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Helpers for the checker's tests: parse EDN, check, and compare verdicts with messages that show the result. */
final class Histories {
    private Histories() {}

    static ElleResult check(String edn) {
        return ListAppend.check(History.parse(edn, Format.EDN));
    }

    /** The result has exactly one anomaly, of this type, and returns it. */
    static Anomaly only(ElleResult r, AnomalyType type) {
        assertEquals(Set.of(type), r.types(), r::toString);
        assertEquals(1, r.anomalies().size(), r::toString);
        return r.anomalies().get(0);
    }

    /** The models ruled out are exactly these. */
    static void ruledOut(ElleResult r, ConsistencyModel... models) {
        EnumSet<ConsistencyModel> expected = EnumSet.noneOf(ConsistencyModel.class);
        expected.addAll(java.util.Arrays.asList(models));
        assertEquals(expected, r.ruledOut(), r::toString);
    }

    /** The models still allowed are exactly these; every other one is ruled out. */
    static void allowedOnly(ElleResult r, ConsistencyModel... models) {
        EnumSet<ConsistencyModel> expected = EnumSet.allOf(ConsistencyModel.class);
        expected.removeAll(java.util.Arrays.asList(models));
        assertEquals(expected, r.ruledOut(), r::toString);
    }

    /** The path of the only anomaly, which must be a cycle of this type. */
    static String onlyCycle(ElleResult r, AnomalyType type) {
        Anomaly a = only(r, type);
        return ((Anomaly.CycleAnomaly) a).cycle().path();
    }
}
