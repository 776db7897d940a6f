package dev.dst.checker;

import dev.dst.history.Edn;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import dev.dst.history.Values;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a grow-only set, as Jepsen's set checkers do: {@code add x} operations and
 * {@code read} operations whose ok value is the whole set seen. The last ok read (by
 * completion) is the final read. Cost: linear in the history plus the elements read.
 *
 * <ul>
 *   <li><b>lost</b>: acknowledged (ok) adds missing from the final read;
 *   <li><b>unexpected</b>: elements some read returned that no add ever attempted;
 *   <li><b>stale</b>: elements missing from a read invoked after their add was acknowledged,
 *       though present in the final read (a linearizable set never shows these);
 *   <li><b>recovered</b>: adds with unknown outcome (info) present in the final read.
 * </ul>
 * Valid when nothing is lost or unexpected, and, if {@code staleIsFailure}, nothing stale.
 * With no ok read at all the result is invalid with the reason "no final read".
 */
public final class SetChecker {
    private SetChecker() {}

    /** The outcome; element lists are sorted. */
    public record Result(boolean valid, int attempted, int acknowledged, int finalSize, List<Object> lost,
                         List<Object> unexpected, List<Object> stale, List<Object> recovered, String reason) implements CheckResult {
        @Override
        public String summary() {
            return String.format("set: %s (%d attempted, %d acknowledged, final read %d; lost %d, unexpected %d, stale %d, recovered %d)%s",
                    valid ? "valid" : "INVALID", attempted, acknowledged, finalSize, lost.size(), unexpected.size(),
                    stale.size(), recovered.size(), reason == null ? "" : " — " + reason);
        }
    }

    public static Result check(History history, boolean staleIsFailure) {
        List<Operation> ops = history.operations();
        Map<Object, Operation> adds = new HashMap<>();
        Operation finalRead = null;
        for (Operation op : ops) {
            if (op.f().equals("add") && op.type() != OpType.FAIL) {
                adds.putIfAbsent(Values.normalize(op.value()), op);
            } else if (op.f().equals("read") && op.isOk() && op.output() != null) {
                if (finalRead == null || op.completeIndex() > finalRead.completeIndex()) {
                    finalRead = op;
                }
            }
        }
        int attempted = (int) ops.stream().filter(o -> o.f().equals("add")).count();
        int acknowledged = (int) ops.stream().filter(o -> o.f().equals("add") && o.isOk()).count();
        if (finalRead == null) {
            return new Result(false, attempted, acknowledged, 0, List.of(), List.of(), List.of(), List.of(), "no final read");
        }
        Set<Object> attemptedValues = new HashSet<>();
        for (Operation op : ops) {
            if (op.f().equals("add")) {
                attemptedValues.add(Values.normalize(op.value()));
            }
        }
        Set<Object> fin = elements(finalRead);
        Set<Object> lost = new HashSet<>();
        Set<Object> recovered = new HashSet<>();
        adds.forEach((x, op) -> {
            if (op.isOk() && !fin.contains(x)) {
                lost.add(x);
            } else if (op.isInfo() && fin.contains(x)) {
                recovered.add(x);
            }
        });
        Set<Object> unexpected = new HashSet<>();
        Set<Object> stale = new HashSet<>();
        for (Operation read : ops) {
            if (!read.f().equals("read") || !read.isOk() || read.output() == null) {
                continue;
            }
            Set<Object> seen = elements(read);
            for (Object x : seen) {
                if (!attemptedValues.contains(x)) {
                    unexpected.add(x);
                }
            }
            adds.forEach((x, add) -> {
                if (add.isOk() && add.completeIndex() < read.invokeIndex() && !seen.contains(x) && fin.contains(x)) {
                    stale.add(x);
                }
            });
        }
        boolean valid = lost.isEmpty() && unexpected.isEmpty() && (!staleIsFailure || stale.isEmpty());
        return new Result(valid, attempted, acknowledged, fin.size(), ValueOrder.sorted(lost), ValueOrder.sorted(unexpected),
                ValueOrder.sorted(stale), ValueOrder.sorted(recovered), null);
    }

    private static Set<Object> elements(Operation read) {
        Object v = read.output();
        if (!(v instanceof Collection<?> c)) {
            throw new IllegalArgumentException("set checker: a read returns a collection, found " + Edn.write(v));
        }
        Set<Object> out = new HashSet<>();
        for (Object o : c) {
            out.add(Values.normalize(o));
        }
        return out;
    }
}
