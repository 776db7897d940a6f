package dev.dst.linearizability;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegisterModelTest {
    private final Model<?> register = Models.register(0L);
    private final Model<?> cas = Models.casRegister(0L);

    @Test
    void aSequentialWriteThenReadIsLinearizable() {
        assertEquals(Verdict.VALID, new Histories().op(0, "write", 1L).op(1, "read", 1L).check(register));
    }

    @Test
    void aStaleReadIsNotLinearizable() {
        assertEquals(Verdict.INVALID, new Histories().op(0, "write", 1L).op(0, "write", 2L).op(1, "read", 1L).check(register));
    }

    @Test
    void aLostWriteIsNotLinearizable() {
        assertEquals(Verdict.INVALID, new Histories().op(0, "write", 1L).op(1, "read", 0L).check(register));
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        Histories old = new Histories().invoke(0, "write", 1L).invoke(1, "read", null).ok(1, 0L).ok(0, 1L);
        Histories fresh = new Histories().invoke(0, "write", 1L).invoke(1, "read", null).ok(1, 1L).ok(0, 1L);
        assertEquals(Verdict.VALID, old.check(register));
        assertEquals(Verdict.VALID, fresh.check(register));
    }

    @Test
    void readsMustAgreeOnTheOrderOfConcurrentWrites() {
        Histories h = new Histories().invoke(0, "write", 1L).invoke(1, "write", 2L).ok(0, 1L).ok(1, 2L)
                .op(2, "read", 1L).op(3, "read", 2L).op(2, "read", 1L);
        assertEquals(Verdict.INVALID, h.check(register));
    }

    @Test
    void aReadOfNilObservedNothing() {
        assertEquals(Verdict.VALID, new Histories().op(0, "write", 1L).op(1, "read", null).check(register));
    }

    @Test
    void anInfoWriteMayTakeEffectLater() {
        Histories h = new Histories().invoke(0, "write", 1L).info(0).op(1, "read", 0L).op(1, "read", 1L);
        assertEquals(Verdict.VALID, h.check(register));
    }

    @Test
    void anInfoWriteMayNeverTakeEffect() {
        Histories h = new Histories().invoke(0, "write", 1L).info(0).op(1, "read", 0L).op(1, "read", 0L);
        assertEquals(Verdict.VALID, h.check(register));
    }

    @Test
    void anInfoWriteTakesEffectAtMostOnce() {
        Histories h = new Histories().invoke(0, "write", 1L).info(0).op(1, "read", 1L).op(2, "write", 2L).op(1, "read", 1L);
        assertEquals(Verdict.INVALID, h.check(register));
    }

    @Test
    void anInfoWriteCannotTakeEffectBeforeItsInvocation() {
        Histories h = new Histories().op(1, "read", 1L).invoke(0, "write", 1L).info(0);
        assertEquals(Verdict.INVALID, h.check(register));
    }

    @Test
    void aFailedWriteDidNotHappen() {
        Histories h = new Histories().invoke(0, "write", 1L).fail(0).op(1, "read", 1L);
        assertEquals(Verdict.INVALID, h.check(register));
    }

    @Test
    void aCasAppliedTwiceIsNotLinearizable() {
        Histories h = new Histories().op(0, "cas", List.of(0L, 1L)).op(1, "cas", List.of(0L, 1L));
        assertEquals(Verdict.INVALID, h.check(cas));
    }

    @Test
    void aCasSeesTheValueBeforeIt() {
        Histories h = new Histories().op(0, "write", 3L).op(1, "cas", List.of(3L, 4L)).op(0, "read", 4L);
        assertEquals(Verdict.VALID, h.check(cas));
    }

    @Test
    void aFailedCasHasNoEffect() {
        Histories h = new Histories().invoke(0, "cas", List.of(0L, 5L)).fail(0).op(1, "read", 0L);
        assertEquals(Verdict.VALID, h.check(cas));
    }

    @Test
    void thePlainRegisterRejectsCas() {
        Histories h = new Histories().op(0, "cas", List.of(0L, 1L));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> h.check(register));
        assertEquals(true, e.getMessage().contains("expected read or write"), e.getMessage());
    }

    @Test
    void underEtcdSemanticsANilReadAfterAWriteIsStale() {
        Histories h = new Histories().op(0, "write", 1L).op(1, "read", null);
        assertEquals(Verdict.INVALID, h.check(Models.etcd(null)));
        assertEquals(Verdict.VALID, h.check(Models.casRegister(null)));
    }

    @Test
    void underEtcdSemanticsAFailedCasMustHaveSeenAnotherValue() {
        Histories h = new Histories().op(0, "write", 1L).invoke(1, "cas", List.of(1L, 2L)).fail(1);
        assertEquals(Verdict.INVALID, h.check(Models.etcd(null)));
        assertEquals(Verdict.VALID, h.check(Models.casRegister(null)));
    }

    @Test
    void underEtcdSemanticsAFailedCasConcurrentWithAWriteMayHaveSeenTheOldValue() {
        Histories h = new Histories().op(0, "write", 1L).invoke(2, "write", 3L).invoke(1, "cas", List.of(1L, 2L)).fail(1).ok(2, 3L);
        assertEquals(Verdict.VALID, h.check(Models.etcd(null)));
    }
}
