package dev.dst.checker;

import dev.dst.history.Edn;
import dev.dst.history.History;
import dev.dst.history.Operation;
import dev.dst.history.Values;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks an append-only log per key (a Kafka-like topic): {@code send [key message]} whose ok
 * value is {@code [key offset]}, and {@code poll} whose ok value maps each key to the
 * {@code [offset message]} pairs read, in order. Cost: linear in what was sent and read.
 *
 * <ul>
 *   <li><b>non-monotonic</b>: a poll whose offsets for a key do not strictly increase, or a
 *       process whose successive polls of a key go back to an offset it already passed;
 *   <li><b>inconsistent</b>: two different messages at one key and offset (in sends or polls);
 *   <li><b>lost</b>: an acknowledged send that no poll ever returned, although some poll read
 *       past its offset on that key.
 * </ul>
 */
public final class AppendLogChecker {
    private AppendLogChecker() {}

    /** One anomaly: what, where, and a readable detail. */
    public record Anomaly(String kind, Object key, long offset, String detail) {}

    /** The outcome: anomalies in the order found. */
    public record Result(boolean valid, int sends, int acknowledged, int polls, List<Anomaly> nonMonotonic,
                         List<Anomaly> inconsistent, List<Anomaly> lost) implements CheckResult {
        @Override
        public String summary() {
            return String.format("append-only log: %s (%d sends, %d acknowledged, %d polls; non-monotonic %d, inconsistent %d, lost %d)",
                    valid ? "valid" : "INVALID", sends, acknowledged, polls, nonMonotonic.size(), inconsistent.size(), lost.size());
        }
    }

    public static Result check(History history) {
        List<Operation> ops = history.operations();
        Map<Object, TreeMap<Long, Object>> logs = new LinkedHashMap<>();   // key -> offset -> message
        Map<Object, Long> maxRead = new HashMap<>();
        Map<Object, Map<Object, Boolean>> seen = new HashMap<>();          // key -> messages polled
        Map<List<Object>, Long> lastByProcessKey = new HashMap<>();
        List<Anomaly> nonMonotonic = new ArrayList<>();
        List<Anomaly> inconsistent = new ArrayList<>();
        List<Object[]> acked = new ArrayList<>();
        int sends = 0;
        int polls = 0;
        for (Operation op : ops) {
            if (op.f().equals("send")) {
                sends++;
                if (op.isOk()) {
                    List<?> in = pair(op.input(), "send value [key message]");
                    Object key = Values.normalize(in.get(0));
                    Object msg = Values.normalize(in.get(1));
                    long offset = offset(op.output());
                    acked.add(new Object[] {key, offset, msg});
                    record(logs, inconsistent, key, offset, msg);
                }
            } else if (op.f().equals("poll") && op.isOk() && op.output() != null) {
                polls++;
                if (!(op.output() instanceof Map<?, ?> byKey)) {
                    throw new IllegalArgumentException("append-only log checker: a poll returns {key [[offset message] ...]}, found "
                            + Edn.write(op.output()));
                }
                for (Map.Entry<?, ?> e : byKey.entrySet()) {
                    Object key = Values.normalize(e.getKey());
                    if (!(e.getValue() instanceof List<?> records)) {
                        throw new IllegalArgumentException("append-only log checker: a poll's records are a list, found "
                                + Edn.write(e.getValue()));
                    }
                    List<Object> pk = List.of(op.process(), key == null ? "nil" : key);
                    long previous = lastByProcessKey.getOrDefault(pk, Long.MIN_VALUE);
                    long inPoll = Long.MIN_VALUE;
                    for (Object r : records) {
                        List<?> rec = pair(r, "poll record [offset message]");
                        long offset = offset(rec.get(0));
                        Object msg = Values.normalize(rec.get(1));
                        if (offset <= inPoll) {
                            nonMonotonic.add(new Anomaly("non-monotonic", key, offset, "poll by process " + op.process()
                                    + " read offset " + offset + " after " + inPoll));
                        } else if (offset <= previous && inPoll == Long.MIN_VALUE) {
                            nonMonotonic.add(new Anomaly("non-monotonic", key, offset, "process " + op.process()
                                    + " polled offset " + offset + " after having read up to " + previous));
                        }
                        inPoll = Math.max(inPoll, offset);
                        record(logs, inconsistent, key, offset, msg);
                        seen.computeIfAbsent(key, k -> new HashMap<>()).put(msg, Boolean.TRUE);
                        maxRead.merge(key, offset, Math::max);
                    }
                    if (inPoll != Long.MIN_VALUE) {
                        lastByProcessKey.put(pk, Math.max(previous, inPoll));
                    }
                }
            }
        }
        List<Anomaly> lost = new ArrayList<>();
        for (Object[] a : acked) {
            Object key = a[0];
            long offset = (Long) a[1];
            Map<Object, Boolean> polled = seen.getOrDefault(key, Map.of());
            if (maxRead.getOrDefault(key, Long.MIN_VALUE) > offset && !polled.containsKey(a[2])) {
                lost.add(new Anomaly("lost", key, offset, "acknowledged message " + Edn.write(a[2]) + " at offset " + offset
                        + " was never read, though polls read up to offset " + maxRead.get(key)));
            }
        }
        boolean valid = nonMonotonic.isEmpty() && inconsistent.isEmpty() && lost.isEmpty();
        return new Result(valid, sends, acked.size(), polls, nonMonotonic, inconsistent, lost);
    }

    private static void record(Map<Object, TreeMap<Long, Object>> logs, List<Anomaly> inconsistent, Object key, long offset, Object msg) {
        TreeMap<Long, Object> log = logs.computeIfAbsent(key, k -> new TreeMap<>());
        Object prior = log.putIfAbsent(offset, msg);
        if (prior != null && !prior.equals(msg)) {
            inconsistent.add(new Anomaly("inconsistent", key, offset, "offset " + offset + " holds both " + Edn.write(prior)
                    + " and " + Edn.write(msg)));
        }
    }

    private static List<?> pair(Object v, String what) {
        if (!(v instanceof List<?> l) || l.size() != 2) {
            throw new IllegalArgumentException("append-only log checker: expected a " + what + ", found " + Edn.write(v));
        }
        return l;
    }

    private static long offset(Object v) {
        Object o = Values.normalize(v);
        if (o instanceof List<?> l && l.size() == 2) {
            o = Values.normalize(l.get(1)); // [key offset]
        }
        if (!(o instanceof Long l)) {
            throw new IllegalArgumentException("append-only log checker: an offset is an integer, found " + Edn.write(v));
        }
        return l;
    }
}
