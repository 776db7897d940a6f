package dev.dst.maelstrom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.node.Result;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client's request asks of the node: the dst operations to hand to {@code onRequest}
 * (one each, as separate {@link dev.dst.node.Request}s, in order) and how to answer once the
 * node replied to all of them. A request about several keys (Kafka's {@code poll}) is several
 * operations; a request the adapter answers alone (broadcast's {@code topology}) is none.
 *
 * <p>The node's replies are {@link Result}s for the bundled nodes: {@link #answer} passes the
 * values of ok results to {@code answer}, and turns failures into an error with
 * {@code failure} (a definite failure, by {@link Result}'s contract: default
 * {@code temporarily-unavailable}). When some operations of a call that writes failed and
 * others did not, the request took effect in part: the answer is {@code crash} (13), an
 * indefinite error. A reply that is not a {@link Result} is passed on as it is.
 *
 * @param ops      the operations, in order
 * @param readOnly whether the operations change nothing (a failure of some is then definite for the whole)
 * @param answer   the answer body from the values, once every operation succeeded
 * @param failure  the error for a failed operation's reason
 */
public record Call(List<Object> ops, boolean readOnly, Answer answer, Failure failure) {
    /** The answer body, from each operation's value in order. */
    @FunctionalInterface
    public interface Answer {
        ObjectNode ok(List<Object> values) throws MaelstromError;
    }

    /** The error a failed operation's reason ({@link Result#value()}) becomes. */
    @FunctionalInterface
    public interface Failure {
        MaelstromError failed(Object reason);
    }

    /** {@code temporarily-unavailable} (11, definite) with the node's reason as its text. */
    public static final Failure UNAVAILABLE = reason -> MaelstromError.unavailable(String.valueOf(reason));

    public Call {
        ops = List.copyOf(ops);
        if (answer == null || failure == null) {
            throw new IllegalArgumentException("a call needs an answer and a failure mapping");
        }
    }

    /** One operation that changes nothing (a read). */
    public static Call read(Object op, Answer answer) {
        return new Call(List.of(op), true, answer, UNAVAILABLE);
    }

    /** One operation that may change the node's state. */
    public static Call write(Object op, Answer answer) {
        return new Call(List.of(op), false, answer, UNAVAILABLE);
    }

    /** Several operations that change nothing. */
    public static Call reads(List<?> ops, Answer answer) {
        return new Call(new ArrayList<>(ops), true, answer, UNAVAILABLE);
    }

    /** Several operations that may change the node's state. */
    public static Call writes(List<?> ops, Answer answer) {
        return new Call(new ArrayList<>(ops), false, answer, UNAVAILABLE);
    }

    /** No operation: the adapter answers {@code body} at once. */
    public static Call answered(ObjectNode body) {
        return new Call(List.of(), true, values -> body, UNAVAILABLE);
    }

    /** This call, with failures mapped by {@code f}. */
    public Call onFailure(Failure f) {
        return new Call(ops, readOnly, answer, f);
    }

    /**
     * The answer to the request from the node's replies (one per operation, in order).
     *
     * @throws MaelstromError the error to answer instead
     */
    public ObjectNode answer(List<Object> replies) throws MaelstromError {
        if (replies.size() != ops.size()) {
            throw new IllegalArgumentException(replies.size() + " replies for " + ops.size() + " operations");
        }
        List<Object> values = new ArrayList<>(replies.size());
        Object firstFailure = null;
        int failed = 0;
        for (Object r : replies) {
            if (r instanceof Result res && !res.ok()) {
                if (failed++ == 0) {
                    firstFailure = res.value();
                }
                values.add(null);
            } else {
                values.add(r instanceof Result res ? res.value() : r);
            }
        }
        if (failed == 0) {
            return answer.ok(values);
        }
        if (readOnly || failed == replies.size()) {
            throw failure.failed(firstFailure);
        }
        throw new MaelstromError(MaelstromError.Code.CRASH, failed + " of " + replies.size()
                + " parts failed (the first: " + firstFailure + "); the others took effect");
    }
}
