package dev.dst.net;

import dev.dst.testnodes.Chatter.Burst;
import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Recorder.Received;
import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.dst.testnodes.Fixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class NetworkTest {
    private static final int MESSAGES = 1_000;

    /** Node 0 sends {@code count} pings to node 1 at t=0 over links of {@code config}; runs until quiet. */
    private static Fixture burst(long seed, LinkConfig config, int count) {
        Fixture f = Fixture.chatters(seed, 2, config, 0);
        f.sim.submit(0, new Burst(1, count));
        f.sim.run();
        return f;
    }

    private static long[] latencies(Fixture f) {
        return f.rec.between(0, 1).stream().mapToLong(Received::latencyNanos).toArray();
    }

    private static long distinct(long[] values) {
        return Arrays.stream(values).distinct().count();
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    @Test
    void fixedLatencyDelaysEveryMessageByExactlyThatMuch() {
        long[] l = latencies(burst(1, LinkConfig.DEFAULT.withLatency(new Latency.Fixed(3 * MS)), 100));
        assertEquals(100, l.length);
        assertEquals(1, distinct(l));
        assertEquals(3 * MS, l[0]);
    }

    @Test
    void uniformLatencyIsDrawnPerMessageWithinItsBounds() {
        long[] l = latencies(burst(2, LinkConfig.DEFAULT.withLatency(new Latency.Uniform(2 * MS, 6 * MS)), MESSAGES));
        assertEquals(MESSAGES, l.length);
        for (long v : l) {
            assertTrue(v >= 2 * MS && v <= 6 * MS, "latency " + v + " outside [2ms, 6ms]");
        }
        assertTrue(distinct(l) > MESSAGES / 2, "drawn per message: " + distinct(l) + " distinct values");
        assertEquals(4 * MS, mean(l), 0.25 * MS);
    }

    @Test
    void exponentialLatencyIsAtLeastItsMinimumWithTheConfiguredMean() {
        long[] l = latencies(burst(3, LinkConfig.DEFAULT.withLatency(new Latency.Exponential(1 * MS, 5 * MS)), MESSAGES));
        for (long v : l) {
            assertTrue(v >= MS, "latency " + v + " below the 1ms minimum");
        }
        assertTrue(distinct(l) > MESSAGES / 2);
        assertEquals(5 * MS, mean(l), 0.5 * MS);
    }

    @Test
    void paretoLatencyIsLongTailedBetweenItsMinimumAndCap() {
        long[] l = latencies(burst(4, LinkConfig.DEFAULT.withLatency(new Latency.Pareto(MS, 1.5, 40 * MS)), MESSAGES));
        long tail = Arrays.stream(l).filter(v -> v > 3 * MS).count();
        long nearMin = Arrays.stream(l).filter(v -> v < 2 * MS).count();
        for (long v : l) {
            assertTrue(v >= MS && v <= 40 * MS, "latency " + v + " outside [1ms, 40ms]");
        }
        assertTrue(distinct(l) > MESSAGES / 2);
        assertTrue(nearMin > MESSAGES / 2, "most messages take about the minimum: " + nearMin);
        assertTrue(tail > MESSAGES / 20, "a few take far longer: " + tail); // P(X > 3 min) = 3^-1.5 ~ 0.19
    }

    @Test
    void latencyParametersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Latency.Uniform(5, 4));
        assertThrows(IllegalArgumentException.class, () -> new Latency.Fixed(-1));
        assertThrows(IllegalArgumentException.class, () -> new Latency.Pareto(0, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> LinkConfig.DEFAULT.withLoss(1.5));
    }

    @Test
    void lossProbabilityIsRoughlyHonoured() {
        Fixture f = burst(5, Fixture.ONE_MS.withLoss(0.3), 2_000);
        int delivered = f.rec.between(0, 1).size();
        assertTrue(delivered > 1_250 && delivered < 1_550, "delivered " + delivered + " of 2000 at 30% loss");
        assertEquals(2_000 - delivered, f.network().dropped(0, 1));
        assertEquals(Map.of(Network.LOST, 2_000L - delivered), f.network().dropsByReason());
    }

    @Test
    void duplicationDeliversTwiceAndCountsIt() {
        Fixture f = burst(6, Fixture.ONE_MS.withDuplication(1.0), 50);
        List<Received> got = f.rec.between(0, 1);
        assertEquals(100, got.size());
        assertEquals(50, got.stream().mapToLong(Received::seq).distinct().count());
        assertEquals(50, f.network().duplicated(0, 1));
        assertEquals(100, f.network().delivered(0, 1));
    }

    @Test
    void fifoLinksNeverReorder() {
        Fixture f = burst(7, LinkConfig.DEFAULT.withLatency(new Latency.Uniform(MS, 20 * MS)).withFifo(true), 300);
        long[] seqs = f.rec.between(0, 1).stream().mapToLong(Received::seq).toArray();
        assertEquals(300, seqs.length);
        for (int i = 1; i < seqs.length; i++) {
            assertTrue(seqs[i] > seqs[i - 1], "reordered at " + i);
        }
    }

    @Test
    void nonFifoLinksWithRandomLatencyReorder() {
        Fixture f = burst(7, LinkConfig.DEFAULT.withLatency(new Latency.Uniform(MS, 20 * MS)), 300);
        long[] seqs = f.rec.between(0, 1).stream().mapToLong(Received::seq).toArray();
        int inversions = 0;
        for (int i = 1; i < seqs.length; i++) {
            inversions += seqs[i] < seqs[i - 1] ? 1 : 0;
        }
        assertEquals(300, seqs.length);
        assertTrue(inversions > 0, "no message overtook another");
    }

    @Test
    void perLinkCountersAddUp() {
        Fixture f = Fixture.chatters(8, 3, LinkConfig.DEFAULT.withLoss(0.2).withDuplication(0.2), 0);
        for (int from = 0; from < 3; from++) {
            for (int to = 0; to < 3; to++) {
                if (from != to) {
                    f.sim.submit(from, new Burst(to, 100 + 10 * from + to));
                }
            }
        }
        f.sim.run();
        Network n = f.network();
        for (int from = 0; from < 3; from++) {
            for (int to = 0; to < 3; to++) {
                if (from != to) {
                    String link = from + "->" + to;
                    assertEquals(100 + 10 * from + to, n.sent(from, to), link);
                    assertEquals(n.sent(from, to) + n.duplicated(from, to), n.delivered(from, to) + n.dropped(from, to), link);
                    assertEquals(f.rec.between(from, to).size(), n.delivered(from, to), link);
                    assertTrue(n.dropped(from, to) > 0 && n.duplicated(from, to) > 0, link);
                }
            }
        }
        assertEquals(n.totalSent() + n.totalDuplicated(), n.totalDelivered() + n.totalDropped());
        assertEquals(f.sim.report().counters().get("messages.dropped"), n.totalDropped());
    }

    @Test
    void aMessageToACrashedNodeIsLost() {
        Fixture f = Fixture.chatters(9, 2, Fixture.ONE_MS, 0);
        f.sim.runFor(Duration.ofMillis(1));
        f.sim.crash(1);
        f.sim.submit(0, new Burst(1, 5));
        f.sim.run();
        f.sim.restart(1);
        f.sim.run();
        assertEquals(0, f.rec.between(0, 1).size());
        List<TraceEvent> drops = f.sim.lastEvents(256).stream()
                .filter(e -> e.kind() == TraceKind.DROP && e.detail().contains("n1 is down")).toList();
        assertEquals(5, drops.size());
    }

    @Test
    void aMessageToAPausedNodeWaitsUntilItResumesAndKeepsItsLinksOrder() {
        Fixture f = Fixture.chatters(10, 2, Fixture.ONE_MS.withFifo(true), 0);
        f.sim.runFor(Duration.ofMillis(1));
        f.sim.pause(1);
        f.sim.submit(0, new Burst(1, 5));
        f.sim.runFor(Duration.ofMillis(500));
        assertEquals(0, f.rec.between(0, 1).size());
        long resumedAt = f.sim.now();
        f.sim.resume(1);
        f.sim.run();
        List<Received> got = f.rec.between(0, 1);
        assertEquals(5, got.size());
        assertTrue(got.stream().allMatch(r -> r.receivedAtNanos() >= resumedAt));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), got.stream().map(Received::seq).toList());
    }

    @Test
    void aMessageInFlightWhenItsLinkIsCutIsLostOnArrival() {
        Fixture f = Fixture.chatters(11, 2, LinkConfig.DEFAULT.withLatency(new Latency.Fixed(10 * MS)), 0);
        f.sim.submit(0, new Burst(1, 4));
        f.sim.runFor(Duration.ofMillis(5));
        f.network().cut(0, 1);
        f.sim.run();
        assertEquals(0, f.rec.between(0, 1).size());
        assertEquals(Map.of(Network.PARTITIONED, 4L), f.network().dropsByReason());
        assertEquals(4, f.network().dropped(0, 1));
    }

    @Test
    void aMessageInFlightWhenACutHealsStillArrives() {
        Fixture f = Fixture.chatters(11, 2, LinkConfig.DEFAULT.withLatency(new Latency.Fixed(10 * MS)), 0);
        f.network().cut(1, 0);
        f.sim.submit(0, new Burst(1, 4));
        f.sim.runFor(Duration.ofMillis(5));
        f.network().heal(1, 0);
        f.sim.run();
        assertEquals(4, f.rec.between(0, 1).size(), "the other direction's cut never touched 0 -> 1");
    }

    @Test
    void aLinksOwnConfigurationOverridesTheDefaultsForThatDirectionOnly() {
        Fixture f = Fixture.chatters(12, 2, Fixture.ONE_MS, 0);
        f.network().configure(0, 1, Fixture.ONE_MS.withLatency(new Latency.Fixed(7 * MS)));
        f.sim.submit(0, new Burst(1, 3));
        f.sim.submit(1, new Burst(0, 3));
        f.sim.run();
        assertTrue(f.rec.between(0, 1).stream().allMatch(r -> r.latencyNanos() == 7 * MS));
        assertTrue(f.rec.between(1, 0).stream().allMatch(r -> r.latencyNanos() == MS));
        f.network().setDefaults(Fixture.ONE_MS.withLatency(new Latency.Fixed(3 * MS)));
        assertEquals(new Latency.Fixed(3 * MS), f.network().config(1, 0).latency());
        assertEquals(new Latency.Fixed(7 * MS), f.network().config(0, 1).latency());
    }

    @Test
    void healingALinkThatIsNotCutIsAnError() {
        Fixture f = Fixture.chatters(12, 2, Fixture.ONE_MS, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.network().heal(0, 1));
        assertEquals("link n0 -> n1 is not cut", e.getMessage());
    }
}
