package dev.dst.cluster;

import dev.dst.fault.Fault;
import dev.dst.nemesis.Nemesis;
import dev.dst.nemesis.NemesisPlan;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import dev.dst.testnodes.Chatter;
import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Recorder;
import dev.dst.trace.TraceKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.dst.testnodes.Fixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ClusterTest {

    @Test
    void healRevertsEveryActiveFaultAndResetsClocks() {
        Fixture f = Fixture.five(11);
        f.runTo(500 * MS);
        f.apply(new Fault.Partition("partition-halves", List.of(List.of(0, 1), List.of(2, 3, 4))));
        f.apply(new Fault.Kill(1));
        f.apply(new Fault.Pause(2));
        f.apply(new Fault.DiskFull(3));
        f.apply(new Fault.ClockSkew(4, 700 * MS));
        f.apply(new Fault.ClockDrift(0, 30_000));
        f.apply(new Fault.ClockJump(3, -900 * MS));
        f.apply(new Fault.SlowLink(0, 4, 200 * MS));
        f.runTo(1_000 * MS);
        f.cluster.healAndAwait("every node up", () -> List.of(0, 1, 2, 3, 4).stream().allMatch(f.sim::isUp), Duration.ofSeconds(1));
        assertTrue(f.faults().active().isEmpty());
        for (int n = 0; n < 5; n++) {
            assertTrue(f.sim.isUp(n));
            assertEquals(f.sim.now(), f.sim.localTime(n), "n" + n + "'s clock reads true time");
            assertEquals(0, f.sim.clock(n).driftPpm());
            for (int m = 0; m < 5; m++) {
                assertFalse(m != n && f.network().isCut(n, m));
            }
        }
        assertFalse(f.sim.isDiskFull(3));
        long healed = f.sim.now();
        f.runFor(100 * MS);
        assertTrue(f.rec.sentBetween(0, 4, healed, f.sim.now()).stream().allMatch(r -> r.latencyNanos() == MS), "slow link healed");
    }

    @Test
    void healAndAwaitReturnsOnceTheConditionHolds() {
        Fixture f = Fixture.five(11);
        f.runTo(500 * MS);
        f.apply(new Fault.Partition("isolate", List.of(List.of(0), List.of(1, 2, 3, 4))));
        f.runTo(1_000 * MS);
        long healedAt = f.sim.now();
        f.cluster.healAndAwait("n0 hears n1", () -> !f.rec.sentBetween(1, 0, healedAt, Long.MAX_VALUE).isEmpty(), Duration.ofSeconds(5));
        assertNull(f.sim.failure());
        assertTrue(f.sim.now() <= healedAt + 20 * MS, "returns as soon as it holds, not at the deadline: " + f.sim.now());
        assertEquals(1, f.rec.sentBetween(1, 0, healedAt, Long.MAX_VALUE).size());
    }

    @Test
    void healAndAwaitFailsAsALivenessViolationNamingThePropertyAndTheState() {
        Fixture f = Fixture.five(11);
        f.runTo(500 * MS);
        f.sim.crash(2); // by the test, not a fault: the heal does not restart it
        f.apply(new Fault.Pause(3));
        SimulationFailure e = assertThrows(SimulationFailure.class,
                () -> f.cluster.healAndAwait("n2 answers", () -> f.sim.isUp(2), Duration.ofSeconds(2)));
        Violation v = e.violation();
        assertEquals(Violation.Kind.LIVENESS, v.kind());
        assertEquals("n2 answers", v.name());
        assertEquals(2_500 * MS, v.simTimeNanos(), "fails at the deadline");
        assertTrue(v.detail().contains("not reached within 2.000000s of the heal at 0.500000s"), v.detail());
        assertTrue(v.detail().contains("n2 crashed"), v.detail());
        assertTrue(v.detail().contains("n3 up"), "the heal resumed n3: " + v.detail());
        assertTrue(v.detail().contains("network sent "), v.detail());
        assertTrue(e.getMessage().contains("liveness 'n2 answers' not reached"), e.getMessage());
        assertSame(e, f.sim.failure());
        assertEquals(v, f.sim.report().violation());
    }

    @Test
    void theBuilderNamesServersAndClientsAndGivesClientsTheServers() {
        Simulation sim = Simulation.create(5);
        Recorder rec = new Recorder(sim);
        List<List<Integer>> seenServers = new ArrayList<>();
        Cluster c = Cluster.on(sim)
                .nodes(3, ctx -> new Chatter(ctx, rec, List.of(), 0))
                .clients(2, (i, servers) -> {
                    seenServers.add(servers);
                    return ctx -> new Chatter(ctx, rec, List.of(), 0);
                })
                .build();
        assertEquals(List.of(0, 1, 2), c.nodes());
        assertEquals(List.of(3, 4), c.clients());
        assertEquals(List.of("n0", "n1", "n2", "c0", "c1"), List.of(0, 1, 2, 3, 4).stream().map(sim::nodeName).toList());
        assertEquals(List.of(List.of(0, 1, 2), List.of(0, 1, 2)), seenServers);
        assertSame(c.network(), c.world().network());
        assertEquals(NemesisPlan.EMPTY, c.plan(), "no nemesis by default");
    }

    @Test
    void aGeneratedPlanIsScheduledAsTestActionsThatShowInTheTrace() {
        Simulation sim = Simulation.create(21);
        Recorder rec = new Recorder(sim);
        Cluster c = Cluster.on(sim)
                .nodes(5, ctx -> new Chatter(ctx, rec, List.of(), 0))
                .nemesis(Nemesis.partition())
                .faultPhase(Duration.ofSeconds(3))
                .build();
        NemesisPlan.Step first = c.plan().steps().get(0);
        sim.runForNanos(first.atNanos());
        String label = "apply " + first.fault().toText(c.world());
        assertTrue(sim.lastEvents(8).stream().anyMatch(e -> e.kind() == TraceKind.ACTION && label.equals(e.detail())),
                "no action '" + label + "' in " + sim.lastEvents(8));
        assertTrue(c.faults().isActive(first.fault()));
        c.runFaultPhase();
        assertEquals(c.plan().applications(), c.faults().stats().stream().mapToLong(s -> s.applied()).sum());
    }

    @Test
    void theSameSeedGeneratesTheSamePlan() {
        NemesisPlan[] plans = new NemesisPlan[2];
        for (int i = 0; i < 2; i++) {
            Simulation sim = Simulation.create(99);
            Recorder rec = new Recorder(sim);
            plans[i] = Cluster.on(sim).nodes(5, ctx -> new Chatter(ctx, rec, List.of(), 0)).nemesis(Nemesis.combined()).build().plan();
        }
        assertNotNull(plans[0]);
        assertTrue(plans[0].applications() > 0);
        assertEquals(plans[0], plans[1]);
    }

    @Test
    void noPlannedFaultFiresAfterTheHeal() {
        Simulation sim = Simulation.create(23);
        Recorder rec = new Recorder(sim);
        List<Integer> all = Fixture.range(3);
        Cluster c = Cluster.on(sim)
                .nodes(3, ctx -> new Chatter(ctx, rec, all, 10 * MS))
                .plan("""
                        dst-plan 1
                        0.5s apply kill n1
                        2.5s revert kill n1
                        3s apply isolate n0 | n1,n2
                        """)
                .faultPhase(Duration.ofSeconds(4))
                .build();
        sim.runFor(Duration.ofSeconds(1));
        c.healAndAwait("n1 is up", () -> sim.isUp(1), Duration.ofSeconds(1));
        sim.runFor(Duration.ofSeconds(5));
        assertTrue(c.faults().active().isEmpty(), "still in force: " + c.faults().active());
        assertTrue(sim.isUp(1));
        assertFalse(c.network().isCut(0, 1));
        assertEquals(1, c.faults().stats().stream().mapToLong(s -> s.applied()).sum(), "only the kill before the heal");
    }
}
