package dev.dst.nemesis;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.EntropySource;
import dev.dst.fault.FaultLog;
import dev.dst.fault.FaultParser;
import dev.dst.net.LinkConfig;
import dev.dst.sim.DeterminismCheck;
import dev.dst.sim.Simulation;
import dev.dst.testnodes.Chatter;
import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Recorder;
import dev.dst.trace.Durations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acceptance: over many swarm seeds on five servers and two clients, every fault kind fires somewhere. */
final class SwarmCoverageTest {
    private static final Targets TARGETS = new Targets(List.of(0, 1, 2, 3, 4), List.of(5, 6));
    private static final long PHASE = Duration.ofSeconds(10).toNanos();

    @Test
    void swarmDrawsEveryKindButTheLatePackagesReplayingAndReversingLinks() {
        java.util.Set<String> expected = new TreeSet<>(FaultParser.KINDS);
        expected.remove("replaying-link");
        expected.remove("reversing-link");
        assertEquals(expected, new TreeSet<>(Nemesis.swarm().kinds()));
    }

    @Test
    void swarmPlansOverAThousandSeedsUseEveryFaultKind() {
        Map<String, Long> applied = new TreeMap<>();
        Map<String, Long> firstSeed = new TreeMap<>();
        Map<String, Integer> seedsWith = new TreeMap<>();
        for (long seed = 0; seed < 1_000; seed++) {
            NemesisPlan plan = Nemesis.swarm().plan(EntropySource.seeded(seed).stream("nemesis"), TARGETS, PHASE);
            assertNull(PlanChecks.problems(plan, PHASE, 3, FaultParser.KINDS), "seed " + seed);
            Set<String> kinds = new TreeSet<>();
            for (NemesisPlan.Step s : plan.steps()) {
                if (s.action() == NemesisPlan.Action.APPLY) {
                    applied.merge(s.fault().kind(), 1L, Long::sum);
                    firstSeed.putIfAbsent(s.fault().kind(), seed);
                    kinds.add(s.fault().kind());
                }
            }
            kinds.forEach(k -> seedsWith.merge(k, 1, Integer::sum));
        }
        System.out.println("swarm plans, 1000 seeds: kind = applications / seeds using it / first seed");
        applied.forEach((k, v) -> System.out.println("  " + k + " = " + v + " / " + seedsWith.get(k) + " / " + firstSeed.get(k)));
        assertEquals(new TreeSet<>(Nemesis.swarm().kinds()), applied.keySet());
    }

    @Test
    void swarmDrawsADifferentMixOfKindsPerSeed() {
        Set<Set<String>> mixes = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            NemesisPlan plan = Nemesis.swarm().plan(EntropySource.seeded(seed).stream("nemesis"), TARGETS, PHASE);
            Set<String> kinds = new TreeSet<>();
            plan.steps().forEach(s -> kinds.add(s.fault().kind()));
            mixes.add(kinds);
        }
        assertTrue(mixes.size() > 40, "only " + mixes.size() + " different mixes in 50 seeds");
    }

    @Test
    void runningAHundredSwarmSeedsFiresEveryKindAndReportsPerKindCounts() {
        Map<String, Long> applied = new TreeMap<>();
        Map<String, Long> firstSeed = new TreeMap<>();
        Map<String, Long> activeNanos = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (long seed = 0; seed < 100; seed++) {
            Simulation sim = Simulation.create(seed);
            Recorder rec = new Recorder(sim);
            List<Integer> all = Fixture.range(7);
            Cluster c = Cluster.on(sim)
                    .nodes(5, ctx -> new Chatter(ctx, rec, all, 100 * Fixture.MS))
                    .clients(2, (i, servers) -> ctx -> new Chatter(ctx, rec, all, 100 * Fixture.MS))
                    .nemesis(Nemesis.swarm())
                    .faultPhase(Duration.ofSeconds(10))
                    .build();
            c.runFaultPhase();
            long healedAt = sim.now();
            c.healAndAwait("n0 hears every node again",
                    () -> all.stream().allMatch(n -> n == 0 || !rec.received(r -> r.to() == 0 && r.from() == n && r.sentAtNanos() >= healedAt).isEmpty()),
                    Duration.ofSeconds(2));
            Map<String, Long> reported = sim.finish().faults();
            assertEquals(c.plan().applications(), c.faults().stats().stream().mapToLong(FaultLog.Stats::applied).sum(),
                    "seed " + seed + ": every planned application happened");
            for (FaultLog.Stats s : c.faults().stats()) {
                applied.merge(s.kind(), s.applied(), Long::sum);
                activeNanos.merge(s.kind(), s.activeNanos(), Long::sum);
                firstSeed.putIfAbsent(s.kind(), seed);
                if (reported.getOrDefault(s.kind(), 0L) < 1) {
                    missing.add("seed " + seed + ": " + s.kind() + " applied " + s.applied() + " but the report says " + reported);
                }
            }
        }
        System.out.println("swarm runs, 100 seeds: kind = applications / first seed / total time in force");
        applied.forEach((k, v) -> System.out.println("  " + k + " = " + v + " / " + firstSeed.get(k) + " / "
                + Durations.format(activeNanos.get(k))));
        assertEquals(new TreeSet<>(Nemesis.swarm().kinds()), applied.keySet());
        assertEquals(List.of(), missing);
    }

    @Test
    void aSwarmRunOnTheNetworkIsDeterministic() {
        for (long seed = 0; seed < 5; seed++) {
            DeterminismCheck.Result r = DeterminismCheck.check(seed, Simulation::create, sim -> {
                Recorder rec = new Recorder(sim);
                List<Integer> all = Fixture.range(7);
                Cluster c = Cluster.on(sim)
                        .links(LinkConfig.DEFAULT.withLoss(0.01).withDuplication(0.01))
                        .nodes(5, ctx -> new Chatter(ctx, rec, all, 20 * Fixture.MS))
                        .clients(2, (i, servers) -> ctx -> new Chatter(ctx, rec, all, 20 * Fixture.MS))
                        .nemesis(Nemesis.swarm())
                        .faultPhase(Duration.ofSeconds(3))
                        .build();
                c.runFaultPhase();
                c.healAndAwait("all up", () -> c.nodes().stream().allMatch(sim::isUp), Duration.ofSeconds(1));
            });
            assertTrue(r.deterministic(), r.describe());
            assertTrue(r.steps() > 1_000, "the run did something: " + r.steps() + " steps");
        }
    }
}
