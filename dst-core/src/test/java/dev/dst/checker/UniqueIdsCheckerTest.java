package dev.dst.checker;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniqueIdsCheckerTest {
    @Test
    void distinctIdsAreValid() {
        H h = new H().op(0, "generate", null, 1L).op(1, "generate", null, 2L);
        assertTrue(UniqueIdsChecker.check(h.history).valid());
    }

    @Test
    void anIdReturnedTwiceIsADuplicate() {
        H h = new H().op(0, "generate", null, 7L).op(1, "generate", null, 7L).op(1, "generate", null, 8L);
        UniqueIdsChecker.Result r = UniqueIdsChecker.check(h.history);
        assertEquals(Map.of(7L, 2), r.duplicates());
        assertEquals(3, r.acknowledged());
    }
}
