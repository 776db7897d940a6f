package dev.dst.linearizability;

import dev.dst.history.History;
import dev.dst.history.OpType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetAndPartitionTest {
    /** 14 concurrent info writes, then a read of a value nobody wrote: the search must try every subset. */
    private static History hard() {
        History h = new History();
        for (int p = 0; p < 14; p++) {
            h.invoke(p, "write", (long) p + 1, p);
        }
        for (int p = 0; p < 14; p++) {
            h.complete(p, OpType.INFO, null, 20 + p);
        }
        h.invoke(20, "read", null, 40);
        h.complete(20, OpType.OK, 99L, 41);
        return h;
    }

    @Test
    void theHardHistoryIsInvalidWithoutABudget() {
        assertEquals(Verdict.INVALID, Linearizability.check(hard(), Models.register(0L)).verdict());
    }

    @Test
    void aStateBudgetEndsWithUnknown() {
        LinearizabilityResult r = Linearizability.check(hard(), Models.register(0L), Linearizability.Options.defaults().withMaxStates(1000));
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertTrue(r.reason().contains("memory budget"), r.reason());
    }

    @Test
    void anExpiredTimeBudgetEndsWithUnknown() {
        LinearizabilityResult r = Linearizability.check(hard(), Models.register(0L), Linearizability.Options.defaults().withTimeout(Duration.ZERO));
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertTrue(r.reason().contains("time budget"), r.reason());
    }

    /** 200 keys, 2,000 operations; keys 37 and 150 get a stale read. */
    private static History manyKeys() {
        History h = new History();
        long t = 0;
        for (int round = 0; round < 5; round++) {
            for (int k = 0; k < 200; k++) {
                h.invoke(k % 7, "put", Arrays.asList(k, "v" + round), t++);
                h.complete(k % 7, OpType.OK, Arrays.asList(k, "v" + round), t++);
                String seen = (k == 37 || k == 150) && round == 4 ? "v0" : "v" + round;
                h.invoke(7, "get", Arrays.asList(k, null), t++);
                h.complete(7, OpType.OK, Arrays.asList(k, seen), t++);
            }
        }
        return h;
    }

    @Test
    void partitionsAreCheckedPerKey() {
        assertEquals(200, Linearizability.check(manyKeys(), Models.keyValue("")).partitions());
    }

    @Test
    void theVerdictAndExplanationDoNotDependOnThreads() {
        Linearizability.Options o = Linearizability.Options.defaults();
        LinearizabilityResult one = Linearizability.check(manyKeys(), Models.keyValue(""), o.withThreads(1));
        LinearizabilityResult four = Linearizability.check(manyKeys(), Models.keyValue(""), o.withThreads(4));
        assertEquals(Verdict.INVALID, one.verdict());
        assertEquals(one.verdict(), four.verdict());
        assertEquals("key 37", one.explanation().partition());
        assertEquals(one.explanation().toText(), four.explanation().toText());
    }
}
