package dev.dst.linearizability;

import dev.dst.history.Edn;
import dev.dst.history.Operation;
import dev.dst.history.Values;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The usual sequential specifications, with Knossos's conventions: a read (or get) that
 * observed {@code nil} observed nothing and always fits; an info operation is judged by its
 * argument alone. Every model throws {@link IllegalArgumentException} for a function it does
 * not know.
 */
public final class Models {
    /** The names {@link #named} accepts. */
    public static final List<String> NAMES = List.of("register", "cas-register", "etcd", "multi-register", "kv", "mutex", "set",
            "queue", "counter");

    /** The register states' stand-in for nil (model states are never null). */
    static final Object NIL = new Object() {
        @Override
        public String toString() {
            return "nil";
        }
    };

    private Models() {}

    /**
     * The model called {@code name} (one of {@link #NAMES}; {@code key-value}, {@code fifo-queue}
     * and {@code lock} are accepted too), starting from {@code initial} (null for the model's default).
     */
    public static Model<?> named(String name, Object initial) {
        switch (name) {
            case "register": return register(initial);
            case "cas-register": return casRegister(initial);
            case "etcd": return etcd(initial);
            case "multi-register": return multiRegister(initial == null ? Map.of() : asMap(initial, "multi-register"));
            case "kv": case "key-value": return keyValue(initial == null ? "" : initial);
            case "mutex": case "lock": return mutex();
            case "set": return set();
            case "queue": case "fifo-queue": return fifoQueue();
            case "counter": return counter(initial == null ? 0L : asLong(initial, "counter initial value"));
            default:
                throw new IllegalArgumentException("unknown model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        }
    }

    private static Map<Object, Object> asMap(Object v, String what) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + ": initial value must be a map, found " + Edn.write(v));
        }
        Map<Object, Object> out = new HashMap<>();
        m.forEach((k, x) -> out.put(Values.normalize(k), Values.normalize(x)));
        return out;
    }

    static long asLong(Object v, String what) {
        Object n = Values.normalize(v);
        if (!(n instanceof Long l)) {
            throw new IllegalArgumentException(what + " must be an integer, found " + Edn.write(v));
        }
        return l;
    }

    private static Object box(Object v) {
        return v == null ? NIL : Values.normalize(v);
    }

    private static IllegalArgumentException unknown(String model, Operation op, String expected) {
        return new IllegalArgumentException(model + " model: unknown function :" + op.f() + " (expected " + expected + ")");
    }

    private static boolean isRead(String f) {
        return f.equals("read") || f.equals("get") || f.equals("r");
    }

    // ---------------------------------------------------------------- registers

    /** A read/write register: {@code read} (observes the value), {@code write v}. Cheap: one object per state. */
    public static Model<Object> register(Object initial) {
        return new RegisterModel("register", box(initial), false);
    }

    /** A compare-and-set register: {@code read}, {@code write v}, {@code cas [expected new]}. */
    public static Model<Object> casRegister(Object initial) {
        return new RegisterModel("cas-register", box(initial), true);
    }

    private record RegisterModel(String name, Object initialState, boolean cas) implements Model<Object> {
        @Override
        public Object step(Object state, Operation op) {
            Object v = op.value();
            switch (op.f()) {
                case "read":
                    return v == null || box(v).equals(state) ? state : null;
                case "write":
                    return box(v);
                case "cas":
                    if (!cas) {
                        break;
                    }
                    if (!(v instanceof List<?> l) || l.size() != 2) {
                        throw new IllegalArgumentException("cas-register model: a cas value is [expected new], found " + Edn.write(v));
                    }
                    return box(l.get(0)).equals(state) ? box(l.get(1)) : null;
                default:
                    break;
            }
            throw unknown(name, op, cas ? "read, write or cas" : "read or write");
        }

        @Override
        public boolean canSkip(Operation op) {
            return op.f().equals("read") && (op.isInfo() || op.value() == null);
        }

        @Override
        public boolean isReadOnly(Operation op) {
            return op.f().equals("read");
        }

        @Override
        public Refutation refute(List<Operation> part) {
            return CertainOverwrite.refute(part, initialState, new CertainOverwrite.Register() {
                @Override
                public Object observed(Operation op) {
                    return op.f().equals("read") && op.isOk() && op.value() != null ? box(op.value()) : null;
                }

                @Override
                public Object sets(Operation op) {
                    return op.f().equals("write") ? box(op.value()) : cas && op.f().equals("cas") ? newValue(name, op) : null;
                }
            }, this::describe);
        }
    }

    /** The new value of a cas {@code [expected new]}, boxed. */
    private static Object newValue(String model, Operation op) {
        if (!(op.value() instanceof List<?> l) || l.size() != 2) {
            throw new IllegalArgumentException(model + " model: a cas value is [expected new], found " + Edn.write(op.value()));
        }
        return box(l.get(1));
    }

    /**
     * A cas register with Porcupine's etcd semantics rather than Knossos's: an ok read of nil
     * observed an empty register (not nothing), and a failed cas observed that its compare
     * failed (it is linearized within its interval, where the value must differ from its
     * expected one). Use it to reproduce Porcupine's verdicts on Jepsen etcd logs.
     */
    public static Model<Object> etcd(Object initial) {
        return new EtcdModel(box(initial));
    }

    private record EtcdModel(Object initialState) implements Model<Object> {
        @Override
        public String name() {
            return "etcd";
        }

        @Override
        public Object step(Object state, Operation op) {
            Object v = op.value();
            switch (op.f()) {
                case "read":
                    return box(op.isOk() ? op.output() : v).equals(state) ? state : null;
                case "write":
                    return box(v);
                case "cas": {
                    if (!(v instanceof List<?> l) || l.size() != 2) {
                        throw new IllegalArgumentException("etcd model: a cas value is [expected new], found " + Edn.write(v));
                    }
                    boolean matches = box(l.get(0)).equals(state);
                    if (op.type() == dev.dst.history.OpType.FAIL) {
                        return matches ? null : state;
                    }
                    return matches ? box(l.get(1)) : null;
                }
                default:
                    throw unknown("etcd", op, "read, write or cas");
            }
        }

        @Override
        public boolean keepsFailed(Operation op) {
            return op.f().equals("cas");
        }

        @Override
        public boolean canSkip(Operation op) {
            return op.f().equals("read") && op.isInfo();
        }

        @Override
        public boolean isReadOnly(Operation op) {
            return op.f().equals("read") || op.f().equals("cas") && op.type() == dev.dst.history.OpType.FAIL;
        }

        @Override
        public Refutation refute(List<Operation> part) {
            return CertainOverwrite.refute(part, initialState, new CertainOverwrite.Register() {
                @Override
                public Object observed(Operation op) {
                    return op.f().equals("read") && op.isOk() ? box(op.output()) : null;
                }

                @Override
                public Object sets(Operation op) {
                    return op.f().equals("write") ? box(op.value())
                            : op.f().equals("cas") && op.type() != dev.dst.history.OpType.FAIL ? newValue("etcd", op) : null;
                }
            }, this::describe);
        }
    }

    // ---------------------------------------------------------------- key-value

    /**
     * A key-value store partitioned per key: values are {@code [key v]} tuples (Jepsen's
     * independent keys; a {@code :key} field is folded into one). Functions {@code get}/{@code read},
     * {@code put}/{@code write}, {@code append} (string concatenation, or adding to a list) and
     * {@code cas [key [expected new]]}. Every key starts at {@code initial}.
     */
    public static Model<Map<Object, Object>> keyValue(Object initial) {
        return new KeyValueModel(box(initial));
    }

    record KeyValueModel(Object initial) implements Model<Map<Object, Object>> {
        @Override
        public String name() {
            return "kv";
        }

        @Override
        public Map<Object, Object> initialState() {
            return Map.of();
        }

        static Object key(Operation op) {
            Object v = op.value();
            if (v instanceof List<?> l && l.size() == 2) {
                Object k = l.get(0);
                return k instanceof Long || k instanceof String ? k : Values.normalize(k); // the usual keys, without the walk
            }
            if (v instanceof Map<?, ?> m && m.containsKey("key")) {
                return Values.normalize(m.get("key"));
            }
            throw new IllegalArgumentException("kv model: a value is [key value], found " + Edn.write(v));
        }

        static Object arg(Operation op) {
            key(op); // validates the shape
            Object v = op.value();
            return v instanceof List<?> l ? l.get(1) : ((Map<?, ?>) v).get("value");
        }

        @Override
        public Map<Object, Object> step(Map<Object, Object> state, Operation op) {
            Object k = key(op);
            Object v = arg(op);
            Object cur = state.getOrDefault(k, initial);
            switch (op.f()) {
                case "get": case "read":
                    return v == null || box(v).equals(cur) ? state : null;
                case "put": case "write":
                    return with(state, k, box(v));
                case "append": {
                    Object next;
                    if (cur instanceof List<?> l) {
                        List<Object> n = new ArrayList<>(l);
                        n.add(Values.normalize(v));
                        next = Collections.unmodifiableList(n);
                    } else if (v instanceof String s) {
                        next = (cur == NIL ? "" : cur.toString()) + s;
                    } else {
                        List<Object> n = new ArrayList<>();
                        if (cur != NIL) {
                            n.add(cur);
                        }
                        n.add(Values.normalize(v));
                        next = Collections.unmodifiableList(n);
                    }
                    return with(state, k, next);
                }
                case "cas": {
                    if (!(v instanceof List<?> l) || l.size() != 2) {
                        throw new IllegalArgumentException("kv model: a cas value is [key [expected new]], found " + Edn.write(op.value()));
                    }
                    return box(l.get(0)).equals(cur) ? with(state, k, box(l.get(1))) : null;
                }
                default:
                    throw unknown("kv", op, "get, put, append or cas");
            }
        }

        private static Map<Object, Object> with(Map<Object, Object> state, Object k, Object v) {
            if (k != null && (state.isEmpty() || state.size() == 1 && state.containsKey(k))) {
                return Map.of(k, v); // a partition holds one key: no table to copy
            }
            Map<Object, Object> n = new HashMap<>(state);
            n.put(k, v);
            return Collections.unmodifiableMap(n);
        }

        @Override
        public boolean canSkip(Operation op) {
            return isRead(op.f()) && (op.isInfo() || arg(op) == null);
        }

        @Override
        public boolean isReadOnly(Operation op) {
            return isRead(op.f());
        }

        @Override
        public List<Partition> partition(List<Operation> operations) {
            return byKey(operations, op -> List.of(key(op)));
        }

        @Override
        public List<int[]> precedence(List<Operation> part) {
            return KvPrecedence.of(part, initial);
        }

        @Override
        public String describe(Map<Object, Object> state) {
            return sorted(state);
        }
    }

    static String sorted(Map<?, ?> state) {
        TreeMap<String, String> t = new TreeMap<>();
        state.forEach((k, v) -> t.put(Edn.write(k == NIL ? null : k), String.valueOf(v)));
        StringBuilder sb = new StringBuilder("{");
        t.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(' ').append(v));
        return sb.append('}').toString();
    }

    /**
     * Partitions by connected components of keys: operations sharing a key land in one part.
     * Parts are ordered by their first operation, so the order is deterministic.
     */
    static List<Partition> byKey(List<Operation> operations, java.util.function.Function<Operation, List<Object>> keysOf) {
        Map<Object, Integer> keyIds = new HashMap<>();
        List<int[]> opKeys = new ArrayList<>(operations.size());
        List<Object> keyNames = new ArrayList<>();
        for (Operation op : operations) {
            List<Object> keys = keysOf.apply(op);
            int[] ids = new int[keys.size()];
            for (int i = 0; i < ids.length; i++) {
                Object k = keys.get(i);
                Integer id = keyIds.get(k);
                if (id == null) {
                    id = keyIds.size();
                    keyIds.put(k, id);
                    keyNames.add(k);
                }
                ids[i] = id;
            }
            opKeys.add(ids);
        }
        int[] parent = new int[keyIds.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int[] ids : opKeys) {
            for (int i = 1; i < ids.length; i++) {
                int a = find(parent, ids[0]);
                int b = find(parent, ids[i]);
                if (a != b) {
                    parent[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
        Map<Integer, List<Operation>> parts = new LinkedHashMap<>();
        Map<Integer, StringBuilder> names = new LinkedHashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            int[] ids = opKeys.get(i);
            int root = ids.length == 0 ? -1 : find(parent, ids[0]);
            parts.computeIfAbsent(root, r -> new ArrayList<>()).add(operations.get(i));
        }
        for (int k = 0; k < parent.length; k++) {
            int root = find(parent, k);
            StringBuilder sb = names.computeIfAbsent(root, r -> new StringBuilder());
            if (sb.length() < 60) {
                sb.append(sb.length() > 0 ? " " : "").append(Edn.write(keyNames.get(k)));
            }
        }
        List<Partition> out = new ArrayList<>();
        parts.forEach((root, ops) -> out.add(new Partition(root < 0 ? "no key" : "key " + names.get(root), ops)));
        return out;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    // ---------------------------------------------------------------- multi-register

    /**
     * Registers over several keys, read and written by transactions: {@code txn} with a value
     * like {@code [[:read :x 1] [:write :y 2]]} ({@code r}/{@code w} accepted). A read of nil
     * observed nothing. Partitioned into groups of keys that transactions connect.
     * Absent keys start at {@code initial}'s value for them, else nil.
     */
    public static Model<Map<Object, Object>> multiRegister(Map<?, ?> initial) {
        Map<Object, Object> init = new HashMap<>();
        initial.forEach((k, v) -> init.put(Values.normalize(k), box(v)));
        return new MultiRegisterModel(Collections.unmodifiableMap(init));
    }

    private record MultiRegisterModel(Map<Object, Object> initialState) implements Model<Map<Object, Object>> {
        @Override
        public String name() {
            return "multi-register";
        }

        static List<?> micros(Operation op) {
            if (!op.f().equals("txn")) {
                throw unknown("multi-register", op, "txn");
            }
            Object v = op.value();
            if (!(v instanceof List<?> l)) {
                throw new IllegalArgumentException("multi-register model: a txn value is [[:read k v] [:write k v] ...], found " + Edn.write(v));
            }
            for (Object m : l) {
                if (!(m instanceof List<?> ml) || ml.size() != 3 || !(ml.get(0) instanceof String)) {
                    throw new IllegalArgumentException("multi-register model: a micro-op is [:read k v] or [:write k v], found " + Edn.write(m));
                }
            }
            return l;
        }

        @Override
        public Map<Object, Object> step(Map<Object, Object> state, Operation op) {
            Map<Object, Object> next = state;
            for (Object m : micros(op)) {
                List<?> micro = (List<?>) m;
                String f = (String) micro.get(0);
                Object k = Values.normalize(micro.get(1));
                Object v = micro.get(2);
                if (isRead(f)) {
                    if (!op.isInfo() && v != null && !box(v).equals(next.getOrDefault(k, NIL))) {
                        return null;
                    }
                } else if (f.equals("write") || f.equals("w")) {
                    if (next == state) {
                        next = new HashMap<>(state);
                    }
                    next.put(k, box(v));
                } else {
                    throw new IllegalArgumentException("multi-register model: unknown micro-op :" + f + " (expected read or write)");
                }
            }
            return next == state ? state : Collections.unmodifiableMap(next);
        }

        @Override
        public boolean isReadOnly(Operation op) {
            for (Object m : micros(op)) {
                if (!isRead((String) ((List<?>) m).get(0))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean canSkip(Operation op) {
            for (Object m : micros(op)) {
                List<?> micro = (List<?>) m;
                if (!isRead((String) micro.get(0)) || (!op.isInfo() && micro.get(2) != null)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public List<Partition> partition(List<Operation> operations) {
            return byKey(operations, op -> {
                List<Object> keys = new ArrayList<>();
                for (Object m : micros(op)) {
                    keys.add(Values.normalize(((List<?>) m).get(1)));
                }
                return keys;
            });
        }

        @Override
        public String describe(Map<Object, Object> state) {
            return sorted(state);
        }
    }

    // ---------------------------------------------------------------- mutex

    /** A lock: {@code acquire} (fails if held), {@code release} (fails if free). */
    public static Model<Boolean> mutex() {
        return new Model<>() {
            @Override
            public String name() {
                return "mutex";
            }

            @Override
            public Boolean initialState() {
                return Boolean.FALSE;
            }

            @Override
            public Boolean step(Boolean held, Operation op) {
                switch (op.f()) {
                    case "acquire": case "lock": return held ? null : Boolean.TRUE;
                    case "release": case "unlock": return held ? Boolean.FALSE : null;
                    default: throw unknown("mutex", op, "acquire or release");
                }
            }

            @Override
            public String describe(Boolean held) {
                return held ? "held" : "free";
            }
        };
    }

    // ---------------------------------------------------------------- set

    /** A set: {@code add x}, {@code read} observing the whole set (a collection). Each add copies the set. */
    public static Model<Set<Object>> set() {
        return new Model<>() {
            @Override
            public String name() {
                return "set";
            }

            @Override
            public Set<Object> initialState() {
                return Set.of();
            }

            @Override
            public Set<Object> step(Set<Object> state, Operation op) {
                Object v = op.value();
                switch (op.f()) {
                    case "add": {
                        Object x = box(v);
                        if (state.contains(x)) {
                            return state;
                        }
                        Set<Object> n = new HashSet<>(state);
                        n.add(x);
                        return Collections.unmodifiableSet(n);
                    }
                    case "read": {
                        if (v == null) {
                            return state;
                        }
                        if (!(v instanceof Collection<?> c)) {
                            throw new IllegalArgumentException("set model: a read observes a collection, found " + Edn.write(v));
                        }
                        Set<Object> seen = new HashSet<>();
                        for (Object o : c) {
                            seen.add(box(o));
                        }
                        return seen.equals(state) ? state : null;
                    }
                    default:
                        throw unknown("set", op, "add or read");
                }
            }

            @Override
            public boolean canSkip(Operation op) {
                return op.f().equals("read") && (op.isInfo() || op.value() == null);
            }

            @Override
            public boolean isReadOnly(Operation op) {
                return op.f().equals("read");
            }

            @Override
            public String describe(Set<Object> state) {
                List<String> items = new ArrayList<>();
                state.forEach(o -> items.add(String.valueOf(o)));
                Collections.sort(items);
                return "#{" + String.join(" ", items) + "}";
            }
        };
    }

    // ---------------------------------------------------------------- queue

    /**
     * A FIFO queue: {@code enqueue x}; {@code dequeue} observing the head. An ok dequeue of nil
     * observed an empty queue; an info dequeue removes the head, whatever it is. Each operation copies the queue.
     */
    public static Model<List<Object>> fifoQueue() {
        return new Model<>() {
            @Override
            public String name() {
                return "queue";
            }

            @Override
            public List<Object> initialState() {
                return List.of();
            }

            @Override
            public List<Object> step(List<Object> q, Operation op) {
                switch (op.f()) {
                    case "enqueue": {
                        List<Object> n = new ArrayList<>(q.size() + 1);
                        n.addAll(q);
                        n.add(box(op.value()));
                        return Collections.unmodifiableList(n);
                    }
                    case "dequeue": {
                        if (q.isEmpty()) {
                            return op.isOk() && op.value() == null ? q : null;
                        }
                        if (op.isOk() && !box(op.value()).equals(q.get(0))) {
                            return null;
                        }
                        return q.subList(1, q.size()).isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(q.subList(1, q.size())));
                    }
                    default:
                        throw unknown("queue", op, "enqueue or dequeue");
                }
            }
        };
    }

    // ---------------------------------------------------------------- counter

    /** A counter: {@code add d} (nil means 1; {@code increment} accepted), {@code read} observing the total. */
    public static Model<Long> counter(long initial) {
        return new Model<>() {
            @Override
            public String name() {
                return "counter";
            }

            @Override
            public Long initialState() {
                return initial;
            }

            @Override
            public Long step(Long state, Operation op) {
                Object v = op.value();
                switch (op.f()) {
                    case "add": case "increment": case "inc":
                        return state + (v == null ? 1L : asLong(v, "counter add value"));
                    case "read":
                        return v == null || asLong(v, "counter read value") == state ? state : null;
                    default:
                        throw unknown("counter", op, "add or read");
                }
            }

            @Override
            public boolean canSkip(Operation op) {
                return op.f().equals("read") && (op.isInfo() || op.value() == null);
            }

            @Override
            public boolean isReadOnly(Operation op) {
                return op.f().equals("read");
            }
        };
    }
}
