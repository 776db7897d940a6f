package dev.dst.linearizability;

import dev.dst.entropy.Entropy;
import dev.dst.history.History;
import dev.dst.history.OpType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Histories from running a correct sequential object under random concurrency: every
 * operation takes effect at one instant between its invocation and completion, so the history
 * is linearizable by construction. Some operations crash (info), applied or not; some fail
 * without effect. A crashed process is replaced by a fresh one, as in Jepsen.
 */
final class RandomHistories {
    /** The object being simulated: applies f(arg), returns the observed value, or FAILED. */
    interface Sequential {
        Object FAILED = new Object();

        /** A random function and argument. */
        Object[] invocation(Entropy e);

        Object apply(String f, Object arg);
    }

    private RandomHistories() {}

    /** A cas register over 0..3 (initial 0). */
    static Sequential casRegister() {
        return new Sequential() {
            long value;

            @Override
            public Object[] invocation(Entropy e) {
                switch (e.below(3)) {
                    case 0: return new Object[] {"read", null};
                    case 1: return new Object[] {"write", (long) e.below(4)};
                    default: return new Object[] {"cas", List.of((long) e.below(4), (long) e.below(4))};
                }
            }

            @Override
            public Object apply(String f, Object arg) {
                switch (f) {
                    case "read": return value;
                    case "write": value = (Long) arg; return arg;
                    default: {
                        List<?> l = (List<?>) arg;
                        if (value != (Long) l.get(0)) {
                            return FAILED;
                        }
                        value = (Long) l.get(1);
                        return arg;
                    }
                }
            }
        };
    }

    /** A key-value store over keys a, b, values "0".."3", initial "". */
    static Sequential keyValue() {
        return new Sequential() {
            final String[] values = {"", ""};

            @Override
            public Object[] invocation(Entropy e) {
                String k = e.chance(0.5) ? "a" : "b";
                switch (e.below(3)) {
                    case 0: return new Object[] {"get", Arrays.asList(k, null)};
                    case 1: return new Object[] {"put", Arrays.asList(k, Long.toString(e.below(4)))};
                    default: return new Object[] {"append", Arrays.asList(k, Long.toString(e.below(4)))};
                }
            }

            @Override
            public Object apply(String f, Object arg) {
                return applyKeyValue(values, f, arg);
            }
        };
    }

    /**
     * A key-value store over keys a, b (initial "") whose every written value is unique: puts
     * write {@code pN;}, appends add {@code tN;} (prefix-free, so a read splits one way), or,
     * with {@code appends} false, only puts and gets: what {@link KvPrecedence} infers orders from.
     */
    static Sequential keyValueUnique(boolean appends) {
        return new Sequential() {
            final String[] values = {"", ""};
            int next;

            @Override
            public Object[] invocation(Entropy e) {
                String k = e.chance(0.5) ? "a" : "b";
                int kind = e.below(appends ? 4 : 2);
                return switch (kind) {
                    case 0 -> new Object[] {"get", Arrays.asList(k, null)};
                    case 1 -> new Object[] {"put", Arrays.asList(k, "p" + next++ + ";")};
                    default -> new Object[] {"append", Arrays.asList(k, "t" + next++ + ";")};
                };
            }

            @Override
            public Object apply(String f, Object arg) {
                return applyKeyValue(values, f, arg);
            }
        };
    }

    /** get, put or append on keys a (values[0]) and b (values[1]) of string values. */
    private static Object applyKeyValue(String[] values, String f, Object arg) {
        List<?> l = (List<?>) arg;
        int k = l.get(0).equals("a") ? 0 : 1;
        switch (f) {
            case "get": return Arrays.asList(l.get(0), values[k]);
            case "put": values[k] = (String) l.get(1); return arg;
            default: values[k] = values[k] + l.get(1); return arg;
        }
    }

    /** A FIFO queue of small integers. */
    static Sequential queue() {
        return new Sequential() {
            final java.util.ArrayDeque<Long> q = new java.util.ArrayDeque<>();

            @Override
            public Object[] invocation(Entropy e) {
                return e.chance(0.5) ? new Object[] {"enqueue", (long) e.below(5)} : new Object[] {"dequeue", null};
            }

            @Override
            public Object apply(String f, Object arg) {
                if (f.equals("enqueue")) {
                    q.addLast((Long) arg);
                    return arg;
                }
                return q.isEmpty() ? FAILED : q.removeFirst();
            }
        };
    }

    static History generate(Sequential object, Entropy e, int processes, int operations) {
        return generate(object, e, processes, operations, 0.1, 0.08);
    }

    /** crashBefore: chance an operation crashes before taking effect; crashAfter: after. */
    static History generate(Sequential object, Entropy e, int processes, int operations, double crashBefore, double crashAfter) {
        History h = new History();
        int[] proc = new int[processes];
        for (int i = 0; i < processes; i++) {
            proc[i] = i;
        }
        int nextProcess = processes;
        String[] f = new String[processes];
        Object[] arg = new Object[processes];
        Object[] result = new Object[processes];
        int[] phase = new int[processes]; // 0 idle, 1 invoked, 2 applied
        int invoked = 0;
        long t = 0;
        while (true) {
            List<Integer> choices = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                if (phase[i] != 0 || invoked < operations) {
                    choices.add(i);
                }
            }
            if (choices.isEmpty()) {
                return h;
            }
            int i = choices.get(e.below(choices.size()));
            switch (phase[i]) {
                case 0: {
                    Object[] inv = object.invocation(e);
                    f[i] = (String) inv[0];
                    arg[i] = inv[1];
                    h.invoke(proc[i], f[i], arg[i], t++);
                    invoked++;
                    phase[i] = 1;
                    break;
                }
                case 1: {
                    if (e.chance(crashBefore)) { // crashes before taking effect
                        h.complete(proc[i], e.chance(0.5) ? OpType.INFO : OpType.FAIL, null, t++);
                        proc[i] = e.chance(0.5) ? nextProcess++ : proc[i];
                        phase[i] = 0;
                    } else {
                        result[i] = object.apply(f[i], arg[i]);
                        phase[i] = 2;
                    }
                    break;
                }
                default: {
                    if (result[i] == Sequential.FAILED) {
                        h.complete(proc[i], OpType.FAIL, arg[i], t++);
                    } else if (e.chance(crashAfter)) { // took effect, but the client never heard
                        h.complete(proc[i], OpType.INFO, null, t++);
                        proc[i] = nextProcess++;
                    } else {
                        h.complete(proc[i], OpType.OK, result[i], t++);
                    }
                    phase[i] = 0;
                }
            }
        }
    }
}
