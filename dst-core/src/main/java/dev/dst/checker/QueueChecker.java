package dev.dst.checker;

import dev.dst.history.Edn;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import dev.dst.history.Values;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a total-order (FIFO) queue of distinct elements: {@code enqueue x}, {@code dequeue}
 * (ok value: the element), and optionally {@code drain} (ok value: the elements left, in
 * order). Finish a test by dequeuing or draining until empty, or every acknowledged element
 * still queued counts as lost. Cost: O(n log n).
 *
 * <ul>
 *   <li><b>lost</b>: acknowledged enqueues never dequeued;
 *   <li><b>duplicated</b>: elements dequeued more than once;
 *   <li><b>unexpected</b>: elements dequeued that no enqueue attempted;
 *   <li><b>reordered</b>: pairs (a, b) where a's enqueue completed before b's was invoked, but
 *       b's dequeue completed before a's was invoked.
 * </ul>
 */
public final class QueueChecker {
    private QueueChecker() {}

    /** Two elements that left the queue in the opposite order to the one they entered it in. */
    public record Reordered(Object first, Object overtakenBy) {}

    /** The outcome; lists are in value order. */
    public record Result(boolean valid, int enqueued, int dequeued, List<Object> lost, List<Object> duplicated,
                         List<Object> unexpected, List<Reordered> reordered) implements CheckResult {
        @Override
        public String summary() {
            return String.format("queue: %s (%d enqueued, %d dequeued; lost %d, duplicated %d, unexpected %d, reordered %d)",
                    valid ? "valid" : "INVALID", enqueued, dequeued, lost.size(), duplicated.size(), unexpected.size(), reordered.size());
        }
    }

    private record Dequeue(int invokeIndex, int completeIndex) {}

    public static Result check(History history) {
        List<Operation> ops = history.operations();
        Map<Object, Operation> enqueues = new LinkedHashMap<>();
        Set<Object> attempted = new HashSet<>();
        Map<Object, List<Dequeue>> dequeues = new LinkedHashMap<>();
        int enqueued = 0;
        int dequeued = 0;
        for (Operation op : ops) {
            switch (op.f()) {
                case "enqueue": {
                    Object x = Values.normalize(op.input());
                    attempted.add(x);
                    if (op.type() != OpType.FAIL) {
                        enqueues.putIfAbsent(x, op);
                    }
                    if (op.isOk()) {
                        enqueued++;
                    }
                    break;
                }
                case "dequeue":
                    if (op.isOk() && op.output() != null) {
                        dequeues.computeIfAbsent(Values.normalize(op.output()), k -> new ArrayList<>())
                                .add(new Dequeue(op.invokeIndex(), op.completeIndex()));
                        dequeued++;
                    }
                    break;
                case "drain":
                    if (op.isOk() && op.output() != null) {
                        if (!(op.output() instanceof Collection<?> c)) {
                            throw new IllegalArgumentException("queue checker: a drain returns a list, found " + Edn.write(op.output()));
                        }
                        for (Object o : c) {
                            dequeues.computeIfAbsent(Values.normalize(o), k -> new ArrayList<>())
                                    .add(new Dequeue(op.invokeIndex(), op.completeIndex()));
                            dequeued++;
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        List<Object> lost = new ArrayList<>();
        enqueues.forEach((x, op) -> {
            if (op.isOk() && !dequeues.containsKey(x)) {
                lost.add(x);
            }
        });
        List<Object> duplicated = new ArrayList<>();
        List<Object> unexpected = new ArrayList<>();
        dequeues.forEach((x, ds) -> {
            if (ds.size() > 1) {
                duplicated.add(x);
            }
            if (!attempted.contains(x)) {
                unexpected.add(x);
            }
        });
        lost.sort(ValueOrder.INSTANCE);
        duplicated.sort(ValueOrder.INSTANCE);
        unexpected.sort(ValueOrder.INSTANCE);
        List<Reordered> reordered = reordered(enqueues, dequeues);
        boolean valid = lost.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty() && reordered.isEmpty();
        return new Result(valid, enqueued, dequeued, lost, duplicated, unexpected, reordered);
    }

    /** Sweep over elements by enqueue invocation, keeping the latest-dequeued of those whose enqueue had completed. */
    private static List<Reordered> reordered(Map<Object, Operation> enqueues, Map<Object, List<Dequeue>> dequeues) {
        List<Object> xs = new ArrayList<>();
        Map<Object, Dequeue> first = new HashMap<>();
        enqueues.forEach((x, op) -> {
            if (op.isOk() && dequeues.containsKey(x)) {
                xs.add(x);
                first.put(x, dequeues.get(x).get(0));
            }
        });
        List<Object> byReturn = new ArrayList<>(xs);
        byReturn.sort((a, b) -> Integer.compare(enqueues.get(a).completeIndex(), enqueues.get(b).completeIndex()));
        List<Object> byCall = new ArrayList<>(xs);
        byCall.sort((a, b) -> Integer.compare(enqueues.get(a).invokeIndex(), enqueues.get(b).invokeIndex()));
        List<Reordered> out = new ArrayList<>();
        int j = 0;
        Object latest = null;
        for (Object b : byCall) {
            int call = enqueues.get(b).invokeIndex();
            while (j < byReturn.size() && enqueues.get(byReturn.get(j)).completeIndex() < call) {
                Object a = byReturn.get(j++);
                if (latest == null || first.get(a).invokeIndex() > first.get(latest).invokeIndex()) {
                    latest = a;
                }
            }
            if (latest != null && first.get(b).completeIndex() < first.get(latest).invokeIndex()) {
                out.add(new Reordered(latest, b));
            }
        }
        return out;
    }
}
