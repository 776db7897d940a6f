package dev.dst.checker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetCheckerTest {
    @Test
    void everyAcknowledgedAddInTheFinalReadIsValid() {
        H h = new H().op(0, "add", 1L, 1L).op(1, "add", 2L, 2L).op(0, "read", null, List.of(1L, 2L));
        assertTrue(SetChecker.check(h.history, true).valid());
    }

    @Test
    void anAcknowledgedAddMissingFromTheFinalReadIsLost() {
        H h = new H().op(0, "add", 1L, 1L).op(1, "add", 2L, 2L).op(0, "read", null, List.of(1L));
        SetChecker.Result r = SetChecker.check(h.history, false);
        assertFalse(r.valid());
        assertEquals(List.of(2L), r.lost());
    }

    @Test
    void anElementNobodyAddedIsUnexpected() {
        H h = new H().op(0, "add", 1L, 1L).op(0, "read", null, List.of(1L, 9L));
        assertEquals(List.of(9L), SetChecker.check(h.history, false).unexpected());
    }

    @Test
    void anElementMissingFromALaterReadButPresentAtTheEndIsStale() {
        H h = new H().op(0, "add", 1L, 1L).op(1, "read", null, List.of()).op(1, "read", null, List.of(1L));
        SetChecker.Result r = SetChecker.check(h.history, true);
        assertEquals(List.of(1L), r.stale());
        assertFalse(r.valid());
        assertTrue(SetChecker.check(h.history, false).valid());
    }

    @Test
    void anInfoAddPresentAtTheEndIsRecovered() {
        H h = new H().invoke(0, "add", 1L).info(0).op(1, "read", null, List.of(1L));
        SetChecker.Result r = SetChecker.check(h.history, true);
        assertTrue(r.valid());
        assertEquals(List.of(1L), r.recovered());
    }

    @Test
    void withoutAReadTheResultIsInvalid() {
        SetChecker.Result r = SetChecker.check(new H().op(0, "add", 1L, 1L).history, false);
        assertFalse(r.valid());
        assertEquals("no final read", r.reason());
    }
}
