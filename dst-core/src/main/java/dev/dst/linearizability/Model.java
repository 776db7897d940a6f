package dev.dst.linearizability;

import dev.dst.history.Operation;

import java.util.List;

/**
 * A sequential specification: the object a history is checked against. Implement it for your
 * own objects; {@link Models} has the usual ones.
 *
 * <p>States must be immutable, non-null, and have value-based {@code equals} and
 * {@code hashCode}: the checker memoizes (linearized set, state) pairs, and every state it
 * keeps costs memory. {@link #step} is called millions of times on large histories, so keep it
 * allocation-light.
 *
 * <p>{@link #step} must judge an operation by its function, value and type (ok or info) only,
 * not by its process or times: the search treats equal operations as interchangeable.
 *
 * @param <S> the state type
 */
public interface Model<S> {
    /** A short name for reports, such as {@code cas-register}. */
    String name();

    /** The state before any operation. */
    S initialState();

    /**
     * The state after {@code op} takes effect in {@code state}, or {@code null} when it cannot
     * take effect there (what it observed contradicts the state, or its precondition fails).
     * For an info operation ({@link Operation#isInfo()}) nothing was observed: judge it by its
     * argument ({@link Operation#value()}) alone. Throw {@link IllegalArgumentException} for an
     * operation the model does not know, saying which functions it expects.
     */
    S step(S state, Operation op);

    /**
     * True when {@code op} neither changes the state nor constrains it — a read whose result is
     * unknown, or that observed nothing (nil). Such operations are left out of the search,
     * which makes it cheaper. The default, {@code false}, is always correct.
     */
    default boolean canSkip(Operation op) {
        return false;
    }

    /**
     * True when a failed operation still observed something and must be linearized within its
     * interval, such as a cas that reports its compare failed (Porcupine's etcd model). The
     * default, {@code false}, follows Knossos: a failed operation did not happen and is left
     * out. {@link #step} then receives the operation with type {@code FAIL}.
     */
    default boolean keepsFailed(Operation op) {
        return false;
    }

    /**
     * True when {@code op} never changes the state, whatever the state (a read): the search
     * then need not try alternatives to linearizing it as soon as it fits. Saying true for an
     * operation that can change the state makes the checker wrong; the default, {@code false},
     * is always correct.
     */
    default boolean isReadOnly(Operation op) {
        return false;
    }

    /**
     * Splits the operations into independent parts (P-compositionality): each part is checked
     * alone, from the initial state, and the history is linearizable when every part is. Only
     * split when the model's state is a product of independent parts (per key, say) and every
     * operation touches one part. The default is one part.
     */
    default List<Partition> partition(List<Operation> operations) {
        return List.of(new Partition("all", operations));
    }

    /**
     * Orders that every linearization of {@code part} must have, inferred from what reads
     * observed: each pair {@code {a, b}} (indexes into {@code part}) says operation {@code a}
     * takes effect before {@code b}. For example, with every written value unique, a read of 7
     * comes after the one write of 7. The search then never tries {@code b} before {@code a},
     * which cuts whole subtrees it would otherwise explore and refute one by one. A pair that
     * does not hold in every linearization makes the checker wrong; the default, none, is always
     * correct. Called once per part, before the search.
     */
    default List<int[]> precedence(List<Operation> part) {
        return List.of();
    }

    /**
     * A proof that a part has no linearization, found without a search.
     *
     * @param operation the operation that cannot take effect
     * @param witnesses the operations the proof rests on
     * @param reason    why, in words
     */
    record Refutation(Operation operation, List<Operation> witnesses, String reason) {
        public Refutation {
            witnesses = List.copyOf(witnesses);
        }
    }

    /**
     * A cheap proof that {@code part} has no linearization, or null when none is found (the
     * default). It must be sound: refuting a linearizable part makes the checker wrong. Called
     * only for a part that the first, quick round of the search left undecided, so that easy
     * histories keep the search's explanation.
     */
    default Refutation refute(List<Operation> part) {
        return null;
    }

    /** A readable form of a state, for explanations. */
    default String describe(S state) {
        return String.valueOf(state);
    }
}
