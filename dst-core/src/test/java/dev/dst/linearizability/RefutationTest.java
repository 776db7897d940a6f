package dev.dst.linearizability;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The register models' refutation without a search (CertainOverwrite): decisive where the search is not, and sound. */
final class RefutationTest {
    /**
     * 48 writes in flight that never complete, a write of 1 and then of 0 that complete, and a
     * read of 1 after that: the search must try orders of the 48 first; the refutation sees that
     * the write of 0 came after the only write of 1 and before the read.
     */
    private static History staleReadBehindManyWritesInFlight(String write) {
        History h = new History();
        long t = 0;
        for (int p = 0; p < 48; p++) {
            h.invoke(p, write.equals("cas") ? "cas" : "write", write.equals("cas") ? List.of((long) p, (long) p + 2) : (Object) ((long) p + 2), t++);
        }
        h.invoke(100, "write", 1L, t++);
        h.complete(100, OpType.OK, 1L, t++);
        h.invoke(100, "write", 0L, t++);
        h.complete(100, OpType.OK, 0L, t++);
        h.invoke(101, "read", null, t++);
        h.complete(101, OpType.OK, 1L, t++);
        for (int p = 0; p < 48; p++) {
            h.complete(p, OpType.INFO, null, t++);
        }
        return h;
    }

    @Test
    void aStaleReadBehindACertainOverwriteIsRefutedWhereTheSearchWouldRunOutOfStates() {
        for (Model<?> model : List.of(Models.register(0L), Models.casRegister(0L), Models.etcd(0L))) {
            History h = staleReadBehindManyWritesInFlight(model.name().equals("register") ? "write" : "cas");
            LinearizabilityResult r = Linearizability.check(h, model, Linearizability.Options.defaults().withThreads(1));
            assertEquals(Verdict.INVALID, r.verdict(), r::summary);
            String text = r.explanation().toText();
            assertTrue(text.startsWith("not linearizable (all): no linearization exists, shown without a search:"), text);
            assertTrue(text.contains("read 1") && text.contains("it read 1, but ") && text.contains("certainly set another value"), text);
            assertTrue(r.statesExplored() < 10_000, "decided after the quick round: " + r.statesExplored());
            assertTrue(r.explanation().refutation() != null && r.explanation().prefix().isEmpty());
        }
    }

    @Test
    void aReadOfAValueNobodyCouldHaveWrittenYetIsRefuted() {
        History h = new History();
        for (int p = 0; p < 30; p++) {
            h.invoke(p, "write", (long) p + 1, p);
        }
        h.invoke(50, "read", null, 40);
        h.complete(50, OpType.OK, 99L, 41);
        h.invoke(51, "write", 99L, 42);    // invoked after the read completed: too late
        h.complete(51, OpType.OK, 99L, 43);
        for (int p = 0; p < 30; p++) {
            h.complete(p, OpType.INFO, null, 100 + p);
        }
        LinearizabilityResult r = Linearizability.check(h, Models.register(0L), Linearizability.Options.defaults().withThreads(1));
        assertEquals(Verdict.INVALID, r.verdict(), r::summary);
        assertTrue(r.explanation().toText().contains("which no operation invoked before it completed could have written"),
                r.explanation().toText());
    }

    /**
     * Random small histories of one register (valid ones run on a real register, and copies
     * with one read changed): a refutation only ever comes for a history the search (which
     * decides histories this small in its quick round, without asking for a refutation) finds
     * not linearizable.
     */
    @Test
    void aRefutationOnlyEverComesForAHistoryTheSearchRefutesToo() {
        int refuted = 0;
        int invalid = 0;
        for (long seed = 1; seed <= 3_000; seed++) {
            Entropy e = EntropySource.seeded(seed).stream("refutation");
            boolean cas = seed % 2 == 0;
            History valid = generate(e, cas);
            for (History h : List.of(valid, corrupt(valid, e))) {
                for (Model<?> model : cas ? List.of(Models.casRegister(0L), Models.etcd(0L)) : List.of(Models.register(0L))) {
                    List<Operation> part = Linearizability.check(h, model).checked();
                    Model.Refutation f = model.refute(part);
                    LinearizabilityResult r = Linearizability.check(h, model);
                    assertTrue(r.verdict() != Verdict.UNKNOWN, r::summary);
                    if (r.verdict() == Verdict.INVALID) {
                        invalid++;
                    }
                    if (f != null) {
                        refuted++;
                        assertEquals(Verdict.INVALID, r.verdict(), () -> "refuted but linearizable: " + f + "\n" + h.toEdn());
                    }
                    if (h == valid) {
                        assertNull(f, () -> h.toEdn());
                    }
                }
            }
        }
        System.out.printf("refutation: %d of %d invalid small histories refuted without a search%n", refuted, invalid);
        assertTrue(refuted > invalid / 10, "the refutation decides a fair share: " + refuted + " of " + invalid);
    }

    /** Up to 8 operations from 3 processes on a real register: write, cas, read; some end info. */
    private static History generate(Entropy e, boolean withCas) {
        History h = new History();
        long value = 0;
        long t = 0;
        int[] open = {-1, -1, -1};
        Object[][] pending = new Object[3][];
        int ops = 3 + e.below(6);
        int started = 0;
        while (started < ops || open[0] >= 0 || open[1] >= 0 || open[2] >= 0) {
            int p = e.below(3);
            if (open[p] < 0 && started < ops) {
                int kind = e.below(withCas ? 3 : 2);
                long v = e.below(3);
                String f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
                Object arg = kind == 0 ? null : kind == 1 ? (Object) v : Arrays.asList((long) e.below(3), v);
                h.invoke(p, f, arg, t++);
                open[p] = 1;
                started++;
                // takes effect now (as a serial register would at this instant)
                Object result;
                OpType type = OpType.OK;
                if (kind == 0) {
                    result = value;
                } else if (kind == 1) {
                    value = v;
                    result = v;
                } else {
                    List<?> l = (List<?>) arg;
                    if ((Long) l.get(0) == value) {
                        value = (Long) l.get(1);
                    } else {
                        type = OpType.FAIL;
                    }
                    result = arg;
                }
                pending[p] = new Object[] {type, result};
            } else if (open[p] >= 0) {
                OpType type = (OpType) pending[p][0];
                boolean info = type != OpType.FAIL && e.chance(0.15);
                h.complete(p, info ? OpType.INFO : type, info ? null : pending[p][1], t++);
                open[p] = -1;
            }
        }
        return h;
    }

    /** The history with one ok read's value changed, or the history itself when it has none. */
    private static History corrupt(History h, Entropy e) {
        List<dev.dst.history.Op> events = h.ops();
        int[] reads = events.stream().filter(o -> o.type() == OpType.OK && o.f().equals("read")).mapToInt(dev.dst.history.Op::index).toArray();
        if (reads.length == 0) {
            return h;
        }
        int at = reads[e.below(reads.length)];
        return h.withValue(at, (long) e.below(4));
    }
}
