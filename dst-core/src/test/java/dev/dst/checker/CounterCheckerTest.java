package dev.dst.checker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterCheckerTest {
    @Test
    void aReadOfEveryAcknowledgedAddIsValid() {
        H h = new H().op(0, "add", 2L, 2L).op(1, "add", 3L, 3L).op(0, "read", null, 5L);
        assertTrue(CounterChecker.check(h.history, 0).valid());
    }

    @Test
    void aReadBelowTheAcknowledgedSumIsOutOfBounds() {
        H h = new H().op(0, "add", 2L, 2L).op(1, "add", 3L, 3L).op(0, "read", null, 2L);
        CounterChecker.Result r = CounterChecker.check(h.history, 0);
        assertFalse(r.valid());
        assertEquals(5, r.errors().get(0).lower());
    }

    @Test
    void aReadMayIncludeAConcurrentAdd() {
        H h = new H().op(0, "add", 2L, 2L).invoke(1, "add", 3L).op(0, "read", null, 5L).ok(1, 3L);
        assertTrue(CounterChecker.check(h.history, 0).valid());
    }

    @Test
    void aReadAboveEveryPossibleAddIsOutOfBounds() {
        H h = new H().op(0, "add", 2L, 2L).op(0, "read", null, 3L).op(1, "add", 1L, 1L);
        CounterChecker.Result r = CounterChecker.check(h.history, 0);
        assertFalse(r.valid());
        assertEquals(2, r.errors().get(0).upper());
    }

    @Test
    void aNegativeConcurrentAddLowersTheLowerBound() {
        H h = new H().op(0, "add", 5L, 5L).invoke(1, "add", -2L).info(1).op(0, "read", null, 3L);
        assertTrue(CounterChecker.check(h.history, 0).valid());
    }

    @Test
    void theInitialValueCounts() {
        H h = new H().op(0, "read", null, 10L);
        assertTrue(CounterChecker.check(h.history, 10).valid());
        assertFalse(CounterChecker.check(h.history, 0).valid());
    }
}
