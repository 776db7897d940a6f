package dev.dst.linearizability;

import dev.dst.history.Operation;
import dev.dst.history.Values;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What reads of one key tell about the order of its writes, when every written value is
 * unique (the {@code kv} model's {@link Model#precedence}). A read of a value that one write
 * wrote comes after that write. A read of a string that splits into written strings, with the
 * written strings prefix-free so that it splits one way only, {@code put p} then
 * {@code append a}, {@code append b}, says {@code p < a < b < read}: the state is the last put's
 * value and the appends after it, in order, and each was written once.
 *
 * <p>Nothing is inferred for a key with a cas (it writes without saying what it replaced, and
 * its value can repeat a put's), for a value written twice, for a read of the initial value, or
 * for lists built by appends. Unknown outcomes (info) count as writes: a read that saw their
 * value proves they took effect.
 */
final class KvPrecedence {
    private KvPrecedence() {}

    static List<int[]> of(List<Operation> part, Object initial) {
        Object key = null;
        Map<Object, Integer> writer = new HashMap<>(); // value -> its one writer, or -1 when written twice
        boolean appends = false;
        boolean allStrings = true;
        for (int i = 0; i < part.size(); i++) {
            Operation op = part.get(i);
            Object k = Models.KeyValueModel.key(op);
            if (i == 0) {
                key = k;
            } else if (!java.util.Objects.equals(key, k)) {
                return List.of(); // a part of several keys: not this inference's shape
            }
            switch (op.f()) {
                case "put", "write", "append" -> {
                    Object v = Values.normalize(Models.KeyValueModel.arg(op));
                    if (v == null) {
                        return List.of();
                    }
                    appends |= op.f().equals("append");
                    allStrings &= v instanceof String;
                    writer.merge(v, i, (a, b) -> -1);
                }
                case "cas" -> {
                    return List.of();
                }
                default -> { } // reads
            }
        }
        if (appends && (!allStrings || !prefixFree(writer.keySet()))) {
            return List.of(); // lists, or strings that split more than one way
        }
        boolean emptyStart = initial == Models.NIL || "".equals(initial);
        int[] lengths = appends ? lengths(writer.keySet()) : null;
        Set<Long> seen = new HashSet<>();
        List<int[]> pairs = new ArrayList<>();
        for (int r = 0; r < part.size(); r++) {
            Operation op = part.get(r);
            if (!op.isOk() || !(op.f().equals("get") || op.f().equals("read"))) {
                continue;
            }
            Object v = Values.normalize(Models.KeyValueModel.arg(op));
            if (v == null || v.equals(initial)) {
                continue;
            }
            int[] chain = appends ? split((String) v, writer, lengths, part, emptyStart) : single(v, writer);
            if (chain == null) {
                continue;
            }
            for (int j = 0; j < chain.length; j++) {
                int next = j + 1 < chain.length ? chain[j + 1] : r;
                if (seen.add(((long) chain[j] << 32) | next)) {
                    pairs.add(new int[] {chain[j], next});
                }
            }
        }
        return pairs;
    }

    private static int[] single(Object v, Map<Object, Integer> writer) {
        Integer w = writer.get(v);
        return w == null || w < 0 ? null : new int[] {w};
    }

    /**
     * The writes a read's string is made of, in order: a put (or, from an empty start, an
     * append) and then appends; null when it does not split into values written once.
     */
    private static int[] split(String v, Map<Object, Integer> writer, int[] lengths, List<Operation> part, boolean emptyStart) {
        List<Integer> chain = new ArrayList<>();
        int at = 0;
        while (at < v.length()) {
            int found = -1;
            for (int len : lengths) {
                if (at + len <= v.length()) {
                    Integer w = writer.get(v.substring(at, at + len));
                    if (w != null) {
                        if (w < 0) {
                            return null; // written twice: which write it was is not known
                        }
                        found = w;
                        at += len;
                        break; // prefix-free: no other length matches here
                    }
                }
            }
            if (found < 0) {
                return null; // not made of values written once
            }
            boolean append = part.get(found).f().equals("append");
            if (chain.isEmpty() ? append && !emptyStart : !append) {
                return null; // a put after the start, or an append onto an initial value it does not show
            }
            chain.add(found);
        }
        return chain.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean prefixFree(Set<Object> values) {
        TreeSet<String> sorted = new TreeSet<>();
        for (Object v : values) {
            sorted.add((String) v);
        }
        String previous = null;
        for (String s : sorted) {
            if (s.isEmpty() || previous != null && s.startsWith(previous)) {
                return false;
            }
            previous = s;
        }
        return true;
    }

    private static int[] lengths(Set<Object> values) {
        TreeSet<Integer> lengths = new TreeSet<>();
        for (Object v : values) {
            lengths.add(((String) v).length());
        }
        return lengths.stream().mapToInt(Integer::intValue).toArray();
    }
}
