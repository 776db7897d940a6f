package dev.dst.linearizability;

import dev.dst.history.Operation;
import dev.dst.history.Values;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Tokens tokens = appends && allStrings ? Tokens.of(writer) : null;
        if (appends && tokens == null) {
            return List.of(); // lists, or strings that split more than one way
        }
        return appends ? appendPairs(part, initial, tokens) : registerPairs(part, initial, writer);
    }

    /** Puts and gets only: a read of a value after its one write. */
    private static List<int[]> registerPairs(List<Operation> part, Object initial, Map<Object, Integer> writer) {
        List<int[]> pairs = new ArrayList<>();
        for (int r = 0; r < part.size(); r++) {
            Object v = readValue(part.get(r));
            Integer w = v == null || v.equals(initial) ? null : writer.get(v);
            if (w != null && w >= 0) {
                pairs.add(new int[] {w, r});
            }
        }
        return pairs;
    }

    /** Appends: a read's string split into a put (or, from an empty start, an append) and the appends after it, in order. */
    private static List<int[]> appendPairs(List<Operation> part, Object initial, Tokens tokens) {
        boolean emptyStart = initial == Models.NIL || "".equals(initial);
        List<int[]> pairs = new ArrayList<>();
        // Reads longest first: a read that is a prefix of a longer one of the same put, ending at
        // one of its token boundaries, reuses that split, and adds only its own pair.
        List<Integer> reads = new ArrayList<>();
        String[] values = new String[part.size()];
        for (int r = 0; r < part.size(); r++) {
            Object v = readValue(part.get(r));
            if (v != null && !v.equals(initial)) {
                if (!(v instanceof String text)) {
                    return pairs; // a read of something no append makes: leave it to the search
                }
                values[r] = text;
                reads.add(r);
            }
        }
        reads.sort((x, y) -> Integer.compare(values[y].length(), values[x].length()));
        Map<Integer, Split> longest = new HashMap<>(); // by the chain's first write
        LongOpenHashSet seen = new LongOpenHashSet();
        for (int r : reads) {
            String v = values[r];
            int first = tokens.at(v, 0);
            Split known = first < 0 ? null : longest.get(first);
            int end = known != null && known.value.startsWith(v) ? Arrays.binarySearch(known.ends, v.length()) : -1;
            if (end >= 0) {
                pairs.add(new int[] {known.chain[end], r});
                continue;
            }
            Split split = split(v, tokens, part, emptyStart);
            if (split == null) {
                continue;
            }
            for (int j = 0; j + 1 < split.chain.length; j++) {
                if (seen.add(((long) split.chain[j] << 32) | split.chain[j + 1])) {
                    pairs.add(new int[] {split.chain[j], split.chain[j + 1]});
                }
            }
            pairs.add(new int[] {split.chain[split.chain.length - 1], r});
            if (known == null) {
                longest.put(split.chain[0], split);
            }
        }
        return pairs;
    }

    private static Object readValue(Operation op) {
        if (!op.isOk() || !(op.f().equals("get") || op.f().equals("read"))) {
            return null;
        }
        return Values.normalize(Models.KeyValueModel.arg(op));
    }

    /** A read's value split into the writes it is made of, and where each ends in the value. */
    private record Split(String value, int[] chain, int[] ends) {}

    /**
     * The writes a read's string is made of, in order: a put (or, from an empty start, an
     * append) and then appends; null when it does not split into values written once.
     */
    private static Split split(String v, Tokens tokens, List<Operation> part, boolean emptyStart) {
        List<Integer> chain = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        int at = 0;
        while (at < v.length()) {
            int found = tokens.at(v, at);
            if (found < 0) {
                return null; // not made of values written once
            }
            boolean append = part.get(found).f().equals("append");
            if (chain.isEmpty() ? append && !emptyStart : !append) {
                return null; // a put after the start, or an append onto an initial value it does not show
            }
            at += ((String) Values.normalize(Models.KeyValueModel.arg(part.get(found)))).length();
            chain.add(found);
            ends.add(at);
        }
        if (chain.isEmpty()) {
            return null;
        }
        return new Split(v, chain.stream().mapToInt(Integer::intValue).toArray(), ends.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The written strings of a key, found in a read's value without copying it: an open-addressing
     * table by {@code String.hashCode}, probed with the hash of a region computed as it grows.
     */
    private static final class Tokens {
        private final String[] values;
        private final int[] writers; // the write's index, or -1 when the value was written twice
        private final int mask;
        private final boolean[] isLength;
        private final int maxLength;

        private Tokens(Map<Object, Integer> writer) {
            int cap = Integer.highestOneBit(Math.max(4, writer.size() * 2) - 1) << 2;
            values = new String[cap];
            writers = new int[cap];
            mask = cap - 1;
            int longest = 0;
            for (Object v : writer.keySet()) {
                longest = Math.max(longest, ((String) v).length());
            }
            maxLength = longest;
            isLength = new boolean[longest + 1];
            writer.forEach((v, w) -> {
                String text = (String) v;
                int i = text.hashCode() & mask;
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                values[i] = text;
                writers[i] = w;
                isLength[text.length()] = true;
            });
        }

        /** The table, or null when some written string is empty or a prefix of another (a read could split two ways). */
        static Tokens of(Map<Object, Integer> writer) {
            Tokens t = new Tokens(writer);
            if (t.isLength[0]) {
                return null;
            }
            for (Object v : writer.keySet()) {
                String text = (String) v;
                if (t.find(text, 0, text.length() - 1) != -1) {
                    return null;
                }
            }
            return t;
        }

        /** The one write whose value starts at {@code from} in {@code v} (at most one: prefix-free); -1 if none, -2 if written twice. */
        int at(String v, int from) {
            return find(v, from, maxLength);
        }

        /** As {@link #at}, among values of at most {@code upTo} characters. */
        private int find(String v, int from, int upTo) {
            int h = 0;
            int end = Math.min(v.length(), from + upTo);
            for (int j = from; j < end; j++) {
                h = 31 * h + v.charAt(j);
                int len = j - from + 1;
                if (isLength[len]) {
                    for (int i = h & mask; values[i] != null; i = (i + 1) & mask) {
                        if (values[i].length() == len && v.regionMatches(from, values[i], 0, len)) {
                            return writers[i] < 0 ? -2 : writers[i];
                        }
                    }
                }
            }
            return -1;
        }
    }
}
