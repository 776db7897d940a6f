package dev.dst.checker;

import dev.dst.history.History;
import dev.dst.history.OpType;

/** A terse history builder for checker tests. */
final class H {
    final History history = new History();
    private long t;

    H invoke(int p, String f, Object v) {
        history.invoke(p, f, v, t++);
        return this;
    }

    H ok(int p, Object v) {
        history.complete(p, OpType.OK, v, t++);
        return this;
    }

    H info(int p) {
        history.complete(p, OpType.INFO, null, t++);
        return this;
    }

    H op(int p, String f, Object in, Object out) {
        return invoke(p, f, in).ok(p, out);
    }
}
