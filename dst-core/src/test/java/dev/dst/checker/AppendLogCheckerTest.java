package dev.dst.checker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppendLogCheckerTest {
    private static List<Object> rec(long offset, String msg) {
        return List.of(offset, msg);
    }

    @Test
    void sendsReadBackInOrderAreValid() {
        H h = new H().op(0, "send", List.of("k", "a"), List.of("k", 0L)).op(0, "send", List.of("k", "b"), List.of("k", 1L))
                .op(1, "poll", null, Map.of("k", List.of(rec(0, "a"), rec(1, "b"))));
        assertTrue(AppendLogChecker.check(h.history).valid());
    }

    @Test
    void offsetsGoingBackwardsInAPollAreNonMonotonic() {
        H h = new H().op(1, "poll", null, Map.of("k", List.of(rec(1, "b"), rec(0, "a"))));
        assertEquals(1, AppendLogChecker.check(h.history).nonMonotonic().size());
    }

    @Test
    void aProcessPollingAnOffsetItPassedIsNonMonotonic() {
        H h = new H().op(1, "poll", null, Map.of("k", List.of(rec(0, "a"), rec(1, "b"))))
                .op(1, "poll", null, Map.of("k", List.of(rec(1, "b"))));
        assertEquals(1, AppendLogChecker.check(h.history).nonMonotonic().size());
    }

    @Test
    void twoMessagesAtOneOffsetAreInconsistent() {
        H h = new H().op(0, "send", List.of("k", "a"), List.of("k", 0L)).op(1, "poll", null, Map.of("k", List.of(rec(0, "x"))));
        assertEquals(1, AppendLogChecker.check(h.history).inconsistent().size());
    }

    @Test
    void anAcknowledgedMessageSkippedByReadersIsLost() {
        H h = new H().op(0, "send", List.of("k", "a"), List.of("k", 0L)).op(0, "send", List.of("k", "b"), List.of("k", 1L))
                .op(1, "poll", null, Map.of("k", List.of(rec(1, "b"))));
        AppendLogChecker.Result r = AppendLogChecker.check(h.history);
        assertEquals(1, r.lost().size());
        assertEquals(0L, r.lost().get(0).offset());
    }

    @Test
    void aMessageBeyondWhatWasReadIsNotLost() {
        H h = new H().op(0, "send", List.of("k", "a"), List.of("k", 0L)).op(0, "send", List.of("k", "b"), List.of("k", 1L))
                .op(1, "poll", null, Map.of("k", List.of(rec(0, "a"))));
        assertTrue(AppendLogChecker.check(h.history).lost().isEmpty());
    }
}
