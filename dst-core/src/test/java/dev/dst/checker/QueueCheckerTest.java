package dev.dst.checker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueCheckerTest {
    @Test
    void inOrderDeliveryOfEverythingIsValid() {
        H h = new H().op(0, "enqueue", 1L, 1L).op(0, "enqueue", 2L, 2L).op(1, "dequeue", null, 1L).op(1, "dequeue", null, 2L);
        assertTrue(QueueChecker.check(h.history).valid());
    }

    @Test
    void anAcknowledgedElementNeverDequeuedIsLost() {
        H h = new H().op(0, "enqueue", 1L, 1L).op(0, "enqueue", 2L, 2L).op(1, "dequeue", null, 2L);
        assertEquals(List.of(1L), QueueChecker.check(h.history).lost());
    }

    @Test
    void anElementDequeuedTwiceIsDuplicated() {
        H h = new H().op(0, "enqueue", 1L, 1L).op(1, "dequeue", null, 1L).op(2, "dequeue", null, 1L);
        assertEquals(List.of(1L), QueueChecker.check(h.history).duplicated());
    }

    @Test
    void anElementNeverEnqueuedIsUnexpected() {
        H h = new H().op(1, "dequeue", null, 5L);
        assertEquals(List.of(5L), QueueChecker.check(h.history).unexpected());
    }

    @Test
    void aLaterElementLeavingFirstIsReordered() {
        H h = new H().op(0, "enqueue", 1L, 1L).op(0, "enqueue", 2L, 2L).op(1, "dequeue", null, 2L).op(1, "dequeue", null, 1L);
        assertEquals(List.of(new QueueChecker.Reordered(1L, 2L)), QueueChecker.check(h.history).reordered());
    }

    @Test
    void concurrentEnqueuesMayLeaveInEitherOrder() {
        H h = new H().invoke(0, "enqueue", 1L).op(1, "enqueue", 2L, 2L).ok(0, 1L).op(2, "dequeue", null, 2L).op(2, "dequeue", null, 1L);
        assertTrue(QueueChecker.check(h.history).reordered().isEmpty());
    }

    @Test
    void aDrainCountsAsDequeues() {
        H h = new H().op(0, "enqueue", 1L, 1L).op(0, "enqueue", 2L, 2L).op(1, "drain", null, List.of(1L, 2L));
        assertTrue(QueueChecker.check(h.history).valid());
    }
}
