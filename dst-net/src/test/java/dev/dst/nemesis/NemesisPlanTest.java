package dev.dst.nemesis;

import dev.dst.cluster.Cluster;
import dev.dst.entropy.EntropySource;
import dev.dst.fault.Fault;
import dev.dst.fault.World;
import dev.dst.sim.Simulation;
import dev.dst.testnodes.Chatter;
import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class NemesisPlanTest {
    private static final long PHASE = 10_000_000_000L;
    private static final Targets TARGETS = new Targets(List.of(0, 1, 2, 3, 4), List.of(5, 6));
    private static final World W = Fixture.chatters(1, 7, Fixture.ONE_MS, 0).world();

    private static NemesisPlan generate(Nemesis n, long seed) {
        return n.plan(EntropySource.seeded(seed).stream("nemesis"), TARGETS, PHASE);
    }

    @Test
    void aPrintedPlanParsesBackEqualForEveryPackage() {
        for (String name : Nemesis.PACKAGES) {
            for (long seed = 1; seed <= 10; seed++) {
                NemesisPlan plan = generate(Nemesis.named(name), seed);
                String text = plan.toText(W);
                assertTrue(text.startsWith("dst-plan 1\n"));
                assertEquals(plan, NemesisPlan.parse(text, W), name + " seed " + seed + ":\n" + text);
            }
        }
    }

    @Test
    void theNonePackageMakesAnEmptyPlanAndOthersDoNot() {
        assertEquals(NemesisPlan.EMPTY, generate(Nemesis.none(), 1));
        for (String name : Nemesis.PACKAGES) {
            if (!name.equals("none")) {
                assertTrue(generate(Nemesis.named(name), 1).applications() > 0, name);
            }
        }
    }

    @Test
    void anUnknownPackageListsThePackages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nemesis.named("chaos"));
        assertTrue(e.getMessage().contains("unknown fault package 'chaos'"));
        assertTrue(e.getMessage().contains(String.join(", ", Nemesis.PACKAGES)));
    }

    @Test
    void everyGeneratedPlanKeepsItsFaultsInsideThePhaseAndNeverDoublesOne() {
        for (String name : Nemesis.PACKAGES) {
            Nemesis n = Nemesis.named(name);
            int maxConcurrent = name.equals("swarm") ? 3 : 2;
            for (long seed = 1; seed <= 200; seed++) {
                NemesisPlan plan = generate(n, seed);
                assertNull(PlanChecks.problems(plan, PHASE, maxConcurrent, n.kinds()), name + " seed " + seed);
            }
        }
    }

    @Test
    void commentsAndBlankLinesAreIgnored() {
        String text = """
                # saved from seed 0x2a
                dst-plan 1

                # a partition, then a kill
                0.250000000s apply partition-halves n0,n1 | n2,n3,n4
                   # indented comment
                1.100000000s revert partition-halves n0,n1 | n2,n3,n4

                2s apply kill n3
                """;
        Fault halves = new Fault.Partition("partition-halves", List.of(List.of(0, 1), List.of(2, 3, 4)));
        NemesisPlan expected = new NemesisPlan(List.of(
                new NemesisPlan.Step(250_000_000L, NemesisPlan.Action.APPLY, halves),
                new NemesisPlan.Step(1_100_000_000L, NemesisPlan.Action.REVERT, halves),
                new NemesisPlan.Step(2_000_000_000L, NemesisPlan.Action.APPLY, new Fault.Kill(3))));
        assertEquals(expected, NemesisPlan.parse(text, W));
    }

    @Test
    void malformedLinesNameTheirLineNumber() {
        assertMessage("plan 1\n", "line 1: expected 'dst-plan 1'");
        assertMessage("# saved\n\nplan 1\n", "line 3: expected 'dst-plan 1'");
        assertMessage("", "line 1: expected 'dst-plan 1'");
        assertMessage("dst-plan 1\n# ok\n1.0s apply\n", "line 3: expected '<time>s apply|revert <fault>', got '1.0s apply'");
        assertMessage("dst-plan 1\n1.0s inject kill n1\n", "line 2: expected '<time>s apply|revert <fault>'");
        assertMessage("dst-plan 1\n\n\n1.5 apply kill n1\n", "line 4: bad time '1.5': expected seconds such as 1.250000s");
        assertMessage("dst-plan 1\n-1s apply kill n1\n", "line 2: a time must not be negative");
        assertMessage("dst-plan 1\n1s apply kill n1\n2s apply kill n42\n", "line 3: unknown node 'n42'");
        assertMessage("dst-plan 1\n1s apply melt n1\n", "line 2: unknown fault kind 'melt'");
    }

    private static void assertMessage(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NemesisPlan.parse(text, W));
        assertTrue(e.getMessage().startsWith(expected), "'" + e.getMessage() + "' does not start with '" + expected + "'");
    }

    @Test
    void stepsAreKeptInTimeOrderAndSameTimeStepsKeepTheirOrder() {
        Fault a = new Fault.Kill(1);
        Fault b = new Fault.Pause(2);
        NemesisPlan p = new NemesisPlan(List.of(
                new NemesisPlan.Step(5, NemesisPlan.Action.REVERT, a),
                new NemesisPlan.Step(1, NemesisPlan.Action.APPLY, a),
                new NemesisPlan.Step(5, NemesisPlan.Action.APPLY, b)));
        assertEquals(List.of(1L, 5L, 5L), p.steps().stream().map(NemesisPlan.Step::atNanos).toList());
        assertEquals(b, p.steps().get(2).fault());
        assertEquals(3, p.size());
        assertEquals(2, p.applications());
    }

    // ------------------------------------------------------------------ replay

    /** A run of five chatting servers and two chatting clients: fault phase, heal, one more second. */
    private static Cluster run(long seed, UnaryOperator<Cluster.Builder> plan) {
        Simulation sim = Simulation.create(seed);
        Recorder rec = new Recorder(sim);
        List<Integer> all = Fixture.range(7);
        Cluster c = plan.apply(Cluster.on(sim)
                        .nodes(5, ctx -> new Chatter(ctx, rec, all, 50 * Fixture.MS))
                        .clients(2, (i, servers) -> ctx -> new Chatter(ctx, rec, all, 50 * Fixture.MS))
                        .faultPhase(Duration.ofSeconds(5)))
                .build();
        c.runFaultPhase();
        c.healAndAwait("all servers up", () -> c.nodes().stream().allMatch(sim::isUp), Duration.ofSeconds(1));
        sim.runFor(Duration.ofSeconds(1));
        return c;
    }

    @Test
    void aPlanPrintedParsedAndReplayedGivesTheSameTraceHash() {
        for (long seed : new long[] {3, 17, 0x2a, 1001, 1002, 1003}) {
            Nemesis nemesis = seed > 1000 ? Nemesis.swarm() : Nemesis.combined();
            Cluster generated = run(seed, b -> b.nemesis(nemesis));
            assertTrue(generated.plan().applications() > 0);
            String text = generated.plan().toText(generated.world());
            NemesisPlan parsed = NemesisPlan.parse(text, generated.world());

            Cluster replayed = run(seed, b -> b.plan(parsed));
            assertEquals(generated.sim().traceHash(), replayed.sim().traceHash(), nemesis + " seed " + seed + ", plan:\n" + text);
            Cluster fromText = run(seed, b -> b.plan(text));
            assertEquals(generated.sim().traceHash(), fromText.sim().traceHash());
            assertEquals(generated.sim().report().faults(), replayed.sim().report().faults());
        }
    }

    @Test
    void theTraceHashDependsOnThePlan() {
        Cluster generated = run(3, b -> b.nemesis(Nemesis.combined()));
        Cluster withoutFaults = run(3, b -> b.plan(NemesisPlan.EMPTY));
        assertNotEquals(generated.sim().traceHash(), withoutFaults.sim().traceHash());
    }

    @Test
    void aPlanRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
        NemesisPlan plan = generate(Nemesis.swarm(), 9);
        Path file = dir.resolve("plan.txt");
        plan.write(file, W);
        assertEquals(plan, NemesisPlan.read(file, W));
    }

    @Test
    void kindsThatNeedMoreNodesThanThereAreAreLeftOut() {
        Targets one = new Targets(List.of(0), List.of());
        assertEquals(NemesisPlan.EMPTY, Nemesis.partition().plan(EntropySource.seeded(1).stream("nemesis"), one, PHASE));
        for (long seed = 1; seed <= 20; seed++) {
            NemesisPlan kill = Nemesis.kill().plan(EntropySource.seeded(seed).stream("nemesis"), one, PHASE);
            assertTrue(kill.steps().stream().noneMatch(s -> s.fault().kind().equals("burst-kill")));
            Targets four = new Targets(List.of(0, 1, 2), List.of(3));
            NemesisPlan partitions = Nemesis.partition().plan(EntropySource.seeded(seed).stream("nemesis"), four, PHASE);
            assertTrue(partitions.steps().stream().noneMatch(s -> s.fault().kind().equals("majorities-ring")), "three servers: no ring");
        }
        assertThrows(IllegalArgumentException.class, () -> new Targets(List.of(), List.of(0)));
    }

    @Test
    void aNemesisOfAnUnknownKindIsRefusedWhenMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nemesis.of("mine", List.of("kill", "partition")));
        assertTrue(e.getMessage().startsWith("unknown fault kind 'partition'; kinds: kill, power-loss"), e.getMessage());
    }
}
