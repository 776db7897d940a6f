package dev.dst.checker;

import dev.dst.history.Edn;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import dev.dst.history.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a counter by bounds, as Jepsen's counter checker does: {@code add d} operations (nil
 * means 1) and {@code read} operations observing the total. For each ok read, the value must
 * lie between the sum of adds that certainly happened before it (acknowledged before the read
 * was invoked) and that sum plus every add that may have happened by its completion (invoked
 * before it completed, ok or info; negative adds widen the lower bound). Cost: linear.
 */
public final class CounterChecker {
    private CounterChecker() {}

    /** A read outside its bounds. */
    public record BadRead(Operation read, long value, long lower, long upper) {}

    /** The outcome. */
    public record Result(boolean valid, int reads, List<BadRead> errors, long initial) implements CheckResult {
        @Override
        public String summary() {
            return String.format("counter: %s (%d reads, %d out of bounds)%s", valid ? "valid" : "INVALID", reads, errors.size(),
                    errors.isEmpty() ? "" : "; first: read " + errors.get(0).value() + " outside [" + errors.get(0).lower()
                            + ", " + errors.get(0).upper() + "]");
        }
    }

    public static Result check(History history, long initial) {
        List<Operation> ops = history.operations();
        int size = history.size() + 1;
        long[] certainPos = new long[size];
        long[] certainNeg = new long[size];
        long[] invokedPos = new long[size];
        long[] invokedNeg = new long[size];
        for (Operation op : ops) {
            if (!isAdd(op) || op.type() == OpType.FAIL) {
                continue;
            }
            long d = delta(op);
            if (op.isOk()) {
                (d >= 0 ? certainPos : certainNeg)[op.completeIndex() + 1] += d;
            }
            (d >= 0 ? invokedPos : invokedNeg)[op.invokeIndex() + 1] += d;
        }
        for (int i = 1; i < size; i++) {
            certainPos[i] += certainPos[i - 1];
            certainNeg[i] += certainNeg[i - 1];
            invokedPos[i] += invokedPos[i - 1];
            invokedNeg[i] += invokedNeg[i - 1];
        }
        List<BadRead> errors = new ArrayList<>();
        int reads = 0;
        for (Operation op : ops) {
            if (!op.f().equals("read") || !op.isOk() || op.output() == null) {
                continue;
            }
            reads++;
            Object v = Values.normalize(op.output());
            if (!(v instanceof Long value)) {
                throw new IllegalArgumentException("counter checker: a read returns an integer, found " + Edn.write(v));
            }
            int inv = op.invokeIndex();      // sums over positions < inv
            int done = op.completeIndex();   // sums over positions < done
            long certain = initial + certainPos[inv] + certainNeg[inv];
            long lower = certain + (invokedNeg[done] - certainNeg[inv]);
            long upper = certain + (invokedPos[done] - certainPos[inv]);
            if (value < lower || value > upper) {
                errors.add(new BadRead(op, value, lower, upper));
            }
        }
        return new Result(errors.isEmpty(), reads, errors, initial);
    }

    private static boolean isAdd(Operation op) {
        return op.f().equals("add") || op.f().equals("increment") || op.f().equals("inc");
    }

    private static long delta(Operation op) {
        Object v = Values.normalize(op.input());
        if (v == null) {
            return 1;
        }
        if (!(v instanceof Long d)) {
            throw new IllegalArgumentException("counter checker: add takes an integer, found " + Edn.write(v));
        }
        return d;
    }
}
