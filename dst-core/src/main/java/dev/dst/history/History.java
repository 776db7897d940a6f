package dev.dst.history;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;


/**
 * A concurrent history: processes invoking operations and completing them, plus nemesis
 * events, in the order they happened. Record one during a simulation, or {@link #parse} one
 * from a file (Jepsen EDN, Jepsen's text log, dst JSONL), then hand it to a checker.
 *
 * <p>Conventions (Jepsen's and Knossos's): an ok completion's value is what the operation
 * observed; fail means it did not take effect; info means unknown — it may take effect at any
 * time after its invocation, or never; an invocation never completed counts as info. A
 * process has at most one outstanding operation. Order is the order of recording; times are
 * kept for display. Recording costs one small object per event. Not thread-safe.
 */
public final class History {
    /** The process id of nemesis events. */
    public static final int NEMESIS = -1;

    private final List<Op> ops = new ArrayList<>();
    private final Int2IntOpenHashMap outstanding = new Int2IntOpenHashMap();
    private final IntArrayList lines = new IntArrayList();   // per event, the line it was parsed from; empty when recorded

    public History() {
        outstanding.defaultReturnValue(-1);
    }

    /**
     * A process invokes {@code f} with {@code value} at {@code timeNanos}; returns the op's index.
     *
     * @throws IllegalStateException when the process already has an outstanding operation
     */
    public int invoke(int process, String f, Object value, long timeNanos) {
        if (process < 0) {
            throw new IllegalArgumentException("process ids are non-negative; use nemesis() for nemesis events");
        }
        int pending = outstanding.get(process);
        if (pending >= 0) {
            throw new IllegalStateException("process " + process + " invokes " + f + " while its " + ops.get(pending).f()
                    + " (op " + pending + ") is still outstanding");
        }
        int index = ops.size();
        ops.add(new Op(index, process, OpType.INVOKE, f, Values.normalize(value), timeNanos));
        outstanding.put(process, index);
        return index;
    }

    /**
     * Completes the process's outstanding operation with ok, fail or info and the observed value.
     *
     * @throws IllegalStateException when the process has no outstanding operation
     */
    public void complete(int process, OpType type, Object value, long timeNanos) {
        if (type == OpType.INVOKE) {
            throw new IllegalArgumentException("a completion is ok, fail or info, not invoke");
        }
        int pending = outstanding.remove(process);
        if (pending < 0) {
            throw new IllegalStateException("process " + process + " completes an operation it never invoked");
        }
        ops.add(new Op(ops.size(), process, type, ops.get(pending).f(), Values.normalize(value), timeNanos));
    }

    /**
     * A copy of this history in which the event at {@code index} observed or asked for
     * {@code value} instead: for tests and benchmarks that corrupt one read of a valid history.
     *
     * @throws IndexOutOfBoundsException when there is no such event
     */
    public History withValue(int index, Object value) {
        Op old = ops.get(index);
        History copy = new History();
        copy.ops.addAll(ops);
        copy.ops.set(index, new Op(old.index(), old.process(), old.type(), old.f(), Values.normalize(value), old.timeNanos()));
        copy.outstanding.putAll(outstanding);
        copy.lines.addAll(lines);
        return copy;
    }

    /** A nemesis event, kept for display only (process {@link #NEMESIS}). */
    public void nemesis(String f, Object value, long timeNanos) {
        ops.add(new Op(ops.size(), NEMESIS, OpType.INFO, f, Values.normalize(value), timeNanos));
    }

    /** Notes the line of the parsed file the event just added came from. */
    void parsedFromLine(int line) {
        assert lines.size() == ops.size() - 1 : "one line per event, in order";
        lines.add(line);
    }

    /**
     * The line of the file the event at {@code index} was {@link #parse parsed} from (from 1), or
     * 0 when the history was recorded in code: for error messages that point into a user's file.
     */
    public int line(int index) {
        return index >= 0 && index < lines.size() ? lines.getInt(index) : 0;
    }

    /** The events in the order recorded (a read-only view). */
    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    /** The number of events. */
    public int size() {
        return ops.size();
    }

    /** The number of distinct client processes. */
    public int processCount() {
        return (int) ops.stream().filter(o -> !o.isNemesis()).mapToInt(Op::process).distinct().count();
    }

    /**
     * The operations: each invocation paired with its completion, in invocation order;
     * invocations never completed are info. Nemesis events are left out. Costs one pass.
     */
    public List<Operation> operations() {
        int[] completion = new int[ops.size()];
        java.util.Arrays.fill(completion, -1);
        Int2IntOpenHashMap open = new Int2IntOpenHashMap();
        open.defaultReturnValue(-1);
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), op.index());
            } else {
                int inv = open.remove(op.process());
                if (inv >= 0) {
                    completion[inv] = op.index();
                }
            }
        }
        List<Operation> result = new ArrayList<>();
        for (Op op : ops) {
            if (op.isNemesis() || op.type() != OpType.INVOKE) {
                continue;
            }
            int c = completion[op.index()];
            if (c < 0) {
                result.add(new Operation(result.size(), op.process(), op.f(), op.value(), null, OpType.INFO,
                        op.index(), -1, op.timeNanos(), Long.MAX_VALUE));
            } else {
                Op done = ops.get(c);
                result.add(new Operation(result.size(), op.process(), op.f(), op.value(), done.value(), done.type(),
                        op.index(), c, op.timeNanos(), done.timeNanos()));
            }
        }
        return result;
    }

    /** dst JSONL: one JSON object per event, {@code {"index":0,"process":0,"type":"invoke","f":"write","value":3,"time":123}}. */
    public String toJsonl() {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append("{\"index\":").append(op.index()).append(",\"process\":");
            if (op.isNemesis()) {
                sb.append("\"nemesis\"");
            } else {
                sb.append(op.process());
            }
            sb.append(",\"type\":\"").append(op.type().jepsenName()).append("\",\"f\":");
            JsonValues.writeString(sb, op.f());
            sb.append(",\"value\":");
            JsonValues.write(sb, op.value());
            sb.append(",\"time\":").append(op.timeNanos()).append("}\n");
        }
        return sb.toString();
    }

    /** Jepsen EDN: a vector of op maps, one per line, {@code {:process 0, :type :invoke, :f :write, :value 3, :time 123, :index 0}}. */
    public String toEdn() {
        StringBuilder sb = new StringBuilder("[");
        for (Op op : ops) {
            if (op.index() > 0) {
                sb.append('\n');
            }
            sb.append("{:process ");
            if (op.isNemesis()) {
                sb.append(":nemesis");
            } else {
                sb.append(op.process());
            }
            sb.append(", :type :").append(op.type().jepsenName()).append(", :f ");
            Edn.writeKeyword(sb, op.f());
            sb.append(", :value ");
            Edn.write(sb, op.value());
            sb.append(", :time ").append(op.timeNanos()).append(", :index ").append(op.index()).append('}');
        }
        return sb.append("]\n").toString();
    }

    /**
     * Reads a history. Malformed input — bad syntax, an unknown op type, a completion with no
     * invocation, a process invoking twice — gives a {@link HistoryFormatException} with the
     * line and reason; nothing else is thrown. Costs one pass over the text.
     */
    public static History parse(String text, Format format) {
        return HistoryParser.parse(text, format);
    }

    @Override
    public String toString() {
        return "History(" + ops.size() + " events)";
    }

}
