package dev.dst.strategy;

import static dev.dst.testnodes.Fixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.cluster.Cluster;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sim.Simulation;
import dev.dst.testnodes.Chatter;
import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PCT-style priorities: senders delayed by rank, the order turning over at change points, gone after the fault phase. */
final class PctTest {
    private static final long PHASE_NANOS = 5_000 * MS;

    private static Simulation sim(long seed) {
        return Simulation.create(seed);
    }

    /** Four chatters on fixed 1 ms links, with pct installed for a 5 s fault phase. */
    private static Object[] cluster(long seed) {
        Simulation sim = sim(seed);
        Recorder rec = new Recorder(sim);
        List<Integer> all = Fixture.range(4);
        Cluster c = Cluster.on(sim).links(Fixture.ONE_MS).nodes(4, ctx -> new Chatter(ctx, rec, all, 0))
                .options(ScenarioOptions.defaults().withStrategy(Pct.NAME)).faultPhase(Duration.ofNanos(PHASE_NANOS)).build();
        return new Object[] {sim, c, rec};
    }

    @Test
    void eachServerIsDelayedByItsRankTimesTheUnit() {
        Simulation sim = sim(7);
        Cluster c = Cluster.on(sim).links(Fixture.ONE_MS).nodes(4, ctx -> new Chatter(ctx, new Recorder(sim), Fixture.range(4), 0)).build();
        Pct p = Pct.install(sim, c.network(), c.nodes(), PHASE_NANOS);
        assertEquals(Set.of(0, 1, 2, 3), new HashSet<>(p.order()), "a permutation of the servers");
        assertTrue(p.unitNanos() >= Pct.MIN_UNIT_NANOS && p.unitNanos() <= Pct.MAX_UNIT_NANOS, "unit " + p.unitNanos());
        for (int rank = 0; rank < 4; rank++) {
            assertEquals(rank * p.unitNanos(), c.network().senderDelay(p.order().get(rank)));
        }
    }

    @Test
    void aMessageOfTheHigherPrioritySenderArrivesFirst() {
        Object[] f = cluster(11);
        Simulation sim = (Simulation) f[0];
        Recorder rec = (Recorder) f[2];
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            order.add(n);
        }
        order.sort((a, b) -> Long.compare(((Cluster) f[1]).network().senderDelay(a), ((Cluster) f[1]).network().senderDelay(b)));
        int high = order.get(0);
        int low = order.get(3);
        int to = order.get(1);
        sim.submit(low, new Chatter.Burst(to, 1)); // the low one sends first, at the same instant
        sim.submit(high, new Chatter.Burst(to, 1));
        sim.runForNanos(1_000 * MS);
        List<Recorder.Received> got = rec.received().stream().filter(r -> r.to() == to).toList();
        assertEquals(2, got.size(), got.toString());
        assertEquals(high, got.get(0).from(), "the higher priority's message first: " + got);
        assertEquals(low, got.get(1).from());
    }

    @Test
    void theDelaysEndWithTheFaultPhase() {
        Object[] f = cluster(3);
        Simulation sim = (Simulation) f[0];
        Cluster c = (Cluster) f[1];
        long delayed = 0;
        for (int n = 0; n < 4; n++) {
            delayed += c.network().senderDelay(n);
        }
        assertTrue(delayed > 0, "some sender is delayed during the fault phase");
        sim.runForNanos(PHASE_NANOS + MS);
        for (int n = 0; n < 4; n++) {
            assertEquals(0, c.network().senderDelay(n), "after the fault phase");
        }
    }

    @Test
    void aChangePointDropsTheHighestToTheLowest() {
        for (long seed = 1; seed < 200; seed++) { // a seed with at least one change point
            Simulation sim = sim(seed);
            Cluster c = Cluster.on(sim).links(Fixture.ONE_MS).nodes(4, ctx -> new Chatter(ctx, new Recorder(sim), Fixture.range(4), 0)).build();
            Pct p = Pct.install(sim, c.network(), c.nodes(), PHASE_NANOS);
            List<Integer> before = p.order();
            String stat = String.valueOf(sim.stats().get("strategy"));
            if (stat.contains(" 0 change points")) {
                continue;
            }
            sim.runForNanos(PHASE_NANOS - 1);
            List<Integer> after = p.order();
            assertNotEquals(before, after, "the order turned over: " + stat);
            List<Integer> rotated = new ArrayList<>(before);
            rotated.add(rotated.remove(0));
            assertTrue(stat.contains(" 1 change points") ? after.equals(rotated) : new HashSet<>(after).equals(new HashSet<>(before)), after.toString());
            return;
        }
        throw new AssertionError("no seed of 1..199 drew a change point");
    }

    @Test
    void theSameSeedGivesTheSamePrioritiesAndTraceAndAnUnknownStrategyIsRefused() {
        Object[] a = cluster(21);
        Object[] b = cluster(21);
        for (int n = 0; n < 4; n++) {
            assertEquals(((Cluster) a[1]).network().senderDelay(n), ((Cluster) b[1]).network().senderDelay(n));
        }
        assertEquals(((Simulation) a[0]).stats().get("strategy"), ((Simulation) b[0]).stats().get("strategy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cluster.on(sim(1)).options(ScenarioOptions.defaults().withStrategy("bogus")));
        assertTrue(e.getMessage().contains("unknown strategy 'bogus'"), e.getMessage());
    }
}
