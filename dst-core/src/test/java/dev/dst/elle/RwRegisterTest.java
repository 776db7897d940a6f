package dev.dst.elle;

import dev.dst.history.Format;
import dev.dst.history.History;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.dst.elle.ConsistencyModel.READ_COMMITTED;
import static dev.dst.elle.ConsistencyModel.READ_UNCOMMITTED;
import static dev.dst.elle.ConsistencyModel.SNAPSHOT_ISOLATION;
import static dev.dst.elle.ConsistencyModel.STRONG_SESSION_SNAPSHOT_ISOLATION;
import static dev.dst.elle.ConsistencyModel.STRONG_SNAPSHOT_ISOLATION;
import static dev.dst.elle.Histories.allowedOnly;
import static dev.dst.elle.Histories.only;
import static dev.dst.elle.Histories.onlyCycle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The smallest rw-register history for each anomaly, with and without the write-follows-read assumption. */
class RwRegisterTest {
    private static ElleResult check(String edn) {
        return RwRegister.check(History.parse(edn, Format.EDN));
    }

    private static ElleResult checkWfr(String edn) {
        return RwRegister.check(History.parse(edn, Format.EDN), new RwRegister.Options(true));
    }

    @Test
    void aSerialHistoryHasNoAnomaly() {
        String edn = """
                [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x nil] [:w :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2] [:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 2] [:r :x 2]]}
                 {:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x 2] [:r :y nil]]}]
                """;
        for (ElleResult r : List.of(check(edn), checkWfr(edn))) {
            assertTrue(r.valid(), r::toString);
            assertEquals("rw-register: no anomaly (3 transactions, 3 committed)", r.summary());
        }
    }

