package dev.dst.hosted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.sim.Simulation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The clock, randomness and messages a host gives an existing component. */
final class HostTest {
    private static final long MS = 1_000_000L;

    /** A component that keeps its host, as existing code keeps what it was given. */
    record Kept(Host host, List<String> got) {}

    private static int add(Simulation sim, String name) {
        return sim.addNode(name, HostedNode.of(host -> {
            Kept k = new Kept(host, new ArrayList<>());
            host.onMessage((from, m) -> k.got.add(sim.nodeName(from) + ":" + m));
            return k;
        }));
    }

    private static Kept kept(Simulation sim, int id) {
        return HostedNode.component(sim, id, Kept.class);
    }

    @Test
    void theClockIsTheNodesWallClockOnTheCalendarFromTheEpoch() {
        Simulation sim = Simulation.create(1);
        int n = add(sim, "n");
        sim.runFor(Duration.ofMillis(1500));
        Clock clock = kept(sim, n).host().clock();
        assertEquals(SimClock.EPOCH.plusMillis(1500), clock.instant());
        assertEquals(SimClock.EPOCH.toEpochMilli() + 1500, clock.millis());
        InstantSource source = clock;
        assertEquals(clock.instant(), source.instant());
        assertEquals(ZoneId.of("Europe/Paris"), clock.withZone(ZoneId.of("Europe/Paris")).getZone());
    }

    @Test
    void theClockFollowsSkewDriftAndJumpsButNanoTimeDoesNotJump() {
        Simulation sim = Simulation.create(1);
        int n = add(sim, "n");
        Host host = kept(sim, n).host();
        sim.setClockOffset(n, 250 * MS);
        assertEquals(SimClock.EPOCH.plusMillis(250), host.clock().instant());
        sim.setClockDrift(n, 1000); // +1000 ppm: a millisecond gained per second
        long monoBefore = host.nanoTime().getAsLong();
        sim.runFor(Duration.ofSeconds(1));
        assertEquals(SimClock.EPOCH.plusMillis(250 + 1000 + 1), host.clock().instant());
        assertEquals(1001 * MS, host.nanoTime().getAsLong() - monoBefore, "drift applies to the monotonic clock too");
        long mono = host.nanoTime().getAsLong();
        sim.jumpClock(n, -5000 * MS);
        assertEquals(SimClock.EPOCH.plusMillis(250 + 1001 - 5000), host.clock().instant(), "the wall clock jumps back");
        assertEquals(mono, host.nanoTime().getAsLong(), "the monotonic clock does not");
    }

    private static List<Long> draws(long seed, String node) {
        Simulation sim = Simulation.create(seed);
        add(sim, "a");
        add(sim, "b");
        Random r = kept(sim, node.equals("a") ? 0 : 1).host().random();
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(r.nextLong());
            out.add((long) r.nextInt(10));
        }
        return out;
    }

    @Test
    void randomnessComesFromTheSeedAndEachNodesOwnStream() {
        assertEquals(draws(7, "a"), draws(7, "a"));
        assertNotEquals(draws(7, "a"), draws(8, "a"));
        assertNotEquals(draws(7, "a"), draws(7, "b"));
    }

    @Test
    void boundedDrawsStayInBoundsAndTheRandomCannotBeReseeded() {
        Simulation sim = Simulation.create(3);
        Random r = kept(sim, add(sim, "n")).host().random();
        RandomGenerator g = r;
        for (int i = 0; i < 1000; i++) {
            int v = r.nextInt(7);
            assertTrue(v >= 0 && v < 7, "" + v);
            long w = g.nextLong(-5, 5);
            assertTrue(w >= -5 && w < 5, "" + w);
            double d = r.nextDouble();
            assertTrue(d >= 0 && d < 1, "" + d);
            int x = r.nextInt(3, 4);
            assertEquals(3, x);
        }
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> r.setSeed(1));
        assertTrue(e.getMessage().contains("cannot be reseeded"), e.getMessage());
    }

    @Test
    void messagesGoThroughTheSimulatedNetworkToTheRegisteredHandler() {
        Simulation sim = Simulation.create(1);
        int a = add(sim, "a");
        int b = add(sim, "b");
        sim.runFor(Duration.ofMillis(1));
        kept(sim, a).host().executor().execute(() -> kept(sim, a).host().send(b, "hello"));
        sim.runFor(Duration.ofMillis(10));
        assertEquals(List.of("a:hello"), kept(sim, b).got());
    }

    @Test
    void aMessageIsCopiedWhenSentSoNodesNeverShareAnObject() {
        Simulation sim = Simulation.create(1);
        List<Object> got = new ArrayList<>();
        int a = add(sim, "a");
        sim.addNode("b", HostedNode.of(host -> {
            host.onMessage((from, m) -> got.add(m));
            return "b";
        }));
        sim.runFor(Duration.ofMillis(1));
        List<String> sent = new ArrayList<>(List.of("x"));
        kept(sim, a).host().executor().execute(() -> {
            kept(sim, a).host().send(1, sent);
            sent.add("changed after sending");
        });
        sim.runFor(Duration.ofMillis(10));
        assertEquals(List.of(List.of("x")), got);
        assertTrue(got.get(0) != sent, "a fresh object");
    }

    @Test
    void aMessageTheCodecCannotEncodeFailsTheRunNamingTheField() {
        record Holder(Thread thread) {}
        Simulation sim = Simulation.create(1);
        int a = add(sim, "a");
        add(sim, "b");
        sim.runFor(Duration.ofMillis(1));
        kept(sim, a).host().executor().execute(() -> kept(sim, a).host().send(1, new Holder(Thread.currentThread())));
        AssertionError f = assertThrows(AssertionError.class, () -> sim.runFor(Duration.ofMillis(10)));
        assertTrue(String.valueOf(f.getCause()).contains("Holder.thread"), String.valueOf(f.getCause()));
    }

    @Test
    void aMessageToANodeWithoutAHandlerSaysSo() {
        Simulation sim = Simulation.create(1);
        int a = add(sim, "a");
        sim.addNode("silent", HostedNode.of(host -> "no handler"));
        sim.runFor(Duration.ofMillis(1));
        kept(sim, a).host().executor().execute(() -> kept(sim, a).host().send(1, "hello"));
        AssertionError f = assertThrows(AssertionError.class, () -> sim.runFor(Duration.ofMillis(10)));
        assertTrue(String.valueOf(f.getCause()).contains("registered no handler (host.onMessage)"), String.valueOf(f.getCause()));
    }

    @Test
    void theSetupMayNotReturnNull() {
        Simulation sim = Simulation.create(1);
        AssertionError f = assertThrows(AssertionError.class, () -> sim.addNode("n", HostedNode.of(host -> null)));
        assertTrue(String.valueOf(f.getCause()).contains("the setup of n returned null"), String.valueOf(f.getCause()));
    }

    @Test
    void componentRefusesANodeThatIsNotHosted() {
        Simulation sim = Simulation.create(1);
        sim.addNode("plain", ctx -> new dev.dst.node.Node() {});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostedNode.component(sim, 0, Object.class));
        assertTrue(e.getMessage().contains("plain is not a HostedNode"), e.getMessage());
    }

    @Test
    void anInstantFromTheClockIsNotTheRealTime() {
        Simulation sim = Simulation.create(1);
        Clock clock = kept(sim, add(sim, "n")).host().clock();
        assertTrue(clock.instant().isBefore(Instant.parse("2026-01-02T00:00:00Z")));
    }
}
