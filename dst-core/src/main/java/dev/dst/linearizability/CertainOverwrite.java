package dev.dst.linearizability;

import dev.dst.history.Operation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A refutation for registers that needs no search: an ok read of {@code v} is impossible when
 * an operation that certainly set the register to another value (an ok write or cas, or the
 * initial value) completed before the read began, and every operation that could set it to
 * {@code v} and was invoked before the read completed had already completed before that
 * setter began. In every linearization the setter then comes after every such producer and
 * before the read, and nothing can bring {@code v} back in between.
 *
 * <p>It decides the invalid histories that defeat a search at high concurrency when the stale
 * value's writers are old (a search must refute every order of the operations in flight
 * first), and garbage reads (values nobody wrote). It says nothing of a stale read whose value
 * some operation in flight could still write. Cost: O(n log n) in the part's operations.
 */
final class CertainOverwrite {
    private CertainOverwrite() {}

    /** What a model says about an operation: the value an ok read observed, and the value a write or cas may leave. */
    interface Register {
        /** The value an ok read observed (boxed as the model boxes values), or null when {@code op} is not such a read. */
        Object observed(Operation op);

        /** The value {@code op} leaves when it takes effect (boxed), or null when it never changes the register. */
        Object sets(Operation op);
    }

    private static final int NONE = -1;

    static Model.Refutation refute(List<Operation> part, Object initial, Register r, Function<Object, String> describe) {
        int n = part.size();
        // Setters that certainly took effect, by invocation: ok ops that set a value. The initial value is one, before all.
        List<Integer> certain = new ArrayList<>();
        Map<Object, List<Integer>> producers = new HashMap<>();   // looked up only, never iterated
        for (int i = 0; i < n; i++) {
            Operation op = part.get(i);
            Object v = r.sets(op);
            if (v != null) {
                producers.computeIfAbsent(v, x -> new ArrayList<>()).add(i);
                if (op.isOk()) {
                    certain.add(i);
                }
            }
        }
        certain.sort((a, b) -> Integer.compare(part.get(a).invokeIndex(), part.get(b).invokeIndex()));
        Suffix suffix = new Suffix(part, certain, r);
        Map<Object, Producers> byValue = new HashMap<>();
        producers.forEach((v, list) -> byValue.put(v, new Producers(part, list)));
        for (int i = 0; i < n; i++) {
            Operation read = part.get(i);
            Object v = r.observed(read);
            if (v == null || !read.isOk()) {
                continue;
            }
            Producers p = byValue.get(v);
            long lastProducerDone = p == null ? Long.MIN_VALUE : p.latestCompletionInvokedBefore(read.completeIndex());
            if (lastProducerDone == Long.MAX_VALUE) {
                continue; // a producer of v may still take effect after any setter
            }
            int setter = suffix.earliestDoneOther(lastProducerDone, v);
            boolean initialOverwrites = lastProducerDone == Long.MIN_VALUE && !initial.equals(v);
            if (setter >= 0 && part.get(setter).completeIndex() < read.invokeIndex()) {
                return refutation(read, part.get(setter), p == null ? List.of() : p.before(part, read.completeIndex()), v, describe);
            }
            if (initialOverwrites) {
                return new Model.Refutation(read, List.of(), "it read " + describe.apply(v) + ", which no operation invoked before"
                        + " it completed could have written (the initial value is " + describe.apply(initial) + ")");
            }
        }
        return null;
    }

    private static Model.Refutation refutation(Operation read, Operation setter, List<Operation> producers, Object v,
                                               Function<Object, String> describe) {
        List<Operation> witnesses = new ArrayList<>();
        witnesses.add(setter);
        witnesses.addAll(producers.subList(Math.max(0, producers.size() - 3), producers.size()));
        String who = producers.isEmpty() ? "no operation invoked before the read completed could write "
                + describe.apply(v)
                : "every operation that could write " + describe.apply(v) + " and was invoked before the read completed ("
                        + producers.size() + ", the last " + Math.min(3, producers.size()) + " shown) had completed before"
                        + " it began";
        return new Model.Refutation(read, witnesses, "it read " + describe.apply(v) + ", but " + setter
                + " certainly set another value and completed before the read began, and " + who);
    }

    /** The producers of one value, by invocation, with the latest completion so far (info: never). */
    private static final class Producers {
        final int[] invoke;
        final long[] latestDone;
        final int[] index;

        Producers(List<Operation> part, List<Integer> ops) {
            Integer[] sorted = ops.toArray(new Integer[0]);
            Arrays.sort(sorted, (a, b) -> Integer.compare(part.get(a).invokeIndex(), part.get(b).invokeIndex()));
            invoke = new int[sorted.length];
            latestDone = new long[sorted.length];
            index = new int[sorted.length];
            long latest = Long.MIN_VALUE;
            for (int k = 0; k < sorted.length; k++) {
                Operation op = part.get(sorted[k]);
                invoke[k] = op.invokeIndex();
                index[k] = sorted[k];
                latest = Math.max(latest, op.returnIndex() == Integer.MAX_VALUE ? Long.MAX_VALUE : op.returnIndex());
                latestDone[k] = latest;
            }
        }

        /** The latest completion among producers invoked before {@code limit} (MIN_VALUE: none; MAX_VALUE: one never completes). */
        long latestCompletionInvokedBefore(int limit) {
            int k = count(limit);
            return k == 0 ? Long.MIN_VALUE : latestDone[k - 1];
        }

        List<Operation> before(List<Operation> part, int limit) {
            List<Operation> out = new ArrayList<>();
            int n = count(limit);
            for (int k = 0; k < n; k++) {
                out.add(part.get(index[k]));
            }
            return out;
        }

        private int count(int limit) {
            int lo = 0;
            int hi = invoke.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (invoke[mid] < limit) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * For each suffix of the certain setters (by invocation), the two that completed earliest
     * with different values: so that "the earliest-completing setter invoked after t whose value
     * is not v" is two lookups.
     */
    private static final class Suffix {
        final int[] invoke;
        final int[] best;
        final int[] second;
        private final Register values;
        private final List<Operation> part;

        Suffix(List<Operation> part, List<Integer> setters, Register r) {
            this.values = r;
            this.part = part;
            int m = setters.size();
            invoke = new int[m];
            best = new int[m + 1];
            second = new int[m + 1];
            best[m] = NONE;
            second[m] = NONE;
            for (int k = m - 1; k >= 0; k--) {
                int s = setters.get(k);
                invoke[k] = part.get(s).invokeIndex();
                int b = best[k + 1];
                int c = second[k + 1];
                if (b == NONE || done(part, s) < done(part, b)) {
                    best[k] = s;
                    second[k] = b != NONE && !r.sets(part.get(b)).equals(r.sets(part.get(s))) ? b : c;
                } else {
                    best[k] = b;
                    second[k] = !r.sets(part.get(s)).equals(r.sets(part.get(b)))
                            && (c == NONE || done(part, s) < done(part, c)) ? s : c;
                }
                assert second[k] == NONE || !r.sets(part.get(second[k])).equals(r.sets(part.get(best[k])));
            }
        }

        private static int done(List<Operation> part, int op) {
            return part.get(op).completeIndex();
        }

        /** The earliest-completing certain setter invoked after {@code after} that sets a value other than {@code v}, or -1. */
        int earliestDoneOther(long after, Object v) {
            int lo = 0;
            int hi = invoke.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (invoke[mid] <= after) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int b = best[lo];
            if (b == NONE) {
                return NONE;
            }
            return !values.sets(part.get(b)).equals(v) ? b : second[lo];
        }
    }
}