    @Test
    void twoTransactionsReadingEachOthersWritesAreG1c() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1] [:r :y nil]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:w :y 1] [:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:w :x 1] [:r :y 1]]}
                 {:process 1, :type :ok, :f :txn, :value [[:w :y 1] [:r :x 1]]}]
                """);
        assertEquals("T0 --wr(x,1)--> T1 --wr(y,1)--> T0", onlyCycle(r, AnomalyType.G1C));
        allowedOnly(r, READ_UNCOMMITTED);
    }

    /** T0 and T1 both read x empty and each writes the other key; T2 shows both writes. */
    private static final String WRITE_SKEW = """
            [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:w :y 1]]}
             {:process 1, :type :invoke, :f :txn, :value [[:r :y nil] [:w :x 1]]}
             {:process 0, :type :ok, :f :txn, :value [[:r :x nil] [:w :y 1]]}
             {:process 1, :type :ok, :f :txn, :value [[:r :y nil] [:w :x 1]]}]
            """;

    @Test
    void writeSkewFromTheInitialStateIsG2Item() {
        ElleResult r = check(WRITE_SKEW);
        assertEquals("T0 --rw(x empty)--> T1 --rw(y empty)--> T0", onlyCycle(r, AnomalyType.G2_ITEM));
        allowedOnly(r, READ_UNCOMMITTED, READ_COMMITTED, SNAPSHOT_ISOLATION, STRONG_SESSION_SNAPSHOT_ISOLATION,
                STRONG_SNAPSHOT_ISOLATION);
    }

    /**
     * T0 writes x 1 and y 1; T1 reads x 1 and writes x 2; T2 reads x 2 but y empty. With
     * writes following reads, 1 < 2 on x: T0 -wr(x,1)-> T1 -wr(x,2)-> T2 -rw(y empty)-> T0.
     * Without, the same cycle is there through wr edges alone (T2 read x 2 from T1, which read
     * x 1 from T0); the assumption adds the ww edge T0 -> T1 as well.
     */
    @Test
    void readSkewIsGSingle() {
        String edn = """
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1] [:w :y 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:w :x 1] [:w :y 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 2]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x 2] [:r :y nil]]}]
                """;
        for (ElleResult r : List.of(check(edn), checkWfr(edn))) {
            assertTrue(r.types().contains(AnomalyType.G_SINGLE), r::toString);
            assertTrue(r.allows(READ_COMMITTED) && !r.allows(SNAPSHOT_ISOLATION), r::toString);
        }
    }

    /** Two transactions read x 1 and both overwrite it. */
    private static final String LOST_UPDATE = """
            [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1]]}
             {:process 0, :type :ok, :f :txn, :value [[:w :x 1]]}
             {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2]]}
             {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 3]]}
             {:process 1, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 2]]}
             {:process 2, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 3]]}]
            """;

    @Test
    void twoCommittedReadModifyWritesOfOneVersionAreALostUpdate() {
        ElleResult r = check(LOST_UPDATE);
        Anomaly a = only(r, AnomalyType.LOST_UPDATE);
        assertEquals("""
                lost-update: 2 committed transactions read x = 1 and then wrote it (T1 2, T2 3): all but one of those \
                updates is lost
                  T1 (p1, ok): [r x 1] [w x 2]
                  T2 (p2, ok): [r x 1] [w x 3]""", a.text());
        assertEquals(List.of(1, 2), a.txns());
        allowedOnly(r, READ_UNCOMMITTED, READ_COMMITTED);
    }

    @Test
    void withWritesFollowingReadsTheLostUpdateIsAlsoG2Item() {
        // 1 < 2 and 1 < 3: each of T1 and T2 read the version the other then overwrote.
        ElleResult r = checkWfr(LOST_UPDATE);
        assertEquals(Set.of(AnomalyType.LOST_UPDATE, AnomalyType.G2_ITEM), r.types(), r::toString);
        assertEquals("T1 --rw(x after 1)--> T2 --rw(x after 1)--> T1",
                ((Anomaly.CycleAnomaly) r.anomalies(AnomalyType.G2_ITEM).get(0)).cycle().path());
    }

    @Test
    void readingAFailedTransactionsWriteIsG1a() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1]]}
                 {:process 0, :type :fail, :f :txn, :value [[:w :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 1]]}]
                """);
        Anomaly a = only(r, AnomalyType.G1A);
        assertEquals("""
                G1a: T1 read x 1, but 1 was written by T0, which failed
                  T1 (p1, ok): [r x 1]
                  T0 (p0, fail): [w x 1]""", a.text());
        allowedOnly(r, READ_UNCOMMITTED);
    }

    @Test
    void readingAValueItsWriterOverwroteIsG1b() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1] [:w :x 2]]}
                 {:process 0, :type :ok, :f :txn, :value [[:w :x 1] [:w :x 2]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 1]]}]
                """);
        Anomaly a = only(r, AnomalyType.G1B);
        assertEquals("""
                G1b: T1 read x 1, which T0 wrote and then overwrote in the same transaction
                  T1 (p1, ok): [r x 1]
                  T0 (p0, ok): [w x 1] [w x 2]""", a.text());
        allowedOnly(r, READ_UNCOMMITTED);
    }

    @Test
    void aReadThatMissesItsOwnWriteOrChangesIsInternal() {
        ElleResult own = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1] [:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:w :x 1] [:r :x nil]]}]
                """);
        assertEquals("internal: T0 read x nil, but its own write of x says 1\n  T0 (p0, ok): [w x 1] [r x nil]",
                only(own, AnomalyType.INTERNAL).text());
        allowedOnly(own, READ_UNCOMMITTED, READ_COMMITTED);
        ElleResult twice = check("""
                [{:process 1, :type :invoke, :f :txn, :value [[:w :x 5]]}
                 {:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:w :x 5]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x nil] [:r :x 5]]}]
                """);
        assertTrue(only(twice, AnomalyType.INTERNAL).text().startsWith("internal: T1 read x 5, but its own earlier read of x says nil"),
                twice::toString);
    }

    @Test
    void aValueNobodyWroteIsAGarbageRead() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 0, :type :ok, :f :txn, :value [[:r :x 9]]}]
                """);
        assertEquals("garbage-read: T0 read x 9, but no transaction wrote 9 to x\n  T0 (p0, ok): [r x 9]",
                only(r, AnomalyType.GARBAGE_READ).text());
        allowedOnly(r);
    }

    @Test
    void versionsReadAndOverwrittenInACircleAreCyclicVersionsWithWritesFollowingReads() {
        String edn = """
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:w :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 3]]}
                 {:process 3, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 4]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 2]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x 2] [:w :x 3]]}
                 {:process 3, :type :ok, :f :txn, :value [[:r :x 3] [:w :x 2]]}]
                """.replace("[:w :x 4]", "[:w :x 2]");
        IllegalArgumentException twoWriters = assertThrows(IllegalArgumentException.class, () -> checkWfr(edn));
        assertEquals("line 8: rw-register: T1 and T3 both wrote 2 to x; the checker needs the values written to a key to be unique",
                twoWriters.getMessage());
        ElleResult r = checkWfr("""
                [{:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 3]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 3] [:w :x 2]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x 2] [:w :x 3]]}]
                """);
        assertTrue(r.types().contains(AnomalyType.CYCLIC_VERSIONS), r::toString);
        Anomaly a = r.anomalies(AnomalyType.CYCLIC_VERSIONS).get(0);
        assertTrue(a.text().startsWith("cyclic-versions: the versions of x form a cycle, "), a.text());
        assertEquals(Set.of(0, 1), Set.copyOf(a.txns()));
        allowedOnly(r);
        // Without the assumption the two reads are only a G1c (each read what the other wrote).
        assertEquals(Set.of(AnomalyType.G1C), check("""
                [{:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 3]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 3] [:w :x 2]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x 2] [:w :x 3]]}]
                """).types());
    }

    @Test
    void anInfoTransactionCommittedWhenItsWriteWasRead() {
        ElleResult r = check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1] [:w :y 1]]}
                 {:process 0, :type :info, :f :txn, :value [[:w :x 1] [:w :y 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 1] [:r :y nil]]}]
                """);
        assertEquals(2, r.committed());
        assertEquals("T0 --wr(x,1)--> T1 --rw(y empty)--> T0", onlyCycle(r, AnomalyType.G_SINGLE));
    }

    @Test
    void pastItsBoundTheInitialStatesEdgesAreLeftOutAndTheCheckSaysSo() {
        History h = History.parse(WRITE_SKEW, Format.EDN);
        ElleResult bounded = RwRegister.check(h.operations(), RwRegister.Options.defaults(), 1);
        assertEquals(1, bounded.truncatedSearches(), bounded::toString);
        assertTrue(bounded.valid() && bounded.summary().endsWith("; 1 search stopped at its budget"), bounded::summary);
        assertEquals(0, RwRegister.check(h.operations(), RwRegister.Options.defaults(), 2).truncatedSearches());
    }

    @Test
    void aMalformedMicroOpNamesTheRegisterForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}]
                """));
        assertTrue(e.getMessage().startsWith("line 2: rw-register: operation T0 "), e.getMessage());
        assertTrue(e.getMessage().contains("a micro-op's f must be :w or :r, like [[:w :x 1] [:r :x 1]]; found [append x 1]"),
                e.getMessage());
    }
}
