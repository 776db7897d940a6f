package dev.dst.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A node's local clock: offset, drift, jumps, and how long its timers take in true time. */
final class NodeClockTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    @Test
    void aNewClockReadsTrueTime() {
        NodeClock c = new NodeClock();
        assertEquals(0, c.read(0));
        assertEquals(5 * SECOND, c.read(5 * SECOND));
        assertEquals(0, c.offset(5 * SECOND));
    }

    @Test
    void anOffsetShiftsEveryLaterReading() {
        NodeClock c = new NodeClock();
        c.setOffset(SECOND, 250 * MILLI);
        assertEquals(SECOND + 250 * MILLI, c.read(SECOND));
        assertEquals(3 * SECOND + 250 * MILLI, c.read(3 * SECOND));
        assertEquals(250 * MILLI, c.offset(10 * SECOND));
    }

    @Test
    void aNegativeOffsetPutsTheClockBehind() {
        NodeClock c = new NodeClock();
        c.setOffset(0, -SECOND);
        assertEquals(SECOND, c.read(2 * SECOND));
    }

    @Test
    void positiveDriftGainsExactlyPpmMicrosecondsPerSecond() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, 100);
        assertEquals(SECOND + 100_000, c.read(SECOND));
        assertEquals(10 * SECOND + 1_000_000, c.read(10 * SECOND));
        assertEquals(100, c.driftPpm());
    }

    @Test
    void negativeDriftLosesExactlyPpmMicrosecondsPerSecond() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, -250);
        assertEquals(SECOND - 250_000, c.read(SECOND));
        assertEquals(-250_000, c.offset(SECOND));
    }

    @Test
    void driftStartsWhenItIsSet() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(5 * SECOND, 1_000);
        assertEquals(5 * SECOND, c.read(5 * SECOND));
        assertEquals(6 * SECOND + 1 * MILLI, c.read(6 * SECOND));
    }

    @Test
    void changingDriftKeepsWhatWasGainedSoFar() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, 1_000);   // +1 ms per second
        c.setDriftPpm(SECOND, 0);  // from here on, true rate
        assertEquals(2 * SECOND + MILLI, c.read(2 * SECOND));
    }

    @Test
    void driftDoesNotOverflowOverLongRuns() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, NodeClock.DRIFT_PPM_MAX);
        long aYear = 365L * 24 * 3600 * SECOND;
        assertEquals(aYear + aYear / 2, c.read(aYear));
    }

    @Test
    void driftBeyondTheBoundIsRejected() {
        NodeClock c = new NodeClock();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.setDriftPpm(0, NodeClock.DRIFT_PPM_MAX + 1));
        assertTrue(e.getMessage().contains("500000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.setDriftPpm(0, -NodeClock.DRIFT_PPM_MAX - 1));
        assertEquals(0, c.driftPpm(), "a rejected drift changes nothing");
    }

    @Test
    void driftAtTheBoundIsAccepted() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, -NodeClock.DRIFT_PPM_MAX);
        assertEquals(SECOND / 2, c.read(SECOND));
    }

    @Test
    void aForwardJumpStepsTheReading() {
        NodeClock c = new NodeClock();
        c.jump(SECOND, 5 * SECOND);
        assertEquals(6 * SECOND, c.read(SECOND));
        assertEquals(7 * SECOND, c.read(2 * SECOND));
    }

    @Test
    void aBackwardJumpMakesTheClockReadEarlierThanBefore() {
        NodeClock c = new NodeClock();
        long before = c.read(3 * SECOND);
        c.jump(3 * SECOND, -2 * SECOND);
        assertTrue(c.read(3 * SECOND) < before);
        assertEquals(SECOND, c.read(3 * SECOND));
    }

    @Test
    void jumpsAddUpWithOffsetAndDrift() {
        NodeClock c = new NodeClock();
        c.setOffset(0, MILLI);
        c.setDriftPpm(0, 1_000);
        c.jump(SECOND, -3 * MILLI);
        // 1 s true: 1 ms offset + 1 ms drift - 3 ms jump = 1 s - 1 ms
        assertEquals(SECOND - MILLI, c.read(SECOND));
    }

    @Test
    void withoutDriftATimerTakesItsDurationInTrueTime() {
        assertEquals(5 * MILLI, new NodeClock().trueDelay(5 * MILLI));
    }

    @Test
    void aFastClockFiresTimersEarly() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, 100_000); // 10% fast
        assertEquals(909_090_910L, c.trueDelay(SECOND), "1 s / 1.1, rounded up to the nanosecond");
    }

    @Test
    void aSlowClockFiresTimersLate() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, -500_000); // half speed
        assertEquals(2 * SECOND, c.trueDelay(SECOND));
    }

    @Test
    void jumpsDoNotChangeTimerDurations() {
        NodeClock c = new NodeClock();
        c.jump(0, 10 * SECOND);
        assertEquals(SECOND, c.trueDelay(SECOND));
    }

    @Test
    void aZeroOrNegativeTimerTakesNoTime() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(0, -500_000);
        assertEquals(0, c.trueDelay(0));
        assertEquals(0, c.trueDelay(-5));
    }

    @Test
    void aTimerNeverFiresBeforeItsDurationHasPassedOnTheNodesClock() {
        // As with a monotonic clock: when the timer fires, the local clock has advanced by at
        // least the duration asked for; and the timer is not late by more than rounding.
        for (long ppm : new long[] {1, 7, 100, 12_345, 499_999, -1, -100, -33_333, -500_000}) {
            NodeClock c = new NodeClock();
            c.setDriftPpm(0, ppm);
            for (long local : new long[] {1, 3, 999, MILLI, 1_234_567, SECOND, 7 * SECOND + 13}) {
                long fire = c.trueDelay(local);
                assertTrue(c.read(fire) >= local, "ppm " + ppm + ", timer " + local + ": fired at local " + c.read(fire));
                double exact = local * 1e6 / (1e6 + ppm);
                assertTrue(fire - exact < 1.001, "ppm " + ppm + ", timer " + local + ": fired at " + fire + ", exact " + exact);
            }
        }
    }

    @Test
    void theMonotonicClockIgnoresOffsetsAndJumps() {
        NodeClock c = new NodeClock();
        c.setOffset(1_000, 5_000_000);
        c.jump(2_000, -3_000_000);
        assertEquals(10_000, c.monotonic(10_000));
        assertEquals(10_000 + 5_000_000 - 3_000_000, c.read(10_000));
    }

    @Test
    void theMonotonicClockRunsAtTheDriftingRateAndStaysContinuousWhenTheRateChanges() {
        NodeClock c = new NodeClock();
        c.setDriftPpm(1_000_000, 100_000);                  // +10% from t = 1 ms
        assertEquals(1_000_000, c.monotonic(1_000_000));
        assertEquals(1_000_000 + 1_100_000, c.monotonic(2_000_000));
        c.setDriftPpm(2_000_000, -100_000);                 // -10% from t = 2 ms
        assertEquals(2_100_000, c.monotonic(2_000_000));
        assertEquals(2_100_000 + 900_000, c.monotonic(3_000_000));
        c.jump(3_000_000, 1_000_000_000);
        assertEquals(3_000_000, c.monotonic(3_000_000));
    }
}
