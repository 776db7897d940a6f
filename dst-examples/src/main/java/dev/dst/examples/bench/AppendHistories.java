package dev.dst.examples.bench;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.history.Operation;

import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Key-value histories of the shape that is hardest for a linearizability checker: many clients
 * always in flight on a few keys, with {@code get}, {@code put} and {@code append} on string
 * values whose states never repeat (every appended token is unique), so memoization cannot merge
 * orders that differ. Each client loops: think (exponential, mean {@code thinkNanos}), then one
 * operation on a uniformly chosen key, whose latency is exponential (mean 1 ms) and which takes
 * effect on a correct sequential store at a uniform instant inside its interval; gets are 40%,
 * puts 10%, appends 50%. 1% of operations time out (info), half of them after taking effect, and
 * the client continues as a new process, as in Jepsen.
 *
 * <p>{@link #corrupt} makes such a history invalid by one read: a get in the middle of the
 * history returns its value with the last token dropped, a value the key held before, so the
 * checker must search every order around it to rule it out.
 */
public final class AppendHistories {
    static final long LATENCY_MEAN_NANOS = 1_000_000L;

    private AppendHistories() {}

    public static History generate(int operations, int clients, int keys, long thinkNanos, long seed) {
        return generate(operations, clients, keys, thinkNanos, 0.01, seed);
    }

    /** With {@code infoRate} of the operations timing out instead of 1%. */
    public static History generate(int operations, int clients, int keys, long thinkNanos, double infoRate, long seed) {
        Entropy e = EntropySource.seeded(seed).stream("append-histories");
        String[] values = new String[keys];
        Arrays.fill(values, "");
        History h = new History();
        // events: {time, client, phase}; phase 0 invoke, 1 take effect, 2 complete
        PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] pid = new int[clients];
        String[] f = new String[clients];
        String[] arg = new String[clients];
        String[] result = new String[clients];
        int[] key = new int[clients];
        boolean[] timesOut = new boolean[clients];
        int nextPid = clients;
        long tokens = 0;
        for (int c = 0; c < clients; c++) {
            pid[c] = c;
            events.add(new long[] {e.exponential(thinkNanos + 1), c, 0});
        }
        int invoked = 0;
        while (!events.isEmpty()) {
            long[] ev = events.poll();
            long t = ev[0];
            int c = (int) ev[1];
            if (ev[2] == 0) {
                if (invoked >= operations) {
                    continue;
                }
                invoked++;
                key[c] = e.below(keys);
                int kind = e.below(10);
                f[c] = kind < 4 ? "get" : kind == 4 ? "put" : "append";
                arg[c] = f[c].equals("get") ? null : "x" + tokens++ + " ";
                h.invoke(pid[c], f[c], Arrays.asList((long) key[c], arg[c]), t);
                timesOut[c] = e.chance(infoRate);
                long latency = 1 + e.exponential(LATENCY_MEAN_NANOS);
                if (!timesOut[c] || e.chance(0.5)) {
                    events.add(new long[] {t + e.below(latency), c, 1});
                }
                events.add(new long[] {t + latency, c, 2});
            } else if (ev[2] == 1) {
                int k = key[c];
                switch (f[c]) {
                    case "get" -> result[c] = values[k];
                    case "put" -> values[k] = arg[c];
                    default -> values[k] = values[k] + arg[c];
                }
            } else {
                if (timesOut[c]) {
                    h.complete(pid[c], OpType.INFO, null, t);
                    pid[c] = nextPid++;
                } else {
                    h.complete(pid[c], OpType.OK, Arrays.asList((long) key[c], f[c].equals("get") ? result[c] : arg[c]), t);
                }
                result[c] = null;
                events.add(new long[] {t + e.exponential(thinkNanos + 1), c, 0});
            }
        }
        return h;
    }

    /**
     * The same history with one read corrupted, so that it is certainly not linearizable: the ok
     * get nearest the middle whose value ends with a token appended by an operation that had
     * completed before the get was invoked returns its value without that token (a stale read).
     * Returns the history unchanged if there is no such get.
     */
    public static History corrupt(History valid) {
        List<Op> ops = valid.ops();
        java.util.Map<String, Integer> appendDone = new java.util.HashMap<>(); // token -> completion index
        java.util.Map<Integer, Integer> invokeOf = new java.util.HashMap<>(); // completion index -> invocation index
        for (Operation op : valid.operations()) {
            if (op.isOk()) {
                invokeOf.put(op.completeIndex(), op.invokeIndex());
                if (op.f().equals("append")) {
                    appendDone.put((String) ((List<?>) op.value()).get(1), op.completeIndex());
                }
            }
        }
        for (int d = 0; d < ops.size(); d++) {
            for (int i : new int[] {ops.size() / 2 + d, ops.size() / 2 - d}) {
                if (i >= 0 && i < ops.size() && readsTwoTokens(ops.get(i))) {
                    List<?> kv = (List<?>) ops.get(i).value();
                    String s = (String) kv.get(1);
                    String kept = s.substring(0, s.lastIndexOf(' ', s.length() - 2) + 1);
                    Integer done = appendDone.get(s.substring(kept.length()));
                    if (done != null && done < invokeOf.get(i)) {
                        return valid.withValue(i, Arrays.asList(kv.get(0), kept));
                    }
                }
            }
        }
        return valid;
    }

    private static boolean readsTwoTokens(Op op) {
        if (op.type() != OpType.OK || !op.f().equals("get")) {
            return false;
        }
        String s = (String) ((List<?>) op.value()).get(1);
        return s != null && s.indexOf(' ') >= 0 && s.indexOf(' ') < s.length() - 1;
    }
}
