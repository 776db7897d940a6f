package dev.dst.linearizability;

import dev.dst.history.History;
import dev.dst.history.OpType;

import java.util.Arrays;

/**
 * Run in a JVM of its own with a small heap (see BudgetAndPartitionTest): checks a history
 * whose search cannot finish and prints the verdict, the states memoized and the reason.
 * {@code wide}: 22 concurrent info writes, then reads of 5, 6 and 5 again one after another,
 * though 5 was written once (millions of small states; no refutation applies, since every write
 * may still take effect). {@code big-states}: 22 concurrent info appends of 64 KB strings to one key
 * (every state a long string), then a read nobody could see.
 */
public final class SmallHeapCheck {
    private SmallHeapCheck() {}

    public static void main(String[] args) {
        boolean big = args[0].equals("big-states");
        int writers = 22;
        History h = new History();
        for (int p = 0; p < writers; p++) {
            if (big) {
                h.invoke(p, "append", Arrays.asList("k", String.valueOf((char) ('a' + p)).repeat(1 << 16)), p);
            } else {
                h.invoke(p, "write", (long) p + 1, p);
            }
        }
        for (int p = 0; p < writers; p++) {
            h.complete(p, OpType.INFO, null, 100 + p);
        }
        if (big) {
            h.invoke(50, "get", Arrays.asList("k", null), 200);
            h.complete(50, OpType.OK, Arrays.asList("k", "nobody wrote this"), 201);
        } else {
            long[] reads = {5, 6, 5};
            for (int i = 0; i < reads.length; i++) {
                h.invoke(50, "read", null, 200 + 2 * i);
                h.complete(50, OpType.OK, reads[i], 201 + 2 * i);
            }
        }
        Model<?> model = big ? Models.keyValue("") : Models.register(0L);
        LinearizabilityResult r = Linearizability.check(h, model, Linearizability.Options.defaults().withThreads(1));
        System.out.println(r.verdict() + " " + r.statesExplored() + " " + r.reason());
    }
}
