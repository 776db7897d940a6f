package dev.dst.linearizability;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.history.Operation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearizabilityPropertyTest {

    private static void allLinearizable(Supplier<RandomHistories.Sequential> object, Model<?> model, String stream, int maxOps) {
        Entropy e = EntropySource.seeded(42).stream(stream);
        for (int run = 0; run < 300; run++) {
            History h = RandomHistories.generate(object.get(), e, 1 + e.below(6), 1 + e.below(maxOps));
            LinearizabilityResult r = Linearizability.check(h, model);
            int n = run;
            assertEquals(Verdict.VALID, r.verdict(), () -> "run " + n + ":\n" + h.toEdn() + r.explanation().toText());
        }
    }

    @Test
    void concurrentCasRegisterHistoriesAreLinearizable() {
        allLinearizable(RandomHistories::casRegister, Models.casRegister(0L), "cas", 60);
    }

    @Test
    void concurrentKeyValueHistoriesAreLinearizable() {
        allLinearizable(RandomHistories::keyValue, Models.keyValue(""), "kv", 60);
    }

    @Test
    void concurrentQueueHistoriesAreLinearizable() {
        allLinearizable(RandomHistories::queue, Models.fifoQueue(), "queue", 30); // info ops make queue searches costly
    }

    private static int corruptedAgreeWithBruteForce(Supplier<RandomHistories.Sequential> object, Model<?> model,
                                                    String readF, String stream, java.util.function.BiFunction<Entropy, Object, Object> corruptValue) {
        return corruptedAgreeWithBruteForce(object, model, readF, stream, corruptValue, 400, 3, 5);
    }

    private static int corruptedAgreeWithBruteForce(Supplier<RandomHistories.Sequential> object, Model<?> model,
                                                    String readF, String stream, java.util.function.BiFunction<Entropy, Object, Object> corruptValue,
                                                    int runs, int minOps, int extraOps) {
        Entropy e = EntropySource.seeded(7).stream(stream);
        int invalid = 0;
        for (int run = 0; run < runs; run++) {
            History h = RandomHistories.generate(object.get(), e, 2 + e.below(5), minOps + e.below(extraOps));
            List<Integer> reads = new ArrayList<>();
            for (Op op : h.ops()) {
                if (op.type() == OpType.OK && op.f().equals(readF)) {
                    reads.add(op.index());
                }
            }
            if (reads.isEmpty()) {
                continue;
            }
            int at = reads.get(e.below(reads.size()));
            History bad = h.withValue(at, corruptValue.apply(e, h.ops().get(at).value()));
            List<Operation> ops = bad.operations();
            boolean expected = BruteForce.linearizable(ops, model);
            Verdict v = Linearizability.check(bad, model).verdict();
            int n = run;
            assertEquals(expected ? Verdict.VALID : Verdict.INVALID, v, () -> "run " + n + ":\n" + bad.toEdn());
            if (!expected) {
                invalid++;
            }
        }
        return invalid;
    }

    @Test
    void corruptedCasRegisterReadsAgreeWithBruteForce() {
        int invalid = corruptedAgreeWithBruteForce(RandomHistories::casRegister, Models.casRegister(0L), "read", "cas",
                (e, old) -> (long) e.below(4));
        assertTrue(invalid > 20, "the corruptions must produce non-linearizable histories: " + invalid);
    }

    @Test
    void corruptedKeyValueGetsAgreeWithBruteForce() {
        int invalid = corruptedAgreeWithBruteForce(RandomHistories::keyValue, Models.keyValue(""), "get", "kv",
                (e, old) -> Arrays.asList(((List<?>) old).get(0), Long.toString(e.below(3))));
        assertTrue(invalid > 20, "the corruptions must produce non-linearizable histories: " + invalid);
    }

    @Test
    void corruptedDequeuesAgreeWithBruteForce() {
        int invalid = corruptedAgreeWithBruteForce(RandomHistories::queue, Models.fifoQueue(), "dequeue", "queue",
                (e, old) -> (long) e.below(5));
        assertTrue(invalid > 20, "the corruptions must produce non-linearizable histories: " + invalid);
    }

    @Test
    void largerCorruptedCasRegisterHistoriesAgreeWithAMemoizedExhaustiveSearch() {
        int invalid = corruptedAgreeWithBruteForce(RandomHistories::casRegister, Models.casRegister(0L), "read", "cas-large",
                (e, old) -> (long) e.below(4), 300, 10, 16);
        assertTrue(invalid > 20, "the corruptions must produce non-linearizable histories: " + invalid);
    }

    @Test
    void largerCorruptedKeyValueHistoriesAgreeWithAMemoizedExhaustiveSearch() {
        int invalid = corruptedAgreeWithBruteForce(RandomHistories::keyValue, Models.keyValue(""), "get", "kv-large",
                (e, old) -> Arrays.asList(((List<?>) old).get(0), Long.toString(e.below(3))), 300, 10, 16);
        assertTrue(invalid > 20, "the corruptions must produce non-linearizable histories: " + invalid);
    }

    @Test
    void corruptedHistoriesUnderEtcdSemanticsAgreeWithAMemoizedExhaustiveSearch() {
        int invalid = corruptedAgreeWithBruteForce(RandomHistories::casRegister, Models.etcd(0L), "read", "etcd",
                (e, old) -> e.chance(0.3) ? null : (Object) (long) e.below(4), 300, 4, 12);
        assertTrue(invalid > 20, "the corruptions must produce non-linearizable histories: " + invalid);
    }
}
