package dev.dst.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kv model's precedence (orders inferred from reads of unique values) must never change a
 * verdict: checked against a brute-force search, and against the same search without it.
 */
final class PrecedenceTest {
    /** The kv model with no precedence: what the search did before. */
    private static Model<Map<Object, Object>> withoutPrecedence(Model<Map<Object, Object>> m) {
        return new Model<>() {
            public String name() { return m.name(); }
            public Map<Object, Object> initialState() { return m.initialState(); }
            public Map<Object, Object> step(Map<Object, Object> s, Operation op) { return m.step(s, op); }
            public boolean canSkip(Operation op) { return m.canSkip(op); }
            public boolean isReadOnly(Operation op) { return m.isReadOnly(op); }
            public List<Partition> partition(List<Operation> ops) { return m.partition(ops); }
            public String describe(Map<Object, Object> s) { return m.describe(s); }
        };
    }

    /** One ok get's value changed: its last token dropped, two tokens swapped, or another get's value. */
    private static History corrupt(History h, Entropy e) {
        List<Op> gets = new ArrayList<>();
        for (Op op : h.ops()) {
            if (op.type() == OpType.OK && op.f().equals("get") && !((String) ((List<?>) op.value()).get(1)).isEmpty()) {
                gets.add(op);
            }
        }
        if (gets.isEmpty()) {
            return null;
        }
        Op target = gets.get(e.below(gets.size()));
        List<?> kv = (List<?>) target.value();
        List<String> tokens = new ArrayList<>(Arrays.asList(((String) kv.get(1)).split("(?<=;)")));
        switch (e.below(3)) {
            case 0 -> tokens.remove(tokens.size() - 1);
            case 1 -> {
                if (tokens.size() > 1) {
                    int i = e.below(tokens.size() - 1);
                    tokens.add(i, tokens.remove(i + 1));
                } else {
                    tokens.set(0, "t999;");
                }
            }
            default -> {
                Op other = gets.get(e.below(gets.size()));
                tokens = List.of((String) ((List<?>) other.value()).get(1));
            }
        }
        return h.withValue(target.index(), Arrays.asList(kv.get(0), String.join("", tokens)));
    }

    private static int agree(boolean appends, String stream, int runs, int minOps, int extraOps, boolean bruteForce) {
        Model<Map<Object, Object>> model = Models.keyValue("");
        Model<Map<Object, Object>> plain = withoutPrecedence(model);
        Entropy e = EntropySource.seeded(11).stream(stream);
        int invalid = 0;
        int inferred = 0;
        for (int run = 0; run < runs; run++) {
            History valid = RandomHistories.generate(RandomHistories.keyValueUnique(appends), e, 2 + e.below(6), minOps + e.below(extraOps));
            History h = e.chance(0.3) ? valid : corrupt(valid, e);
            if (h == null) {
                continue;
            }
            for (Partition p : model.partition(h.operations())) {
                inferred += model.precedence(p.operations()).size();
            }
            Verdict expected = bruteForce ? (BruteForce.linearizable(h.operations(), model) ? Verdict.VALID : Verdict.INVALID)
                    : Linearizability.check(h, plain).verdict();
            Verdict got = Linearizability.check(h, model).verdict();
            int n = run;
            assertEquals(expected, got, () -> "run " + n + ":\n" + h.toEdn());
            if (got == Verdict.INVALID) {
                invalid++;
            }
        }
        assertTrue(inferred > runs / 2, "the histories must give the inference something to infer: " + inferred + " pairs");
        return invalid;
    }

    @Test
    void smallAppendHistoriesAgreeWithBruteForce() {
        int invalid = agree(true, "append-small", 3000, 3, 7, true);
        assertTrue(invalid > 300, "corruptions must make some histories invalid: " + invalid);
    }

    @Test
    void largerAppendHistoriesAgreeWithTheSearchWithoutPrecedence() {
        int invalid = agree(true, "append-large", 1000, 10, 30, false);
        assertTrue(invalid > 50, "corruptions must make some histories invalid: " + invalid);
    }

    @Test
    void registerHistoriesWithUniqueWritesAgreeWithBruteForce() {
        int invalid = agree(false, "register-small", 3000, 3, 7, true);
        assertTrue(invalid > 500, "corruptions must make some histories invalid: " + invalid);
    }

