package dev.dst.checker;

import dev.dst.history.History;
import dev.dst.history.Operation;
import dev.dst.history.Values;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a unique-id generator: every ok {@code generate} operation must return an id no other
 * returned. Cost: linear, one map entry per id.
 */
public final class UniqueIdsChecker {
    private UniqueIdsChecker() {}

    /** The outcome; {@code duplicates}: each id returned more than once, with how many times, in value order. */
    public record Result(boolean valid, int attempted, int acknowledged, Map<Object, Integer> duplicates) implements CheckResult {
        @Override
        public String summary() {
            return String.format("unique ids: %s (%d attempted, %d acknowledged, %d duplicated)", valid ? "valid" : "INVALID",
                    attempted, acknowledged, duplicates.size());
        }
    }

    public static Result check(History history) {
        List<Operation> ops = history.operations();
        Map<Object, Integer> counts = new HashMap<>();
        int attempted = 0;
        int acknowledged = 0;
        for (Operation op : ops) {
            if (!op.f().equals("generate")) {
                continue;
            }
            attempted++;
            if (op.isOk()) {
                acknowledged++;
                counts.merge(Values.normalize(op.output()), 1, Integer::sum);
            }
        }
        Map<Object, Integer> duplicates = new TreeMap<>(ValueOrder.INSTANCE);
        counts.forEach((id, c) -> {
            if (c > 1) {
                duplicates.put(id, c);
            }
        });
        return new Result(duplicates.isEmpty(), attempted, acknowledged, duplicates);
    }
}
