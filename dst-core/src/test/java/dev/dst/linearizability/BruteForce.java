package dev.dst.linearizability;

import dev.dst.history.OpType;
import dev.dst.history.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * The definition of linearizability, searched exhaustively: some order of the operations that
 * respects real time, contains every ok operation (and failed one the model keeps) and any subset of info ones, and that the
 * model accepts step by step. Exponential; for histories of a few operations only.
 */
final class BruteForce {
    private BruteForce() {}

    @SuppressWarnings("unchecked")
    static boolean linearizable(List<Operation> all, Model<?> m) {
        Model<Object> model = (Model<Object>) m;
        List<Operation> ops = new ArrayList<>();
        for (Operation op : all) {
            if (op.type() != OpType.FAIL || model.keepsFailed(op)) {
                ops.add(op);
            }
        }
        if (ops.size() > 62) {
            throw new IllegalArgumentException("brute force is for small histories");
        }
        return search(ops, model, new boolean[ops.size()], 0L, model.initialState(), new java.util.HashSet<>());
    }

    /** failed: (placed mask, state) pairs already known to lead nowhere; a plain memo, no other pruning. */
    private static boolean search(List<Operation> ops, Model<Object> model, boolean[] placed, long mask, Object state,
                                  java.util.Set<List<Object>> failed) {
        if (failed.contains(List.of(mask, state))) {
            return false;
        }
        boolean allOkPlaced = true;
        for (int i = 0; i < ops.size(); i++) {
            if (!placed[i] && !ops.get(i).isInfo()) {
                allOkPlaced = false;
            }
        }
        if (allOkPlaced) {
            return true;
        }
        for (int x = 0; x < ops.size(); x++) {
            if (placed[x] || !mayGoNext(ops, placed, x)) {
                continue;
            }
            Object next = model.step(state, ops.get(x));
            if (next == null) {
                continue;
            }
            placed[x] = true;
            boolean found = search(ops, model, placed, mask | (1L << x), next, failed);
            placed[x] = false;
            if (found) {
                return true;
            }
        }
        failed.add(List.of(mask, state));
        return false;
    }

    /** No unplaced ok operation completed before x was invoked. */
    private static boolean mayGoNext(List<Operation> ops, boolean[] placed, int x) {
        for (int y = 0; y < ops.size(); y++) {
            if (!placed[y] && y != x && !ops.get(y).isInfo() && ops.get(y).completeIndex() < ops.get(x).invokeIndex()) {
                return false;
            }
        }
        return true;
    }
}
