package dev.dst.checker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BroadcastCheckerTest {
    private static BroadcastChecker everywhere(BroadcastChecker c, String m, long sent, long step, int nodes) {
        c.sent(m, sent, true);
        for (int n = 0; n < nodes; n++) {
            c.delivered(m, n, sent + n * step, n == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(n));
        }
        return c;
    }

    @Test
    void aMessageEveryNodeGotIsStable() {
        BroadcastChecker.Result r = everywhere(new BroadcastChecker(4), "a", 0, 10, 4).result();
        assertTrue(r.valid());
        assertEquals(1, r.stable());
    }

    @Test
    void anAcknowledgedMessageSomeNodeMissedIsLost() {
        BroadcastChecker c = new BroadcastChecker(3).sent("a", 0, true).delivered("a", 0, 1, 0).delivered("a", 1, 2, 1);
        BroadcastChecker.Result r = c.result();
        assertFalse(r.valid());
        assertEquals(List.of("a"), r.lostMessages());
    }

    @Test
    void anUnacknowledgedPartialMessageIsNotLost() {
        BroadcastChecker c = new BroadcastChecker(3).sent("a", 0, false).delivered("a", 0, 1, 0);
        assertTrue(c.result().valid());
    }

    @Test
    void latencyPercentilesAreNearestRank() {
        BroadcastChecker c = new BroadcastChecker(2);
        for (int i = 1; i <= 100; i++) {
            c.sent(i, 0, true).delivered(i, 0, 0, 0).delivered(i, 1, i * 1000L, 1);
        }
        BroadcastChecker.Result r = c.result();
        assertEquals(50_000, r.latencyP50Nanos());
        assertEquals(95_000, r.latencyP95Nanos());
        assertEquals(99_000, r.latencyP99Nanos());
    }

    @Test
    void roundsAreComparedWithCeilLog2() {
        BroadcastChecker c = new BroadcastChecker(5).sent("a", 0, true);
        for (int n = 0; n < 5; n++) {
            c.delivered("a", n, n, n); // a chain: 4 hops, bound ⌈log2 5⌉ = 3
        }
        BroadcastChecker.Result r = c.result();
        assertEquals(3, r.roundsBound());
        assertEquals(4, r.roundsMax());
        assertEquals(1, r.overBound());
    }
}
