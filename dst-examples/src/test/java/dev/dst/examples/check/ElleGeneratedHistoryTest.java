package dev.dst.examples.check;

import dev.dst.elle.AnomalyType;
import dev.dst.elle.ConsistencyModel;
import dev.dst.elle.ElleResult;
import dev.dst.elle.ListAppend;
import dev.dst.examples.bench.ElleHistories;
import dev.dst.history.History;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Large histories from a correct serial store, and from one with a stale-read bug. Timings are printed, not asserted. */
class ElleGeneratedHistoryTest {
    private static final int TRANSACTIONS = 20_000;

    @Test
    void aCorrectStoreRunBy50ClientsGivesNoAnomalyIn20000Transactions() {
        long generateStart = System.nanoTime();
        History h = ElleHistories.generate(0x5eedL, ElleHistories.Config.valid(TRANSACTIONS));
        long checkStart = System.nanoTime();
        ElleResult r = ListAppend.check(h);
        long checkMillis = (System.nanoTime() - checkStart) / 1_000_000;
        System.out.printf("list-append valid: %d transactions, %d events, generated in %d ms, checked in %d ms: %s%n",
                TRANSACTIONS, h.size(), (checkStart - generateStart) / 1_000_000, checkMillis, r.summary());
        assertTrue(r.valid(), () -> r.toString().lines().limit(20).reduce("", (a, b) -> a + "\n" + b));
        assertEquals(TRANSACTIONS, r.transactions());
        assertTrue(r.committed() > TRANSACTIONS * 0.9 && r.committed() < TRANSACTIONS * 0.99,
                "about 96% ok plus the info ones whose appends were read: " + r.committed());
        assertEquals(0, r.truncatedSearches());
    }

    @Test
    void aStoreWhoseReadsSometimesMissTheLastElementIsCaught() {
        History h = ElleHistories.generate(0x5eedL, ElleHistories.Config.valid(TRANSACTIONS).withStaleReads(0.01));
        long start = System.nanoTime();
        ElleResult r = ListAppend.check(h);
        System.out.printf("list-append stale reads: checked in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000,
                r.summary());
        assertFalse(r.valid());
        assertFalse(r.allows(ConsistencyModel.STRICT_SERIALIZABLE), r::summary);
        // A stale read is a prefix of the order, so it shows as cycles, as an intermediate read (it missed the
        // writer's final append) or as internal (it missed its own append, or a later read in it was fresh):
        // never as garbage, duplicates, aborted reads or incompatible orders.
        assertTrue(r.anomalies().stream().allMatch(a -> a.type().isCycle() || a.type() == AnomalyType.G1B
                || a.type() == AnomalyType.INTERNAL), r::summary);
        assertTrue(r.types().contains(AnomalyType.G_SINGLE) && r.types().contains(AnomalyType.INTERNAL), r::summary);
    }

    @Test
    void theSameHistoryGivesTheSameReport() {
        History h = ElleHistories.generate(7, ElleHistories.Config.valid(2_000).withStaleReads(0.05));
        ElleResult first = ListAppend.check(h);
        assertFalse(first.valid());
        assertEquals(first.toString(), ListAppend.check(h).toString());
    }
}
