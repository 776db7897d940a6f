package dev.dst.elle;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.history.History;
import dev.dst.history.OpType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small histories run serially by a correct store (each transaction takes effect at one moment
 * inside its invocation and completion, some overlapping) must be serializable and strict
 * serializable; one read corrupted afterwards must be found exactly when a brute force over
 * every order of the transactions says no serial order explains the history. For list-append
 * that is an equivalence (a final transaction reads every key, so every version order is known);
 * for rw-register, whose version orders are partial, it is soundness: nothing serializable is
 * ever ruled out. Detection rates are printed, not asserted beyond that.
 */
class SerialHistoryPropertyTest {
    private static final int HISTORIES = 3_000;
    private static final int MAX_TRANSACTIONS = 5;
    private static final List<String> KEYS = List.of("x", "y", "z");

    /** One transaction: its micro-ops as invoked and as completed, and its place in the history. */
    private static final class T {
        final List<List<Object>> invoked = new ArrayList<>();
        List<List<Object>> completed;
        int invokeAt;
        int completeAt;
    }

    /** A generated history: its transactions (the last reads every key), in the order they took effect. */
    private record Run(List<T> txns, boolean lists) {}

    @Test
    void listAppendFindsACorruptedReadExactlyWhenNoSerialOrderExplainsIt() {
        int[] counts = new int[4];   // corrupted; not serializable; not strict; ruled out
        for (long seed = 1; seed <= HISTORIES; seed++) {
            Run run = generate(seed, true);
            ElleResult clean = ListAppend.check(history(run));
            assertTrue(clean.valid(), () -> clean + "\n" + history(run).toEdn());
            Run bad = corrupt(run, seed);
            if (bad == null) {
                continue;
            }
            counts[0]++;
            History h = history(bad);
            ElleResult r = ListAppend.check(h);
            boolean serializable = explained(bad, false);
            boolean strict = explained(bad, true);
            counts[1] += serializable ? 0 : 1;
            counts[2] += strict ? 0 : 1;
            counts[3] += r.allows(ConsistencyModel.SERIALIZABLE) ? 0 : 1;
            assertEquals(serializable, r.allows(ConsistencyModel.SERIALIZABLE), () -> r + "\n" + h.toEdn());
            assertEquals(strict, r.allows(ConsistencyModel.STRICT_SERIALIZABLE), () -> r + "\n" + h.toEdn());
        }
        System.out.printf("list-append: %d corrupted of %d; %d not serializable, %d not strict serializable; all found%n",
                counts[0], HISTORIES, counts[1], counts[2]);
        assertTrue(counts[1] > HISTORIES / 10, "the corruptions make many histories non-serializable: " + counts[1]);
    }

    @Test
    void rwRegisterNeverRulesOutASerializableHistory() {
        int[] counts = new int[5];   // corrupted; not serializable; found (default); found (writes follow reads); not strict
        for (long seed = 1; seed <= HISTORIES; seed++) {
            Run run = generate(seed, false);
            for (boolean wfr : new boolean[] {false, true}) {
                ElleResult clean = RwRegister.check(history(run), new RwRegister.Options(wfr));
                assertTrue(clean.valid(), () -> clean + "\n" + history(run).toEdn());
            }
            Run bad = corrupt(run, seed);
            if (bad == null) {
                continue;
            }
            counts[0]++;
            History h = history(bad);
            boolean serializable = explained(bad, false);
            boolean strict = explained(bad, true);
            counts[1] += serializable ? 0 : 1;
            counts[4] += strict ? 0 : 1;
            for (boolean wfr : new boolean[] {false, true}) {
                ElleResult r = RwRegister.check(h, new RwRegister.Options(wfr));
                if (serializable) {
                    assertTrue(r.allows(ConsistencyModel.SERIALIZABLE), () -> r + "\n" + h.toEdn());
                }
                if (strict) {
                    assertTrue(r.allows(ConsistencyModel.STRICT_SERIALIZABLE), () -> r + "\n" + h.toEdn());
                }
                counts[wfr ? 3 : 2] += serializable || r.allows(ConsistencyModel.SERIALIZABLE) ? 0 : 1;
            }
        }
        System.out.printf("rw-register: %d corrupted of %d; %d not serializable, of which found %d (default) and %d "
                + "(writes follow reads); %d not strict serializable%n", counts[0], HISTORIES, counts[1], counts[2], counts[3],
                counts[4]);
        assertTrue(counts[3] >= counts[2] && counts[2] > 0, "the assumption only adds edges, and some are found");
    }

    // ------------------------------------------------------------------ generation

