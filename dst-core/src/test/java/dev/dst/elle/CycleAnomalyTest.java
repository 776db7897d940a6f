package dev.dst.elle;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.dst.elle.ConsistencyModel.READ_COMMITTED;
import static dev.dst.elle.ConsistencyModel.READ_UNCOMMITTED;
import static dev.dst.elle.ConsistencyModel.SNAPSHOT_ISOLATION;
import static dev.dst.elle.ConsistencyModel.STRICT_SERIALIZABLE;
import static dev.dst.elle.ConsistencyModel.STRONG_SESSION_SERIALIZABLE;
import static dev.dst.elle.ConsistencyModel.STRONG_SESSION_SNAPSHOT_ISOLATION;
import static dev.dst.elle.ConsistencyModel.STRONG_SNAPSHOT_ISOLATION;
import static dev.dst.elle.Histories.allowedOnly;
import static dev.dst.elle.Histories.check;
import static dev.dst.elle.Histories.onlyCycle;
import static dev.dst.elle.Histories.ruledOut;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One small hand-written EDN history per cycle shape, each showing exactly that anomaly. */
class CycleAnomalyTest {

    @Test
    void interleavedAppendsToTwoKeysAreAWriteCycleG0() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:append :y 2]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:append :x 2] [:append :y 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:append :y 2]]}
                 {:process 1, :type :ok, :f :txn, :value [[:append :x 2] [:append :y 1]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1 2]] [:r :y [1 2]]]}]
                """);
        assertEquals("T0 --ww(x after 1)--> T1 --ww(y after 1)--> T0", onlyCycle(r, AnomalyType.G0));
        assertEquals("""
                G0: T0 --ww(x after 1)--> T1 --ww(y after 1)--> T0
                  T0 (p0, ok): [append x 1] [append y 2]
                  T1 (p1, ok): [append x 2] [append y 1]""", r.anomalies().get(0).text());
        ruledOut(r, ConsistencyModel.values());
    }

    @Test
    void twoTransactionsReadingEachOthersAppendsAreG1c() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:r :y nil]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:append :y 1] [:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:r :y [1]]]}
                 {:process 1, :type :ok, :f :txn, :value [[:append :y 1] [:r :x [1]]]}]
                """);
        assertEquals("T0 --wr(x,1)--> T1 --wr(y,1)--> T0", onlyCycle(r, AnomalyType.G1C));
        allowedOnly(r, READ_UNCOMMITTED);
    }

    @Test
    void readSkewWithOneAntiDependencyIsGSingle() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:append :y 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:append :y 1]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x []] [:r :y [1]]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """);
        assertEquals("T0 --wr(y,1)--> T1 --rw(x empty)--> T0", onlyCycle(r, AnomalyType.G_SINGLE));
        allowedOnly(r, READ_UNCOMMITTED, READ_COMMITTED);
    }

    @Test
    void writeSkewIsG2ItemWhichSnapshotIsolationAllows() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:append :y 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :y nil] [:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x []] [:append :y 1]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :y []] [:append :x 1]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]]}]
                """);
        assertEquals("T0 --rw(x empty)--> T1 --rw(y empty)--> T0", onlyCycle(r, AnomalyType.G2_ITEM));
        allowedOnly(r, READ_UNCOMMITTED, READ_COMMITTED, SNAPSHOT_ISOLATION, STRONG_SESSION_SNAPSHOT_ISOLATION, STRONG_SNAPSHOT_ISOLATION);
        assertEquals(true, r.allows(SNAPSHOT_ISOLATION) && r.allows(READ_COMMITTED) && r.allows(READ_UNCOMMITTED));
    }

    /**
     * Two anti-dependencies with a write-read edge between them on both sides: T0 reads x empty
     * before T1's append, T1's y is read by T2, T2 reads z empty before T3's append, T3's w is
     * read by T0. All four run concurrently, so no real-time edge joins them.
     */
    private static final String TWO_SEPARATE_ANTI_DEPENDENCIES = """
            [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:r :w nil]]}
             {:process 1, :type :invoke, :f :txn, :value [[:append :x 1] [:append :y 1]]}
             {:process 2, :type :invoke, :f :txn, :value [[:r :y nil] [:r :z nil]]}
             {:process 3, :type :invoke, :f :txn, :value [[:append :z 1] [:append :w 1]]}
             {:process 0, :type :ok, :f :txn, :value [[:r :x []] [:r :w [1]]]}
             {:process 1, :type :ok, :f :txn, :value [[:append :x 1] [:append :y 1]]}
             {:process 2, :type :ok, :f :txn, :value [[:r :y [1]] [:r :z []]]}
             {:process 3, :type :ok, :f :txn, :value [[:append :z 1] [:append :w 1]]}
             {:process 4, :type :invoke, :f :txn, :value [[:r :x nil] [:r :z nil]]}
             {:process 4, :type :ok, :f :txn, :value [[:r :x [1]] [:r :z [1]]]}]
            """;

    @Test
    void antiDependenciesThatAreNeverAdjacentAreGNonadjacentWhichOnlyTheStrongSnapshotIsolationsForbid() {
        ElleResult r = check(TWO_SEPARATE_ANTI_DEPENDENCIES);
        String path = "T0 --rw(x empty)--> T1 --wr(y,1)--> T2 --rw(z empty)--> T3 --wr(w,1)--> T0";
        assertEquals(Set.of(AnomalyType.G_NONADJACENT, AnomalyType.G2_ITEM), r.types(), r::toString);
        assertEquals(path, ((Anomaly.CycleAnomaly) r.anomalies(AnomalyType.G_NONADJACENT).get(0)).cycle().path());
        assertEquals(path, ((Anomaly.CycleAnomaly) r.anomalies(AnomalyType.G2_ITEM).get(0)).cycle().path());
        allowedOnly(r, READ_UNCOMMITTED, READ_COMMITTED, SNAPSHOT_ISOLATION);
    }

    @Test
    void theSameJoinedByRealTimeIsGNonadjacentRealtime() {
        // T3 completes before T0 begins, and nothing reads w: the cycle closes through real time.
        ElleResult r = check("""
                [{:process 2, :type :invoke, :f :txn, :value [[:r :y nil] [:r :z nil]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:append :x 1] [:append :y 1]]}
                 {:process 3, :type :invoke, :f :txn, :value [[:append :z 1]]}
                 {:process 3, :type :ok, :f :txn, :value [[:append :z 1]]}
                 {:process 0, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x []]]}
                 {:process 1, :type :ok, :f :txn, :value [[:append :x 1] [:append :y 1]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :y [1]] [:r :z []]]}
                 {:process 4, :type :invoke, :f :txn, :value [[:r :x nil] [:r :z nil]]}
                 {:process 4, :type :ok, :f :txn, :value [[:r :x [1]] [:r :z [1]]]}]
                """);
        assertEquals(Set.of(AnomalyType.G_NONADJACENT_REALTIME, AnomalyType.G2_ITEM_REALTIME), r.types(), r::toString);
        assertEquals("T0 --rw(z empty)--> T2 --realtime--> T3 --rw(x empty)--> T1 --wr(y,1)--> T0",
                ((Anomaly.CycleAnomaly) r.anomalies(AnomalyType.G_NONADJACENT_REALTIME).get(0)).cycle().path());
        ruledOut(r, STRONG_SNAPSHOT_ISOLATION, STRICT_SERIALIZABLE);
    }

    // ------------------------------------------------------------ realtime and process variants

    /** T0 appends 2 and completes; T1, invoked later, appends 1, and a read shows [1 2]. */
    private static String writeBeforeLaterWrite(int secondProcess) {
        return """
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 2]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 2]]}
                 {:process P, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process P, :type :ok, :f :txn, :value [[:append :x 1]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1 2]]]}]
                """.replace("P", Integer.toString(secondProcess));
    }

    @Test
    void aWriteOrderedBeforeAnEarlierCompletedWriteIsG0Realtime() {
        ElleResult r = check(writeBeforeLaterWrite(1));
        assertEquals("T0 --realtime--> T1 --ww(x after 1)--> T0", onlyCycle(r, AnomalyType.G0_REALTIME));
        ruledOut(r, STRONG_SNAPSHOT_ISOLATION, STRICT_SERIALIZABLE);
    }

    @Test
    void theSameOnOneProcessIsG0Process() {
        ElleResult r = check(writeBeforeLaterWrite(0));
        assertEquals("T0 --process--> T1 --ww(x after 1)--> T0", onlyCycle(r, AnomalyType.G0_PROCESS));
        ruledOut(r, STRONG_SESSION_SNAPSHOT_ISOLATION, STRONG_SNAPSHOT_ISOLATION, STRONG_SESSION_SERIALIZABLE, STRICT_SERIALIZABLE);
    }

    /** T0 reads [1] and completes; only then does T1 append 1. */
    private static String readOfALaterAppend(int secondProcess) {
        return """
                [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x [1]]]}
                 {:process P, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process P, :type :ok, :f :txn, :value [[:append :x 1]]}]
                """.replace("P", Integer.toString(secondProcess));
    }

    @Test
    void readingAnAppendMadeLaterInRealTimeIsG1cRealtime() {
        ElleResult r = check(readOfALaterAppend(1));
        assertEquals("T0 --realtime--> T1 --wr(x,1)--> T0", onlyCycle(r, AnomalyType.G1C_REALTIME));
        ruledOut(r, STRONG_SNAPSHOT_ISOLATION, STRICT_SERIALIZABLE);
    }

    @Test
    void theSameOnOneProcessIsG1cProcess() {
        ElleResult r = check(readOfALaterAppend(0));
        assertEquals("T0 --process--> T1 --wr(x,1)--> T0", onlyCycle(r, AnomalyType.G1C_PROCESS));
        ruledOut(r, STRONG_SESSION_SNAPSHOT_ISOLATION, STRONG_SNAPSHOT_ISOLATION, STRONG_SESSION_SERIALIZABLE, STRICT_SERIALIZABLE);
    }

    /** T0 appends 1 and completes; T1, invoked later, reads x empty (a stale read); a final read shows [1]. */
    private static String staleRead(int secondProcess) {
        return """
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
                 {:process P, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process P, :type :ok, :f :txn, :value [[:r :x []]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """.replace("P", Integer.toString(secondProcess));
    }

    @Test
    void aStaleReadAfterACompletedAppendIsGSingleRealtime() {
        ElleResult r = check(staleRead(1));
        assertEquals("T0 --realtime--> T1 --rw(x empty)--> T0", onlyCycle(r, AnomalyType.G_SINGLE_REALTIME));
        ruledOut(r, STRONG_SNAPSHOT_ISOLATION, STRICT_SERIALIZABLE);
    }

    @Test
    void aProcessNotReadingItsOwnAppendIsGSingleProcess() {
        ElleResult r = check(staleRead(0));
        assertEquals("T0 --process--> T1 --rw(x empty)--> T0", onlyCycle(r, AnomalyType.G_SINGLE_PROCESS));
        ruledOut(r, STRONG_SESSION_SNAPSHOT_ISOLATION, STRONG_SNAPSHOT_ISOLATION, STRONG_SESSION_SERIALIZABLE, STRICT_SERIALIZABLE);
    }

    /**
     * T0 (invoked first, completed last) appends x 1 and reads y empty; T1 appends y 1 and
     * completes; then T2 reads x empty: T0 -rw-> T1 -realtime-> T2 -rw-> T0.
     */
    private static String skewAcrossRealTime(int thirdProcess) {
        return """
                [{:process 2, :type :invoke, :f :txn, :value [[:append :x 1] [:r :y nil]]}
                 {:process 0, :type :invoke, :f :txn, :value [[:append :y 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :y 1]]}
                 {:process P, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process P, :type :ok, :f :txn, :value [[:r :x []]]}
                 {:process 2, :type :ok, :f :txn, :value [[:append :x 1] [:r :y []]]}
                 {:process 3, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 3, :type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]]}]
                """.replace("P", Integer.toString(thirdProcess));
    }

    @Test
    void twoAntiDependenciesJoinedByRealTimeAreG2ItemRealtime() {
        ElleResult r = check(skewAcrossRealTime(1));
        assertEquals("T0 --rw(y empty)--> T1 --realtime--> T2 --rw(x empty)--> T0",
                onlyCycle(r, AnomalyType.G2_ITEM_REALTIME));
        ruledOut(r, STRICT_SERIALIZABLE);
    }

    @Test
    void twoAntiDependenciesJoinedByProcessOrderAreG2ItemProcess() {
        ElleResult r = check(skewAcrossRealTime(0));
        assertEquals("T0 --rw(y empty)--> T1 --process--> T2 --rw(x empty)--> T0",
                onlyCycle(r, AnomalyType.G2_ITEM_PROCESS));
        ruledOut(r, STRONG_SESSION_SERIALIZABLE, STRICT_SERIALIZABLE);
    }

    @Test
    void anInfoTransactionWhoseAppendWasReadTakesPartInCycles() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:append :y 2]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:append :x 2] [:append :y 1]]}
                 {:process 0, :type :info, :f :txn, :value [[:append :x 1] [:append :y 2]]}
                 {:process 1, :type :ok, :f :txn, :value [[:append :x 2] [:append :y 1]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1 2]] [:r :y [1 2]]]}]
                """);
        assertEquals("T0 --ww(x after 1)--> T1 --ww(y after 1)--> T0", onlyCycle(r, AnomalyType.G0));
        assertEquals(3, r.committed());
    }
}
