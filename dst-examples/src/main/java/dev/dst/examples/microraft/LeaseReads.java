package dev.dst.examples.microraft;

import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import dev.dst.linearizability.Model;
import dev.dst.linearizability.Partition;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * MicroRaft's {@code LEADER_LEASE} reads, judged by what the library promises for them. Its
 * documentation (0.7, {@code QueryPolicy.LEADER_LEASE}) says such a read "cannot guarantee
 * linearizability"; so they are left out of the linearizability check ({@link #skipping}) and
 * held to the weaker promise a local read of committed state keeps: the value read is one
 * that some write to that key could have put there, or the initial 0 ({@link #readsWrittenValues}).
 */
final class LeaseReads {
    static final String F = "lease-read";

    private LeaseReads() {}

    /** {@code model} with lease reads left out of the search. */
    static <S> Model<S> skipping(Model<S> model) {
        return new Adapted<>(model, model.name() + ", without lease reads", true);
    }

    /** {@code model} with lease reads judged as the linearizable reads they are not promised to be (for information). */
    static <S> Model<S> asReads(Model<S> model) {
        return new Adapted<>(model, model.name() + ", lease reads as reads", false);
    }

    /** The model, with lease reads skipped or renamed {@code get}. */
    private record Adapted<S>(Model<S> model, String name, boolean skip) implements Model<S> {
        private Operation plain(Operation op) {
            return op.f().equals(F) ? new Operation(op.id(), op.process(), "get", op.input(), op.output(), op.type(),
                    op.invokeIndex(), op.completeIndex(), op.invokeNanos(), op.completeNanos()) : op;
        }

        @Override
        public S initialState() {
            return model.initialState();
        }

        @Override
        public S step(S state, Operation op) {
            return model.step(state, plain(op));
        }

        @Override
        public boolean canSkip(Operation op) {
            return (skip && op.f().equals(F)) || model.canSkip(plain(op));
        }

        @Override
        public boolean keepsFailed(Operation op) {
            return model.keepsFailed(plain(op));
        }

        @Override
        public boolean isReadOnly(Operation op) {
            return model.isReadOnly(plain(op));
        }

        @Override
        public List<Partition> partition(List<Operation> operations) {
            return model.partition(operations);
        }

        @Override
        public String describe(S state) {
            return model.describe(state);
        }
    }

    /** Null when every ok lease read returned 0 or a value written to its key; otherwise the first that did not. */
    static String readsWrittenValues(History history) {
        Map<Long, Set<Long>> written = new TreeMap<>();
        for (Op op : history.ops()) {
            if (op.type() != OpType.INVOKE || op.isNemesis()) {
                continue;
            }
            List<?> v = (List<?>) op.value();
            if (op.f().equals("put")) {
                written.computeIfAbsent((Long) v.get(0), k -> new TreeSet<>()).add((Long) v.get(1));
            } else if (op.f().equals("cas")) {
                written.computeIfAbsent((Long) v.get(0), k -> new TreeSet<>()).add((Long) ((List<?>) v.get(1)).get(1));
            }
        }
        for (Op op : history.ops()) {
            if (op.type() == OpType.OK && op.f().equals(F)) {
                List<?> v = (List<?>) op.value();
                long read = (Long) v.get(1);
                if (read != 0 && !written.getOrDefault((Long) v.get(0), Set.of()).contains(read)) {
                    return op + ": no write to key " + v.get(0) + " put " + read + " there";
                }
            }
        }
        return null;
    }
}
