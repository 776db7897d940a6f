package dev.dst.elle;

import dev.dst.history.History;
import dev.dst.history.Operation;
import dev.dst.history.OpType;
import dev.dst.history.Values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A transaction of the history, with its micro-ops parsed, as one vertex of the dependency
 * graph. {@code committed} is decided by inference: ok transactions, and info transactions
 * some of whose appends were read.
 */
final class Txn {
    static final String FUNCTION = "txn";

    final int node;
    final Operation op;
    final List<MicroOp> microOps;
    boolean committed;

    private Txn(int node, Operation op, List<MicroOp> microOps) {
        this.node = node;
        this.op = op;
        this.microOps = microOps;
    }

    boolean isOk() {
        return op.type() == OpType.OK;
    }

    boolean isFail() {
        return op.type() == OpType.FAIL;
    }

    /** The workloads: what a write is called, and what a read returns. */
    enum Workload {
        LIST_APPEND("list-append", MicroOp.Kind.APPEND, "[[:append :x 1] [:r :x [1]]]"),
        RW_REGISTER("rw-register", MicroOp.Kind.WRITE, "[[:w :x 1] [:r :x 1]]");

        final String label;
        final MicroOp.Kind write;
        final String example;

        Workload(String label, MicroOp.Kind write, String example) {
            this.label = label;
            this.write = write;
            this.example = example;
        }
    }

    /** The operations whose function is {@code txn}, in the given order; others are left out. */
    static List<Txn> parseAll(List<Operation> operations, Workload workload) {
        List<Txn> txns = new ArrayList<>();
        for (Operation op : operations) {
            if (op.f().equals(FUNCTION)) {
                txns.add(new Txn(txns.size(), op, parseMicroOps(op, workload)));
            }
        }
        return txns;
    }

    /** An ok transaction's completion says what it read; for fail and info the invocation's writes are what we know. */
    private static List<MicroOp> parseMicroOps(Operation op, Workload w) {
        Object value = op.value();
        if (!(value instanceof List<?> list)) {
            throw malformed(op, w, "its value must be a list of micro-ops", value);
        }
        List<MicroOp> out = new ArrayList<>(list.size());
        for (Object m : list) {
            out.add(parseMicroOp(op, w, m));
        }
        return Collections.unmodifiableList(out);
    }

    private static MicroOp parseMicroOp(Operation op, Workload w, Object m) {
        if (!(m instanceof List<?> parts) || parts.size() != 3) {
            throw malformed(op, w, "each micro-op must be [f key value]", m);
        }
        Object f = parts.get(0);
        Object key = normalized(parts.get(1));
        Object value = normalized(parts.get(2));
        if (key == null) {
            throw malformed(op, w, "a micro-op's key must not be nil", m);
        }
        if (w.write.label.equals(f)) {
            if (value == null) {
                throw malformed(op, w, w == Workload.LIST_APPEND ? "an append needs an element" : "a write needs a value", m);
            }
            return new MicroOp(w.write, key, value);
        }
        if ("r".equals(f)) {
            if (op.type() != OpType.OK) {
                return new MicroOp(MicroOp.Kind.READ, key, null);   // what an unfinished read saw is unknown
            }
            if (w == Workload.LIST_APPEND && value != null && !(value instanceof List)) {
                throw malformed(op, w, "an ok read's value must be a list or nil", m);
            }
            return new MicroOp(MicroOp.Kind.READ, key, value);
        }
        throw malformed(op, w, "a micro-op's f must be :" + w.write.label + " or :r", m);
    }

    /**
     * {@link Values#normalize}, with a fast path for what History already recorded normalized
     * (longs, strings and lists of them): reads can be long, and this runs once per element read.
     */
    private static Object normalized(Object v) {
        if (v instanceof List<?> list) {
            for (Object e : list) {
                if (!(e instanceof Long || e instanceof String)) {
                    return Values.normalize(v);
                }
            }
            return v;
        }
        return v == null || v instanceof Long || v instanceof String ? v : Values.normalize(v);
    }

    /** A transaction the checker cannot read: says which operation, so that a parsed file's line can be named. */
    static final class Malformed extends IllegalArgumentException {
        final transient Operation op;

        Malformed(Operation op, String message) {
            super(message);
            this.op = op;
        }

        /**
         * The same message, after {@code line N: } when the history was parsed from a file: the line
         * of the event whose value was read (the ok completion's, else the invocation's).
         */
        IllegalArgumentException in(History history) {
            int index = op.type() == OpType.OK && op.completeIndex() >= 0 ? op.completeIndex() : op.invokeIndex();
            int line = history.line(index);
            return line > 0 ? new IllegalArgumentException("line " + line + ": " + getMessage(), this) : this;
        }
    }

    private static Malformed malformed(Operation op, Workload w, String expected, Object found) {
        String text = Render.value(found);
        if (text.length() > 80) {
            text = text.substring(0, 77) + "...";
        }
        return new Malformed(op, w.label + ": operation T" + op.id() + " (" + op + "): " + expected
                + ", like " + w.example + "; found " + text);
    }

    @Override
    public String toString() {
        return Render.txn(this);
    }
}
