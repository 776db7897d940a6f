package dev.dst.elle;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dst.elle.ConsistencyModel.READ_UNCOMMITTED;
import static dev.dst.elle.Histories.allowedOnly;
import static dev.dst.elle.Histories.check;
import static dev.dst.elle.Histories.only;
import static dev.dst.elle.Histories.ruledOut;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One small hand-written EDN history per read anomaly, each showing exactly that anomaly. */
class ReadAnomalyTest {

    @Test
    void readingAFailedTransactionsAppendIsG1a() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :fail, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """);
        Anomaly a = only(r, AnomalyType.G1A);
        assertEquals("""
                G1a: T1 read x [1], but 1 was appended by T0, which failed
                  T1 (p1, ok): [r x [1]]
                  T0 (p0, fail): [append x 1]""", a.text());
        assertEquals(List.of(1, 0), a.txns());
        allowedOnly(r, READ_UNCOMMITTED);
    }

    @Test
    void aCommittedAppendAfterAFailedOneIsADirtyUpdate() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :fail, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:append :x 2]]}
                 {:process 1, :type :ok, :f :txn, :value [[:append :x 2]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1 2]]]}]
                """);
        assertEquals(java.util.Set.of(AnomalyType.G1A, AnomalyType.DIRTY_UPDATE), r.types(), r::toString);
        Anomaly a = r.anomalies(AnomalyType.DIRTY_UPDATE).get(0);
        assertEquals("""
                dirty-update: T2 read x [1 2]: T1 appended 2 after 1, which T0 appended and which failed
                  T1 (p1, ok): [append x 2]
                  T0 (p0, fail): [append x 1]
                  T2 (p2, ok): [r x [1 2]]""", a.text());
        assertEquals(List.of(1, 0, 2), a.txns());
        allowedOnly(r, READ_UNCOMMITTED);
    }

    @Test
    void aFailedAppendLastInTheOrderIsOnlyG1a() {
        ElleResult r = check("""
                [{:process 1, :type :invoke, :f :txn, :value [[:append :x 2]]}
                 {:process 1, :type :ok, :f :txn, :value [[:append :x 2]]}
                 {:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :fail, :f :txn, :value [[:append :x 1]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [2 1]]]}]
                """);
        assertEquals(java.util.Set.of(AnomalyType.G1A), r.types(), r::toString);
    }

    @Test
    void readingAVersionItsWriterAppendedToAgainIsG1b() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:append :x 2]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:append :x 2]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1]]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1 2]]]}]
                """);
        Anomaly a = only(r, AnomalyType.G1B);
        assertEquals("G1b: T1 read x [1], ending at 1, which T0 appended before appending to x again",
                a.text().lines().findFirst().orElseThrow());
        allowedOnly(r, READ_UNCOMMITTED);
    }

    @Test
    void aReadThatMissesItsOwnEarlierAppendIsInternal() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:append :x 1] [:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x []] [:append :x 1] [:r :x []]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """);
        Anomaly a = only(r, AnomalyType.INTERNAL);
        assertEquals("""
                internal: T0 read x [], but its earlier read and appends imply [1]
                  T0 (p0, ok): [r x []] [append x 1] [r x []]""", a.text());
        allowedOnly(r, READ_UNCOMMITTED, ConsistencyModel.READ_COMMITTED);
    }

    @Test
    void aReadAfterOwnAppendsWithNoEarlierReadMustEndWithThem() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:append :x 2] [:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:append :x 2] [:r :x [2 1]]]}]
                """);
        assertEquals(AnomalyType.INTERNAL, r.anomalies().get(0).type(), r::toString);
        assertEquals("internal: T0 read x [2 1], but it must end with the transaction's own appends [1 2]",
                r.anomalies().get(0).text().lines().findFirst().orElseThrow());
    }

    @Test
    void aReadHoldingAnElementItsTransactionAppendsLaterIsInternal() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x [1]] [:append :x 1]]}]
                """);
        Anomaly a = only(r, AnomalyType.INTERNAL);
        assertEquals("internal: T0 read x [1], but it holds 1, which the transaction appends only later",
                a.text().lines().findFirst().orElseThrow());
    }

    @Test
    void anElementReadTwiceIsDuplicateElements() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1 1]]]}]
                """);
        Anomaly a = only(r, AnomalyType.DUPLICATE_ELEMENTS);
        assertEquals("duplicate-elements: T1 read x [1 1], in which [1] appear more than once",
                a.text().lines().findFirst().orElseThrow());
        ruledOut(r, ConsistencyModel.values());
    }

    @Test
    void twoReadsNeitherAPrefixOfTheOtherAreIncompatibleOrder() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:append :x 2]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :ok, :f :txn, :value [[:append :x 2]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1 2]]]}
                 {:process 3, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 3, :type :ok, :f :txn, :value [[:r :x [2]]]}]
                """);
        Anomaly a = only(r, AnomalyType.INCOMPATIBLE_ORDER);
        assertEquals("incompatible-order: T3 read x [2], which is not a prefix of T2's read [1 2] (at index 0: 2, not 1)",
                a.text().lines().findFirst().orElseThrow());
        assertEquals(List.of(3, 2), a.txns());
        allowedOnly(r, READ_UNCOMMITTED);
    }

    @Test
    void anElementNobodyAppendedIsAGarbageRead() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1 9]]]}]
                """);
        Anomaly a = only(r, AnomalyType.GARBAGE_READ);
        assertEquals("garbage-read: T1 read x [1 9], but no transaction appended 9 to x",
                a.text().lines().findFirst().orElseThrow());
        ruledOut(r, ConsistencyModel.values());
    }

    @Test
    void anAbortedElementIsReportedOnceWithItsFirstReader() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :fail, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1]]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """);
        assertEquals(List.of(1, 0), only(r, AnomalyType.G1A).txns());
    }
}
