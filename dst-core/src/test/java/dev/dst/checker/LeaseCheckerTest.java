package dev.dst.checker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseCheckerTest {
    @Test
    void successiveLeasesWithRisingTokensAreValid() {
        LeaseChecker c = new LeaseChecker().held("n1", 0, 10, 1).held("n2", 10, 20, 2).accepted("disk", 1, 5).accepted("disk", 2, 15);
        assertTrue(c.result().valid());
    }

    @Test
    void twoNodesHoldingAtOnceOverlap() {
        LeaseChecker c = new LeaseChecker().held("n1", 0, 10, 1).held("n2", 9, 20, 2);
        assertEquals(1, c.result().overlaps().size());
    }

    @Test
    void anOverlapBehindALongerHoldOfTheSameNodeIsFound() {
        LeaseChecker c = new LeaseChecker().held("n2", 0, 5, 1).held("n1", 1, 10, 2).held("n1", 3, 4, 2);
        assertEquals(2, c.result().overlaps().size());
    }

    @Test
    void aLaterLeaseWithALowerTokenIsARegression() {
        LeaseChecker c = new LeaseChecker().held("n1", 0, 10, 5).held("n2", 10, 20, 4);
        assertEquals(1, c.result().tokenRegressions().size());
    }

    @Test
    void aWriteWithAnOlderTokenAcceptedIsStale() {
        LeaseChecker c = new LeaseChecker().accepted("disk", 2, 1).accepted("disk", 1, 2);
        assertEquals(1, c.result().staleWrites().size());
    }
}
