package dev.dst.elle;

import dev.dst.history.History;
import dev.dst.history.OpType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dst.elle.Histories.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker on valid histories, its inputs and its model table. */
class ListAppendTest {

    @Test
    void aSerializableHistoryWithConcurrencyFailuresAndInfoHasNoAnomaly() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:r :y nil]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:append :y 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:r :y []]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1]] [:append :y 1]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:append :x 2]]}
                 {:process 2, :type :fail, :f :txn, :value [[:append :x 2]]}
                 {:process 3, :type :invoke, :f :txn, :value [[:append :x 3] [:append :y 2]]}
                 {:process 0, :type :invoke, :f :txn, :value [[:append :z 1]]}
                 {:process 0, :type :info, :f :txn, :value [[:append :z 1]]}
                 {:process 3, :type :info, :f :txn, :value [[:append :x 3] [:append :y 2]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil] [:append :x 4] [:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1 3]] [:r :y [1 2]] [:append :x 4] [:r :x [1 3 4]]]}]
                """);
        assertTrue(r.valid(), r::toString);
        assertTrue(r.ruledOut().isEmpty(), r::toString);
        assertEquals(6, r.transactions());
        assertEquals(4, r.committed(), "ok ones and the info whose appends were read; not the fail, nor the unread info");
        assertEquals("list-append: no anomaly (6 transactions, 4 committed)", r.summary());
    }

    @Test
    void operationsOtherThanTxnAreLeftOut() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :read, :value nil}
                 {:process 0, :type :ok, :f :read, :value 3}
                 {:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}]
                """);
        assertTrue(r.valid(), r::toString);
        assertEquals(1, r.transactions());
    }

    @Test
    void aRecordedHistoryWithStringFunctionsChecksLikeAParsedOne() {
        History h = new History();
        h.invoke(0, "txn", List.of(List.of("append", "x", 1)), 0);
        h.complete(0, OpType.OK, List.of(List.of("append", "x", 1)), 1);
        h.invoke(1, "txn", List.of(java.util.Arrays.asList("r", "x", null)), 2);
        h.complete(1, OpType.OK, List.of(List.of("r", "x", List.of())), 3);
        h.invoke(2, "txn", List.of(java.util.Arrays.asList("r", "x", null)), 4);
        h.complete(2, OpType.OK, List.of(List.of("r", "x", List.of(1))), 5);
        ElleResult r = ListAppend.check(h);
        assertEquals("T0 --realtime--> T1 --rw(x empty)--> T0", Histories.onlyCycle(r, AnomalyType.G_SINGLE_REALTIME));
    }

    @Test
    void aMalformedMicroOpIsRejectedWithTheOperationQuoted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:write :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:write :x 1]]}]
                """));
        assertEquals("line 2: list-append: operation T0 (p0 txn [[\"write\" \"x\" 1]] (ok)): a micro-op's f must be :append or :r,"
                + " like [[:append :x 1] [:r :x [1]]]; found [write x 1]", e.getMessage());
    }

    @Test
    void aStrongerModelForbidsEverythingAWeakerOneDoes() {
        ConsistencyModel[][] stronger = {
                {ConsistencyModel.READ_COMMITTED, ConsistencyModel.READ_UNCOMMITTED},
                {ConsistencyModel.REPEATABLE_READ, ConsistencyModel.READ_COMMITTED},
                {ConsistencyModel.SNAPSHOT_ISOLATION, ConsistencyModel.READ_COMMITTED},
                {ConsistencyModel.SERIALIZABLE, ConsistencyModel.REPEATABLE_READ},
                {ConsistencyModel.SERIALIZABLE, ConsistencyModel.SNAPSHOT_ISOLATION},
                {ConsistencyModel.STRONG_SESSION_SERIALIZABLE, ConsistencyModel.SERIALIZABLE},
                {ConsistencyModel.STRICT_SERIALIZABLE, ConsistencyModel.STRONG_SESSION_SERIALIZABLE},
                {ConsistencyModel.STRONG_SESSION_SNAPSHOT_ISOLATION, ConsistencyModel.SNAPSHOT_ISOLATION},
                {ConsistencyModel.STRONG_SNAPSHOT_ISOLATION, ConsistencyModel.STRONG_SESSION_SNAPSHOT_ISOLATION},
                {ConsistencyModel.STRONG_SESSION_SERIALIZABLE, ConsistencyModel.STRONG_SESSION_SNAPSHOT_ISOLATION},
                {ConsistencyModel.STRICT_SERIALIZABLE, ConsistencyModel.STRONG_SNAPSHOT_ISOLATION},
        };
        for (ConsistencyModel[] pair : stronger) {
            assertTrue(pair[0].forbidden().containsAll(pair[1].forbidden()), pair[0] + " vs " + pair[1]);
        }
        // with item reads only (no predicates), Adya's G2 is G2-item: the two cannot be told apart here
        assertEquals(ConsistencyModel.REPEATABLE_READ.forbidden(), ConsistencyModel.SERIALIZABLE.forbidden());
        assertTrue(ConsistencyModel.REPEATABLE_READ.forbids(AnomalyType.G2_ITEM));
        assertTrue(!ConsistencyModel.SNAPSHOT_ISOLATION.forbids(AnomalyType.G2_ITEM));
        assertTrue(ConsistencyModel.SNAPSHOT_ISOLATION.forbids(AnomalyType.G_SINGLE));
        assertTrue(!ConsistencyModel.SNAPSHOT_ISOLATION.forbids(AnomalyType.G_NONADJACENT));
        assertTrue(ConsistencyModel.STRONG_SESSION_SNAPSHOT_ISOLATION.forbids(AnomalyType.G_NONADJACENT));
        assertTrue(!ConsistencyModel.READ_COMMITTED.forbids(AnomalyType.INTERNAL)
                && !ConsistencyModel.READ_COMMITTED.forbids(AnomalyType.LOST_UPDATE));
        for (AnomalyType t : AnomalyType.values()) {
            assertTrue(ConsistencyModel.STRICT_SERIALIZABLE.forbids(t), t + " rules out strict serializability");
        }
    }

    @Test
    void modelsAndAnomaliesAreNamedAsElleNamesThem() {
        assertEquals(ConsistencyModel.SNAPSHOT_ISOLATION, ConsistencyModel.named("snapshot-isolation"));
        assertEquals(AnomalyType.G_SINGLE_REALTIME, AnomalyType.named("G-single-realtime"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsistencyModel.named("linearizable"));
        assertTrue(e.getMessage().contains("'linearizable'") && e.getMessage().contains("strict-serializable"), e.getMessage());
    }
}