    private static Run generate(long seed, boolean lists) {
        Entropy e = EntropySource.seeded(seed).stream("serial-history");
        int n = 2 + e.below(MAX_TRANSACTIONS - 1);
        Map<String, List<Long>> store = new HashMap<>();
        long[] next = new long[KEYS.size()];
        List<T> txns = new ArrayList<>();
        int position = 0;
        List<T> open = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            T t = new T();
            boolean last = i == n;
            int ops = last ? KEYS.size() : 1 + e.below(3);
            for (int j = 0; j < ops; j++) {
                int k = last ? j : e.below(KEYS.size());
                boolean write = !last && e.chance(0.5);
                t.invoked.add(Arrays.asList(write ? (lists ? "append" : "w") : "r", KEYS.get(k), write ? ++next[k] : null));
            }
            if (last) {
                for (T o : open) {
                    o.completeAt = position++;
                }
                open.clear();
            }
            t.invokeAt = position++;
            t.completed = execute(t.invoked, store, lists);
            txns.add(t);
            open.add(t);
            for (int c = open.size() - 1; c >= 0; c--) {   // some complete now, the rest later: overlaps
                if (last || e.chance(0.5)) {
                    open.remove(c).completeAt = position++;
                }
            }
        }
        assert open.isEmpty();
        return new Run(txns, lists);
    }

    /** The micro-ops with what the reads saw, applied to {@code store}. */
    private static List<List<Object>> execute(List<List<Object>> microOps, Map<String, List<Long>> store, boolean lists) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> m : microOps) {
            String key = (String) m.get(1);
            List<Long> list = store.computeIfAbsent(key, k -> new ArrayList<>());
            if (m.get(0).equals("r")) {
                Object seen = lists ? List.copyOf(list) : list.isEmpty() ? null : list.get(list.size() - 1);
                out.add(Arrays.asList("r", key, seen));
            } else {
                list.add((Long) m.get(2));
                out.add(m);
            }
        }
        return out;
    }

    /** A copy with one read of a transaction other than the last changed to another value the key had or could have had, or null. */
    private static Run corrupt(Run run, long seed) {
        Entropy e = EntropySource.seeded(seed).stream("corruption");
        List<int[]> reads = new ArrayList<>();
        for (int i = 0; i + 1 < run.txns().size(); i++) {
            List<List<Object>> ops = run.txns().get(i).completed;
            for (int j = 0; j < ops.size(); j++) {
                if (ops.get(j).get(0).equals("r")) {
                    reads.add(new int[] {i, j});
                }
            }
        }
        if (reads.isEmpty()) {
            return null;
        }
        int[] at = reads.get(e.below(reads.size()));
        T victim = run.txns().get(at[0]);
        List<Object> read = victim.completed.get(at[1]);
        List<Object> choices = run.lists() ? listChoices(run, read) : registerChoices(run, read);
        if (choices.isEmpty()) {
            return null;
        }
        List<T> txns = new ArrayList<>();
        for (T t : run.txns()) {
            T copy = new T();
            copy.invoked.addAll(t.invoked);
            copy.completed = new ArrayList<>(t.completed);
            copy.invokeAt = t.invokeAt;
            copy.completeAt = t.completeAt;
            txns.add(copy);
        }
        txns.get(at[0]).completed.set(at[1], Arrays.asList("r", read.get(1), choices.get(e.below(choices.size()))));
        return new Run(txns, run.lists());
    }

    /** Every prefix of the key's final list other than what was read. */
    private static List<Object> listChoices(Run run, List<Object> read) {
        List<Object> last = run.txns().get(run.txns().size() - 1).completed.get(KEYS.indexOf((String) read.get(1)));
        @SuppressWarnings("unchecked")
        List<Long> full = (List<Long>) last.get(2);
        List<Object> choices = new ArrayList<>();
        for (int p = 0; p <= full.size(); p++) {
            List<Long> prefix = List.copyOf(full.subList(0, p));
            if (!prefix.equals(read.get(2))) {
                choices.add(prefix);
            }
        }
        return choices;
    }

    /** Every value written to the key, and nil, other than what was read. */
    private static List<Object> registerChoices(Run run, List<Object> read) {
        List<Object> choices = new ArrayList<>();
        for (T t : run.txns()) {
            for (List<Object> m : t.invoked) {
                if (!m.get(0).equals("r") && m.get(1).equals(read.get(1)) && !m.get(2).equals(read.get(2))) {
                    choices.add(m.get(2));
                }
            }
        }
        if (read.get(2) != null) {
            choices.add(null);
        }
        return choices;
    }

    private static History history(Run run) {
        int size = 2 * run.txns().size();
        Object[] events = new Object[size];
        for (int i = 0; i < run.txns().size(); i++) {
            events[run.txns().get(i).invokeAt] = new int[] {i, 0};
            events[run.txns().get(i).completeAt] = new int[] {i, 1};
        }
        History h = new History();
        for (int p = 0; p < size; p++) {
            int[] ev = (int[]) events[p];
            T t = run.txns().get(ev[0]);
            if (ev[1] == 0) {
                List<List<Object>> invocation = new ArrayList<>();
                for (List<Object> m : t.invoked) {
                    invocation.add(m.get(0).equals("r") ? Arrays.asList("r", m.get(1), null) : m);
                }
                h.invoke(ev[0], "txn", invocation, p);
            } else {
                h.complete(ev[0], OpType.OK, t.completed, p);
            }
        }
        return h;
    }

    // ------------------------------------------------------------------ brute force

    /** True when some order of all the transactions (respecting real time when {@code strict}) explains every read. */
    private static boolean explained(Run run, boolean strict) {
        int n = run.txns().size();
        return permute(run, new int[n], new boolean[n], 0, strict);
    }

    private static boolean permute(Run run, int[] order, boolean[] used, int depth, boolean strict) {
        int n = order.length;
        if (depth == n) {
            return replays(run, order);
        }
        for (int i = 0; i < n; i++) {
            if (used[i] || (strict && !allPredecessorsPlaced(run, used, i))) {
                continue;
            }
            used[i] = true;
            order[depth] = i;
            if (permute(run, order, used, depth + 1, strict)) {
                return true;
            }
            used[i] = false;
        }
        return false;
    }

    /** Every transaction that completed before {@code i} was invoked is already in the order. */
    private static boolean allPredecessorsPlaced(Run run, boolean[] used, int i) {
        for (int j = 0; j < used.length; j++) {
            if (!used[j] && j != i && run.txns().get(j).completeAt < run.txns().get(i).invokeAt) {
                return false;
            }
        }
        return true;
    }

    private static boolean replays(Run run, int[] order) {
        Map<String, List<Long>> store = new HashMap<>();
        for (int i : order) {
            T t = run.txns().get(i);
            if (!execute(t.invoked, store, run.lists()).equals(t.completed)) {
                return false;
            }
        }
        return true;
    }
}
