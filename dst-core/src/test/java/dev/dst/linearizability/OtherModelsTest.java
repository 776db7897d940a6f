package dev.dst.linearizability;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OtherModelsTest {

    private static List<Object> kv(Object k, Object v) {
        return Arrays.asList(k, v);
    }

    private static List<Object> txn(List<?>... micros) {
        return Arrays.asList((Object[]) micros);
    }

    private static List<Object> r(String k, Object v) {
        return Arrays.asList("r", k, v);
    }

    private static List<Object> w(String k, Object v) {
        return Arrays.asList("w", k, v);
    }

    @Test
    void keyValueGetSeesTheLastPutOfItsKey() {
        Histories h = new Histories().op(0, "put", kv("a", "1")).op(1, "put", kv("b", "2")).op(0, "get", kv("a", "1"));
        assertEquals(Verdict.VALID, h.check(Models.keyValue("")));
    }

    @Test
    void keyValueStaleGetIsNotLinearizable() {
        Histories h = new Histories().op(0, "put", kv("a", "1")).op(1, "put", kv("a", "2")).op(0, "get", kv("a", "1"));
        assertEquals(Verdict.INVALID, h.check(Models.keyValue("")));
    }

    @Test
    void keyValueAppendConcatenates() {
        Histories h = new Histories().op(0, "append", kv("a", "x")).op(1, "append", kv("a", "y")).op(0, "get", kv("a", "xy"));
        assertEquals(Verdict.VALID, h.check(Models.keyValue("")));
    }

    @Test
    void keyValueIsCheckedPerKey() {
        Histories h = new Histories().op(0, "put", kv("a", "1")).op(1, "put", kv("b", "2")).op(2, "put", kv("c", "3"));
        LinearizabilityResult r = Linearizability.check(h.history, Models.keyValue(""));
        assertEquals(3, r.partitions());
    }

    @Test
    void aTornMultiRegisterReadIsNotLinearizable() {
        Histories h = new Histories().op(0, "txn", txn(w("x", 1L), w("y", 1L))).op(1, "txn", txn(r("x", 1L), r("y", 0L)));
        assertEquals(Verdict.INVALID, h.check(Models.multiRegister(Map.of("x", 0L, "y", 0L))));
    }

    @Test
    void aMultiRegisterReadSeesWholeTransactions() {
        Histories h = new Histories().invoke(0, "txn", txn(w("x", 1L), w("y", 1L)))
                .invoke(1, "txn", txn(r("x", null), r("y", null))).ok(1, txn(r("x", 1L), r("y", 1L)))
                .ok(0, txn(w("x", 1L), w("y", 1L)));
        assertEquals(Verdict.VALID, h.check(Models.multiRegister(Map.of("x", 0L, "y", 0L))));
    }

    @Test
    void multiRegisterPartitionsByConnectedKeys() {
        Histories h = new Histories().op(0, "txn", txn(w("x", 1L), w("y", 1L))).op(1, "txn", txn(w("y", 2L), w("z", 2L)))
                .op(2, "txn", txn(w("q", 1L)));
        assertEquals(2, Linearizability.check(h.history, Models.multiRegister(Map.of())).partitions());
    }

    @Test
    void aMutexHeldTwiceIsNotLinearizable() {
        Histories h = new Histories().op(0, "acquire", null).op(1, "acquire", null);
        assertEquals(Verdict.INVALID, h.check(Models.mutex()));
    }

    @Test
    void aMutexReleasedCanBeAcquiredAgain() {
        Histories h = new Histories().op(0, "acquire", null).op(0, "release", null).op(1, "acquire", null);
        assertEquals(Verdict.VALID, h.check(Models.mutex()));
    }

    @Test
    void anInfoReleaseMayExplainASecondAcquire() {
        Histories h = new Histories().op(0, "acquire", null).invoke(0, "release", null).info(0).op(1, "acquire", null);
        assertEquals(Verdict.VALID, h.check(Models.mutex()));
    }

    @Test
    void aSetReadMissingAnAcknowledgedAddIsNotLinearizable() {
        Histories h = new Histories().op(0, "add", 1L).op(1, "add", 2L).op(0, "read", Set.of(1L));
        assertEquals(Verdict.INVALID, h.check(Models.set()));
    }

    @Test
    void aSetReadConcurrentWithAnAddMayMissIt() {
        Histories h = new Histories().op(0, "add", 1L).invoke(1, "add", 2L).op(0, "read", List.of(1L)).ok(1, 2L);
        assertEquals(Verdict.VALID, h.check(Models.set()));
    }

    @Test
    void aQueueDequeuesInOrder() {
        Histories h = new Histories().op(0, "enqueue", 1L).op(0, "enqueue", 2L).op(1, "dequeue", 1L).op(1, "dequeue", 2L);
        assertEquals(Verdict.VALID, h.check(Models.fifoQueue()));
    }

    @Test
    void aQueueDequeuingOutOfOrderIsNotLinearizable() {
        Histories h = new Histories().op(0, "enqueue", 1L).op(0, "enqueue", 2L).op(1, "dequeue", 2L);
        assertEquals(Verdict.INVALID, h.check(Models.fifoQueue()));
    }

    @Test
    void aQueueDeliversAnElementOnce() {
        Histories h = new Histories().op(0, "enqueue", 1L).op(1, "dequeue", 1L).op(2, "dequeue", 1L);
        assertEquals(Verdict.INVALID, h.check(Models.fifoQueue()));
    }

    @Test
    void aCounterReadBelowAcknowledgedAddsIsNotLinearizable() {
        Histories h = new Histories().op(0, "add", 1L).op(1, "add", 1L).op(0, "read", 1L);
        assertEquals(Verdict.INVALID, h.check(Models.counter(0)));
    }

    @Test
    void aCounterReadMayIncludeAnInfoAdd() {
        Histories h = new Histories().op(0, "add", 1L).invoke(1, "add", 5L).info(1).op(0, "read", 6L);
        assertEquals(Verdict.VALID, h.check(Models.counter(0)));
    }

    @Test
    void namedModelsCoverEveryListedName() {
        for (String name : Models.NAMES) {
            assertEquals(true, Models.named(name, null).name().equals(name), name);
        }
    }

    @Test
    void anUnknownModelNameListsTheModels() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Models.named("raft", null));
        assertEquals(true, e.getMessage().contains("cas-register"), e.getMessage());
    }
}