    /**
     * Key "slow": 14 appends all in flight at once, then a read of them in reverse order; without
     * the precedence the search tries orders for far longer than the test's minute. Key "stale":
     * a read that misses a put completed before it. The check ends in its first round, at the
     * stale read, with the same verdict, explanation and states on one thread and on two.
     */
    @Test
    void aQuicklyRefutedPartEndsTheCheckWithoutWaitingForALargeValidOne() {
        History h = new History();
        StringBuilder reversed = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            h.invoke(i, "append", List.of("slow", "t" + i + ";"), i);
            reversed.insert(0, "t" + i + ";");
        }
        for (int i = 0; i < 14; i++) {
            h.complete(i, OpType.OK, List.of("slow", "t" + i + ";"), 100 + i);
        }
        h.invoke(20, "get", Arrays.asList("slow", null), 200);
        h.complete(20, OpType.OK, List.of("slow", reversed.toString()), 201);
        h.invoke(21, "put", List.of("stale", "p;"), 300);
        h.complete(21, OpType.OK, List.of("stale", "p;"), 301);
        h.invoke(22, "get", Arrays.asList("stale", null), 302);
        h.complete(22, OpType.OK, List.of("stale", ""), 303);
        for (int i = 0; i < 600; i++) { // enough operations for the check to use its threads
            h.invoke(30, "put", List.of("f" + i % 10, "f" + i + ";"), 400 + 4L * i);
            h.complete(30, OpType.OK, List.of("f" + i % 10, "f" + i + ";"), 401 + 4L * i);
            h.invoke(30, "get", Arrays.asList("f" + i % 10, null), 402 + 4L * i);
            h.complete(30, OpType.OK, List.of("f" + i % 10, "f" + i + ";"), 403 + 4L * i);
        }
        Model<Map<Object, Object>> plain = withoutPrecedence(Models.keyValue(""));
        Linearizability.Options options = Linearizability.Options.defaults().withTimeout(java.time.Duration.ofSeconds(60));
        LinearizabilityResult one = Linearizability.check(h.operations(), plain, options.withThreads(1));
        LinearizabilityResult two = Linearizability.check(h.operations(), plain, options.withThreads(2));
        assertEquals(Verdict.INVALID, one.verdict(), one.summary());
        assertEquals("key \"stale\"", one.explanation().partition());
        assertTrue(one.statesExplored() < 4 * Linearizability.FIRST_ROUND_STATES, one.summary());
        assertEquals(one.describe(), two.describe());
        assertEquals(one.parts(), two.parts());
        assertEquals(12, one.parts().size());
        assertEquals(Verdict.UNKNOWN, one.parts().get(0).verdict());
        assertEquals("not decided: the check stopped when key \"stale\" was found not linearizable", one.parts().get(0).reason());
        assertEquals(Verdict.INVALID, one.parts().get(1).verdict());
        assertTrue(one.partsText().startsWith("parts: 0 of 12 valid\n  key \"slow\": unknown (15 operations, "), one.partsText());
        LinearizabilityResult inferred = Linearizability.check(h.operations(), Models.keyValue(""), options);
        assertEquals(Verdict.INVALID, inferred.verdict(), inferred.summary()); // the slow key is easy with the precedence
    }

    @Test
    void whatReadsRevealAboutOrder() {
        History h = new History();
        h.invoke(0, "put", List.of("k", "p1;"), 0);
        h.invoke(1, "append", List.of("k", "t2;"), 1);
        h.invoke(2, "append", List.of("k", "t3;"), 2);
        h.complete(0, OpType.OK, List.of("k", "p1;"), 3);
        h.complete(1, OpType.OK, List.of("k", "t2;"), 4);
        h.complete(2, OpType.OK, List.of("k", "t3;"), 5);
        h.invoke(3, "get", Arrays.asList("k", null), 6);
        h.complete(3, OpType.OK, List.of("k", "p1;t3;t2;"), 7);
        List<Operation> ops = h.operations();
        List<String> pairs = new ArrayList<>();
        for (int[] p : Models.keyValue("").precedence(ops)) {
            pairs.add(Arrays.asList(ops.get(p[0]).f(), ((List<?>) ops.get(p[0]).value()).get(1)) + " < "
                    + Arrays.asList(ops.get(p[1]).f(), ((List<?>) ops.get(p[1]).value()).get(1)));
        }
        assertEquals(List.of("[put, p1;] < [append, t3;]", "[append, t3;] < [append, t2;]", "[append, t2;] < [get, p1;t3;t2;]"), pairs);
    }

    @Test
    void nothingIsInferredFromValuesWrittenTwiceOrStringsThatSplitTwoWays() {
        History twice = new History();
        twice.invoke(0, "put", List.of("k", "v"), 0);
        twice.complete(0, OpType.OK, List.of("k", "v"), 1);
        twice.invoke(1, "put", List.of("k", "v"), 2);
        twice.complete(1, OpType.OK, List.of("k", "v"), 3);
        twice.invoke(2, "get", Arrays.asList("k", null), 4);
        twice.complete(2, OpType.OK, List.of("k", "v"), 5);
        assertEquals(0, Models.keyValue("").precedence(twice.operations()).size());
        History ambiguous = new History();
        ambiguous.invoke(0, "append", List.of("k", "a"), 0);
        ambiguous.complete(0, OpType.OK, List.of("k", "a"), 1);
        ambiguous.invoke(1, "append", List.of("k", "ab"), 2);
        ambiguous.complete(1, OpType.OK, List.of("k", "ab"), 3);
        ambiguous.invoke(2, "get", Arrays.asList("k", null), 4);
        ambiguous.complete(2, OpType.OK, List.of("k", "aab"), 5);
        assertEquals(0, Models.keyValue("").precedence(ambiguous.operations()).size());
    }
}
