package dev.dst.fault;

import dev.dst.net.Latency;
import dev.dst.net.LinkConfig;
import dev.dst.net.Network;
import dev.dst.sim.Call;
import dev.dst.testnodes.Chatter.Append;
import dev.dst.testnodes.Chatter.Burst;
import dev.dst.testnodes.Chatter;
import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Recorder.Received;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.dst.testnodes.Fixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fault primitive's effect and its revert, on five {@link Chatter} nodes that ping every
 * other node every 10 ms over fixed 1 ms links. Faults apply at {@link #A}, revert at {@link #R}
 * (no ping is in flight at either instant), and the run goes on to {@link #END}; every window
 * holds exactly 100 ticks.
 */
final class FaultPrimitivesTest {
    static final long A = 1_005 * MS;
    static final long R = 2_005 * MS;
    static final long END = 3_005 * MS;
    static final int TICKS = 100;

    /** Applies {@code fault} at A and runs to R (not reverted yet). */
    private static Fixture during(Fault fault) {
        Fixture f = Fixture.five(42);
        f.runTo(A);
        f.apply(fault);
        f.runTo(R);
        return f;
    }

    /** Reverts {@code fault} at R and runs to END. */
    private static void after(Fixture f, Fault fault) {
        f.revert(fault);
        f.runTo(END);
    }

    private static void assertAllLinksWork(Fixture f, long start, long end) {
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                if (a != b) {
                    assertEquals(TICKS, f.delivered(a, b, start, end), "n" + a + " -> n" + b);
                }
            }
        }
    }

    // ------------------------------------------------------------------ nodes

    /** Node 1 appends {@code data} to its log, as a request handled before the next one is submitted. */
    private static void append(Fixture f, String data, boolean sync) {
        f.sim.submit(1, new Append(data, sync));
        f.sim.run();
    }

    @Test
    void killTakesTheNodeDownKeepsUnsyncedWritesAndRevertRestartsIt() {
        Fixture f = Fixture.five(42);
        f.sim.submit(1, new Append("unsynced", false));
        f.runTo(A);
        Fault kill = new Fault.Kill(1);
        f.apply(kill);
        assertTrue(f.sim.isCrashed(1));
        assertEquals("unsynced", Chatter.log(f.sim.storage(1)));
        f.runTo(R);
        for (int other : List.of(0, 2, 3, 4)) {
            assertEquals(0, f.arrived(other, 1, A, R), "n1 hears nothing while down");
            assertEquals(0, f.delivered(1, other, A, R), "n1 says nothing while down");
        }
        after(f, kill);
        assertTrue(f.sim.isUp(1));
        assertEquals(2, f.rec.starts(1));
        assertEquals(2, f.node(1).bootsFromStorage);
        assertEquals("unsynced", Chatter.log(f.sim.storage(1)));
        assertEquals(TICKS, f.delivered(0, 1, R, END));
        assertTrue(f.delivered(1, 0, R, END) > 0);
    }

    @Test
    void killKeepsUnsyncedWritesOnEverySeed() {
        for (long seed = 1; seed <= 30; seed++) {
            Fixture f = Fixture.chatters(seed, 2, Fixture.ONE_MS, 0);
            append(f, "a.", true);
            append(f, "b.", false);
            append(f, "c.", false);
            f.apply(new Fault.Kill(1));
            assertEquals("a.b.c.", Chatter.log(f.sim.storage(1)), "seed " + seed);
        }
    }

    @Test
    void powerLossKeepsSyncedWritesAndLosesUnsyncedOnesOnSomeSeeds() {
        int lost = 0;
        for (long seed = 1; seed <= 30; seed++) {
            Fixture f = Fixture.chatters(seed, 2, Fixture.ONE_MS, 0);
            append(f, "a.", true);
            append(f, "b.", false);
            append(f, "c.", false);
            Fault loss = new Fault.PowerLoss(1);
            f.apply(loss);
            assertTrue(f.sim.isCrashed(1));
            String log = Chatter.log(f.sim.storage(1));
            assertTrue(log.startsWith("a."), "seed " + seed + " lost a synced write: '" + log + "'");
            lost += log.length() < "a.b.c.".length() ? 1 : 0;
            f.revert(loss);
            assertTrue(f.sim.isUp(1));
        }
        assertTrue(lost > 0, "no seed of 30 lost an unsynced write");
    }

    @Test
    void burstKillTakesSeveralNodesDownAtOnceAndRevertRestartsThemAll() {
        Fault burst = new Fault.BurstKill(List.of(1, 3));
        Fixture f = Fixture.five(42);
        f.runTo(A);
        f.apply(burst);
        List<String> crashed = f.sim.lastEvents(8).stream().filter(e -> e.kind() == TraceKind.CRASH).map(TraceEvent::node).toList();
        assertEquals(List.of("n1", "n3"), crashed, "both crashed at the same step");
        f.runTo(R);
        assertTrue(f.sim.isCrashed(1) && f.sim.isCrashed(3));
        assertTrue(f.sim.isUp(0) && f.sim.isUp(2) && f.sim.isUp(4));
        assertEquals(0, f.arrived(0, 3, A, R));
        after(f, burst);
        assertTrue(f.sim.isUp(1) && f.sim.isUp(3));
        assertEquals(2, f.rec.starts(1));
        assertEquals(2, f.rec.starts(3));
        assertEquals(TICKS, f.delivered(0, 3, R, END));
    }

    @Test
    void restartBouncesTheNodeWhichRebuildsItsStateFromStorage() {
        Fixture f = Fixture.five(42);
        f.sim.submit(1, new Append("unsynced", false));
        f.runTo(A);
        Chatter before = f.node(1);
        f.apply(new Fault.Restart(1));
        f.runTo(A + MS);
        assertTrue(f.sim.isUp(1));
        assertTrue(f.node(1) != before, "a new incarnation");
        assertEquals(2, f.rec.starts(1), "onStart ran again");
        assertEquals(2, f.node(1).bootsFromStorage);
        assertEquals("unsynced", Chatter.log(f.sim.storage(1)));
        assertTrue(f.faults().active().isEmpty(), "a restart is instantaneous");
        f.runTo(R);
        assertEquals(TICKS, f.delivered(0, 1, A, R));
        assertTrue(f.delivered(1, 0, A, R) >= TICKS - 1);
    }

    @Test
    void pauseHoldsInputsThatArriveLateAfterRevert() {
        Fault pause = new Fault.Pause(1);
        Fixture f = during(pause);
        assertTrue(f.sim.isPaused(1));
        for (int other : List.of(0, 2, 3, 4)) {
            assertEquals(0, f.arrived(other, 1, A, R), "n1 handles nothing while paused");
            assertEquals(0, f.delivered(1, other, A, R), "n1's timers wait");
        }
        after(f, pause);
        assertTrue(f.sim.isUp(1));
        List<Received> late = f.rec.sentBetween(0, 1, A, R);
        assertEquals(TICKS, late.size(), "nothing sent to the paused node was lost");
        assertTrue(late.stream().allMatch(r -> r.receivedAtNanos() >= R), "all delivered after the resume");
        assertEquals(1, f.rec.starts(1), "a pause is not a restart");
        assertEquals(TICKS, f.delivered(0, 1, R, END));
    }

    @Test
    void diskFullMakesWritesThrowUntilReverted() {
        Fixture f = Fixture.five(42);
        f.runTo(A);
        Fault full = new Fault.DiskFull(1);
        f.apply(full);
        Call refused = f.sim.submit(1, new Append("x", false));
        f.runTo(A + MS);
        assertEquals("disk full", refused.value());
        assertTrue(f.sim.isDiskFull(1));
        f.revert(full);
        Call accepted = f.sim.submit(1, new Append("y", false));
        f.runTo(A + 2 * MS);
        assertEquals("written", accepted.value());
        assertEquals("y", Chatter.log(f.sim.storage(1)));
    }

    // ------------------------------------------------------------------ partitions

    private static void assertPartitionEffectAndRevert(Fault.Partition p) {
        Fixture f = during(p);
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                if (a != b) {
                    String link = "n" + a + " -> n" + b;
                    if (p.separates(a, b)) {
                        assertEquals(0, f.delivered(a, b, A, R), link + " crosses the partition");
                        assertEquals(0, f.arrived(a, b, A, R), link + " crosses the partition");
                        assertEquals(TICKS, f.network().dropped(a, b), link + " counts its drops");
                    } else {
                        assertEquals(TICKS, f.delivered(a, b, A, R), link + " is not cut");
                    }
                }
            }
        }
        after(f, p);
        assertAllLinksWork(f, R, END);
    }

    @Test
    void partitionPairCutsTwoNodesApartBothWays() {
        Fault.Partition p = new Fault.Partition("partition-pair", List.of(List.of(0), List.of(1)));
        assertTrue(p.separates(0, 1) && p.separates(1, 0) && !p.separates(0, 2));
        assertPartitionEffectAndRevert(p);
    }

    @Test
    void partitionSubsetLeavesNodesInNoGroupConnectedToEveryone() {
        Fault.Partition p = new Fault.Partition("partition-subset", List.of(List.of(0, 1), List.of(2, 3)));
        for (int n = 0; n < 4; n++) {
            assertFalse(p.separates(4, n));
        }
        assertPartitionEffectAndRevert(p);
    }

    @Test
    void partitionHalvesCutsEveryLinkBetweenTheHalves() {
        assertPartitionEffectAndRevert(new Fault.Partition("partition-halves", List.of(List.of(0, 1), List.of(2, 3, 4))));
    }

    @Test
    void isolateCutsOneNodeFromAllOthers() {
        assertPartitionEffectAndRevert(new Fault.Partition("isolate", List.of(List.of(2), List.of(0, 1, 3, 4))));
    }

    @Test
    void majoritiesRingLetsEveryNodeReachADifferentMajority() {
        List<Integer> ring = List.of(3, 0, 4, 1, 2);
        Fault ringFault = new Fault.MajoritiesRing(ring);
        Fixture f = during(ringFault);
        Set<Set<Integer>> seen = new HashSet<>();
        for (int n = 0; n < 5; n++) {
            Set<Integer> heard = new TreeSet<>(List.of(n));
            for (int other = 0; other < 5; other++) {
                if (other != n && f.delivered(other, n, A, R) > 0) {
                    heard.add(other);
                }
            }
            int at = ring.indexOf(n);
            Set<Integer> neighbours = new TreeSet<>(List.of(ring.get((at + 4) % 5), n, ring.get((at + 1) % 5)));
            assertEquals(neighbours, heard, "n" + n + " hears itself and its ring neighbours: a majority of 3");
            seen.add(heard);
        }
        assertEquals(5, seen.size(), "no two nodes reach the same majority");
        after(f, ringFault);
        assertAllLinksWork(f, R, END);
    }

    @Test
    void majoritiesRingNeedsFourNodes() {
        assertThrows(IllegalArgumentException.class, () -> new Fault.MajoritiesRing(List.of(0, 1, 2)));
    }

    @Test
    void oneWayPartitionSilencesFromTowardsToButNotTheReverse() {
        Fault oneWay = new Fault.OneWay(0, 1);
        Fixture f = during(oneWay);
        assertEquals(0, f.delivered(0, 1, A, R), "n1 no longer hears n0");
        assertEquals(TICKS, f.delivered(1, 0, A, R), "n0 still hears n1");
        assertEquals(TICKS, f.delivered(0, 2, A, R));
        assertEquals(TICKS, f.delivered(2, 1, A, R));
        after(f, oneWay);
        assertEquals(TICKS, f.delivered(0, 1, R, END));
        assertEquals(TICKS, f.delivered(1, 0, R, END));
    }

    @Test
    void overlappingPartitionsKeepASharedLinkCutUntilBothRevert() {
        Fault pair = new Fault.Partition("partition-pair", List.of(List.of(0), List.of(1)));
        Fault halves = new Fault.Partition("partition-halves", List.of(List.of(0, 2), List.of(1, 3, 4)));
        Fixture f = Fixture.five(42);
        f.runTo(A);
        f.apply(pair);
        f.apply(halves);
        f.runTo(R);
        f.revert(pair);
        f.runTo(END);
        assertEquals(0, f.delivered(0, 1, R, END), "still cut by the halves");
        assertEquals(0, f.delivered(1, 0, R, END), "still cut by the halves");
        assertEquals(TICKS, f.delivered(0, 2, R, END));
        assertTrue(f.network().isCut(0, 1));
        f.revert(halves);
        f.runTo(END + 1_000 * MS);
        assertEquals(TICKS, f.delivered(0, 1, END, END + 1_000 * MS));
        assertEquals(TICKS, f.delivered(1, 3, END, END + 1_000 * MS));
    }

    // ------------------------------------------------------------------ links

    @Test
    void flappingLinkAlternatesCutAndUpPeriodsBothWays() {
        Fault flap = new Fault.FlappingLink(0, 1, 100 * MS);
        Fixture f = during(flap);
        for (int k = 0; k < 10; k++) {
            long from = A + k * 100 * MS;
            long to = from + 100 * MS;
            int expected = k % 2 == 0 ? 0 : 10;
            assertEquals(expected, f.delivered(0, 1, from, to), "period " + k + (k % 2 == 0 ? " (down)" : " (up)"));
            assertEquals(expected, f.delivered(1, 0, from, to), "period " + k + (k % 2 == 0 ? " (down)" : " (up)"));
        }
        assertEquals(TICKS, f.delivered(0, 2, A, R));
        after(f, flap);
        assertEquals(TICKS, f.delivered(0, 1, R, END));
        assertEquals(TICKS, f.delivered(1, 0, R, END));
    }

    @Test
    void slowLinkAddsItsDelayBothWays() {
        Fault slow = new Fault.SlowLink(0, 1, 50 * MS);
        Fixture f = during(slow);
        after(f, slow);
        for (int[] link : new int[][] {{0, 1}, {1, 0}}) {
            List<Received> slowed = f.rec.sentBetween(link[0], link[1], A, R);
            assertEquals(TICKS, slowed.size());
            assertTrue(slowed.stream().allMatch(r -> r.latencyNanos() == 51 * MS));
            assertTrue(f.rec.sentBetween(link[0], link[1], R, END).stream().allMatch(r -> r.latencyNanos() == MS));
        }
        assertTrue(f.rec.sentBetween(0, 2, A, R).stream().allMatch(r -> r.latencyNanos() == MS));
    }

    @Test
    void lossyLinkLosesAboutItsShareOfMessagesBothWays() {
        Fault lossy = new Fault.LossyLink(0, 1, 0.5);
        Fixture f = during(lossy);
        int got = f.delivered(0, 1, A, R) + f.delivered(1, 0, A, R);
        assertTrue(got > 60 && got < 140, got + " of 200 delivered at 50% loss");
        assertEquals(TICKS, f.delivered(0, 2, A, R));
        assertEquals(200 - got, f.network().dropsByReason().get(Network.LOST));
        after(f, lossy);
        assertEquals(TICKS, f.delivered(0, 1, R, END));
        assertEquals(TICKS, f.delivered(1, 0, R, END));
    }

    @Test
    void duplicatingLinkDeliversTwiceBothWaysUntilReverted() {
        Fault dup = new Fault.DuplicatingLink(0, 1, 1.0);
        Fixture f = during(dup);
        assertEquals(2 * TICKS, f.delivered(0, 1, A, R));
        assertEquals(2 * TICKS, f.delivered(1, 0, A, R));
        assertEquals(TICKS, f.network().duplicated(0, 1));
        assertEquals(TICKS, f.delivered(0, 2, A, R));
        after(f, dup);
        assertEquals(TICKS, f.delivered(0, 1, R, END));
        assertEquals(TICKS, f.network().duplicated(0, 1));
    }

    @Test
    void connectionResetDropsWhatIsInFlightAndLetsLaterMessagesThrough() {
        Fixture f = Fixture.chatters(42, 3, new LinkConfig(new Latency.Fixed(10 * MS), 0, 0, false), 0);
        f.runTo(MS);
        f.sim.submit(0, new Burst(1, 5));
        f.sim.submit(1, new Burst(0, 5));
        f.sim.submit(0, new Burst(2, 5));
        f.runTo(6 * MS);
        f.apply(new Fault.ConnectionReset(0, 1));
        f.sim.submit(0, new Burst(1, 3));
        f.sim.run();
        assertEquals(3, f.rec.between(0, 1).size(), "only the pings sent after the reset");
        assertTrue(f.rec.between(0, 1).stream().allMatch(r -> r.sentAtNanos() == 6 * MS));
        assertEquals(0, f.rec.between(1, 0).size(), "in flight the other way: lost too");
        assertEquals(5, f.rec.between(0, 2).size(), "other links unaffected");
        assertEquals(10L, f.network().dropsByReason().get(Network.RESET));
        assertTrue(f.faults().active().isEmpty(), "a reset is instantaneous");
    }

    // ------------------------------------------------------------------ clocks

    @Test
    void clockSkewOffsetsTheNodesClockUntilReverted() {
        for (long skew : new long[] {300 * MS, -300 * MS}) {
            Fault f1 = new Fault.ClockSkew(1, skew);
            Fixture f = during(f1);
            assertEquals(skew, f.sim.localTime(1) - f.sim.now());
            assertEquals(0, f.sim.localTime(0) - f.sim.now());
            List<Received> seen = f.rec.received(r -> r.to() == 1 && r.receivedAtNanos() > A && r.receivedAtNanos() < R);
            assertFalse(seen.isEmpty());
            assertTrue(seen.stream().allMatch(r -> r.localNanos() - r.receivedAtNanos() == skew), "ctx.now() is skewed");
            after(f, f1);
            assertEquals(0, f.sim.localTime(1) - f.sim.now());
        }
    }

    @Test
    void clockDriftChangesTheClocksRateUntilReverted() {
        Fault drift = new Fault.ClockDrift(1, 100_000); // 10% fast
        Fixture f = Fixture.five(42);
        f.runTo(A);
        long localAtApply = f.sim.localTime(1);
        f.apply(drift);
        f.runTo(R);
        assertEquals(1_100 * MS, f.sim.localTime(1) - localAtApply, "a second of true time reads 1.1 s");
        int ticks = f.delivered(1, 0, A, R);
        assertTrue(ticks >= 109 && ticks <= 111, "a fast clock fires its 10 ms timer about 110 times a second: " + ticks);
        long localAtRevert = f.sim.localTime(1);
        after(f, drift);
        assertEquals(1_000 * MS, f.sim.localTime(1) - localAtRevert);
        int after = f.delivered(1, 0, R + 10 * MS, END);
        assertTrue(after >= 98 && after <= 100, "true rate again: " + after);
    }

    @Test
    void clockJumpStepsTheClockForwardOrBackAtOnce() {
        for (long delta : new long[] {2_000 * MS, -2_000 * MS}) {
            Fixture f = Fixture.five(42);
            f.runTo(A);
            long before = f.sim.localTime(1);
            f.apply(new Fault.ClockJump(1, delta));
            assertEquals(before + delta, f.sim.localTime(1));
            assertTrue(f.faults().active().isEmpty(), "a jump is instantaneous");
            f.runTo(R);
            List<Received> seen = f.rec.received(r -> r.to() == 1 && r.receivedAtNanos() > A);
            assertTrue(seen.stream().allMatch(r -> r.localNanos() - r.receivedAtNanos() == delta));
            f.faults().revertAll();
            assertEquals(f.sim.now(), f.sim.localTime(1), "the heal resets the clock");
        }
    }
}
