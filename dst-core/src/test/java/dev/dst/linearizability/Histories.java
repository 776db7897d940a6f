package dev.dst.linearizability;

import dev.dst.history.History;
import dev.dst.history.OpType;

/** A terse builder for hand-written histories: times are positions. */
final class Histories {
    final History history = new History();
    private long t;

    Histories invoke(int p, String f, Object v) {
        history.invoke(p, f, v, t++);
        return this;
    }

    Histories ok(int p, Object v) {
        history.complete(p, OpType.OK, v, t++);
        return this;
    }

    Histories fail(int p) {
        history.complete(p, OpType.FAIL, null, t++);
        return this;
    }

    Histories info(int p) {
        history.complete(p, OpType.INFO, null, t++);
        return this;
    }

    /** invoke then ok, with the same value on both (a write) or nil then the value (a read). */
    Histories op(int p, String f, Object v) {
        boolean read = f.equals("read") || f.equals("get") || f.equals("dequeue");
        return invoke(p, f, read ? null : v).ok(p, v);
    }

    Verdict check(Model<?> model) {
        return Linearizability.check(history, model).verdict();
    }
}
