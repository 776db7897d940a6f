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
        long[] reads = {5, 6, 5};   // 5 was written once: the second read of 5 cannot be (and no refutation sees it)
        for (int i = 0; i < reads.length; i++) {
            h.invoke(20, "read", null, 40 + 2 * i);
            h.complete(20, OpType.OK, reads[i], 41 + 2 * i);
        }
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

    @Test
    void theMemoTableStopsGrowingAtTheSizeItsBudgetNeeds() {
        long budget = 85_000; // with the slack, 93,192 entries: a table of 131,072 slots holds them at 3/4 full
        StateCache cache = new StateCache(16, budget);
        for (long i = 0; i < budget + StateCache.SLACK; i++) {
            assertTrue(cache.add(i, ~i, 0L));
        }
        assertEquals(131_072, cache.capacity(), "not doubled to 262,144 at half full");
        assertEquals(131_072L * StateCache.SLOT_BYTES * 3 / 2, StateCache.bytesFor(budget));
        assertTrue(!cache.add(7, ~7L, 0L), "still a set");
        StateCache unbounded = new StateCache(16, Long.MAX_VALUE / 4);
        for (long i = 0; i < 70_000; i++) {
            unbounded.add(i, ~i, 0L);
        }
        assertEquals(262_144, unbounded.capacity(), "a table that cannot hold its budget grows at half full");
    }

    @Test
    void theStateBudgetIsLoweredToWhatHalfTheHeapHolds() {
        long mb = 1 << 20;
        long small = Linearizability.statesThatFit(64 * mb, 1);
        assertTrue(small > 100_000 && StateCache.bytesFor(small) + small * Linearizability.STATE_BYTES <= 32 * mb, "" + small);
        assertTrue(Linearizability.statesThatFit(64 * mb, 2) < small, "two searches at once share the heap");
        assertTrue(Linearizability.statesThatFit(4096 * mb, 1) >= 20_000_000, "the default budget fits a 4 GB heap");
        assertTrue(Linearizability.statesThatFit(Long.MAX_VALUE, 1) >= 20_000_000);
    }

    /** A 64 MB heap: before, the search ran out of memory and said "states 0". */
    @Test
    void aSmallHeapEndsWithUnknownAndSaysHowFarTheSearchGot() throws Exception {
        for (String shape : new String[] {"wide", "big-states"}) {
            Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), SmallHeapCheck.class.getName(), shape)
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), shape + ": bounded");
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            assertEquals(0, p.exitValue(), out);
            String[] words = out.split(" ", 3);
            assertEquals("UNKNOWN", words[0], out);
            assertTrue(Long.parseLong(words[1]) > 0, "how far it got: " + out);
            assertTrue(shape.equals("wide") ? words[2].contains("memory budget reached") && words[2].contains("64 MB heap")
                    : words[2].contains("out of memory after " + words[1] + " states"), out);
        }
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
