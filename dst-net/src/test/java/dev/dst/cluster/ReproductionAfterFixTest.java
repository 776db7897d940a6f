package dev.dst.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.nemesis.Nemesis;
import dev.dst.nemesis.NemesisPlan;
import dev.dst.nemesis.PlanReducer;
import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.node.Result;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import dev.dst.sim.Simulation;
import dev.dst.sweep.Artifacts;
import dev.dst.sweep.Replays;
import dev.dst.sweep.RunOutcome;
import dev.dst.sweep.Runner;
import dev.dst.sweep.Target;
import dev.dst.workload.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reproduction of a bug, replayed once the bug is fixed, must pass: the run goes on past the
 * recorded tape with fresh draws, so the workload does what it always does (it does not
 * degenerate into reads with no think time), and a test that gives its own plan is shrunk on
 * that plan.
 */
final class ReproductionAfterFixTest {
    /** A register that, with the bug, stores a 4 it should refuse: "the register never holds 4" breaks. */
    static final class Register implements Node {
        final boolean bug;
        Long value;

        Register(boolean bug) {
            this.bug = bug;
        }

        @Override
        public void onRequest(NodeContext ctx, Request request) {
            ClientOp op = (ClientOp) request.op();
            switch (op.f()) {
                case "read" -> ctx.reply(request, Result.ok(value));
                case "write" -> {
                    if (!bug && Long.valueOf(4).equals(op.value())) {
                        ctx.reply(request, Result.fail("4 is not allowed"));
                        return;
                    }
                    value = (Long) op.value();
                    ctx.reply(request, Result.ok(op.value()));
                }
                default -> ctx.reply(request, Result.fail("unsupported"));
            }
        }
    }

    private static final Duration FAULT_PHASE = Duration.ofSeconds(2);

    /** The system: one register, three clients; after the heal, a write invoked then must complete. */
    static Target system(boolean bug, String plan) {
        return Target.of("register" + (bug ? " (bug)" : ""), sim -> {
            Cluster.Builder b = Cluster.on(sim).nodes(1, "r", ctx -> new Register(bug)).workload(3, Workload.register())
                    .nemesis(Nemesis.none()).faultPhase(FAULT_PHASE);
            if (plan != null) {
                b.plan(plan);
            }
            Cluster cluster = b.build();
            int r = cluster.nodes().get(0);
            sim.invariant("the register never holds 4", () -> sim.node(r) == null || !Long.valueOf(4).equals(sim.node(r, Register.class).value));
            cluster.runFaultPhase();
            long healedAt = sim.now();
            cluster.healAndAwait("a write invoked after the heal completes", () -> cluster.history().operations().stream()
                    .anyMatch(o -> o.f().equals("write") && o.invokeNanos() >= healedAt && o.isOk()), Duration.ofSeconds(2));
            assertTrue(cluster.history().operations().size() < 2_000, "the workload keeps its pace: "
                    + cluster.history().operations().size() + " operations");
        });
    }

    private static long firstFailingSeed(Target t) {
        for (long seed = 1; seed < 100; seed++) {
            if (!Runner.run(t, seed, null, 30_000).passed()) {
                return seed;
            }
        }
        throw new AssertionError("no seed of 1..99 fails");
    }

    private static Reproduction shrunk(Target buggy, long seed) {
        Shrinker.Result r = Shrinker.builder().reducer(new PlanReducer()).maxAttempts(150).build()
                .shrink(seed, Map.of(), Runner.trial(buggy, 30_000));
        assertTrue(r.failed());
        assertTrue(r.after().tapeDraws() <= r.before().tapeDraws(), "a shrunk tape is never longer: " + r.before() + " -> " + r.after());
        return Artifacts.reproduction(buggy, r, List.of());
    }

    @Test
    void aReproductionOfAFixedBugPassesAndItsWorkloadRunsAsUsual() {
        Target buggy = system(true, null);
        long seed = firstFailingSeed(buggy);
        Reproduction rep = shrunk(buggy, seed);
        RunOutcome stillBroken = Replays.replay(buggy, rep, null, "replay", 30_000);
        assertTrue(Replays.sameFailure(rep, stillBroken), "the file reproduces the bug: " + Replays.verdict(rep, stillBroken));
        assertEquals(rep.traceHash(), stillBroken.report().traceHash());

        RunOutcome fixed = Replays.replay(system(false, null), rep, null, "replay", 30_000);
        assertTrue(fixed.passed(), "the fix passes the reproduction: " + fixed.report().toText());
    }

    @Test
    void aTestThatGivesItsOwnPlanIsShrunkOnThatPlanAndTheFileKeepsThePlanThatRan() {
        String plan = "dst-plan 1\n"
                + "0.200000s apply pause r0\n0.300000s revert pause r0\n"
                + "0.500000s apply kill c0\n0.600000s revert kill c0\n"
                + "0.900000s apply pause r0\n1.000000s revert pause r0\n"
                + "1.200000s apply kill c1\n1.300000s revert kill c1\n";
        Target buggy = system(true, plan);
        long seed = firstFailingSeed(buggy);
        Shrinker.Result r = Shrinker.builder().reducer(new PlanReducer()).maxAttempts(150).build()
                .shrink(seed, Map.of(), Runner.trial(buggy, 30_000));
        assertEquals(8L, r.before().attachmentSizes().get(Cluster.PLAN_ATTACHMENT));
        long after = r.after().attachmentSizes().get(Cluster.PLAN_ATTACHMENT);
        assertTrue(after < 8, "the given plan shrinks: 8 -> " + after);
        Reproduction rep = Artifacts.reproduction(buggy, r, List.of());
        assertEquals(after, new PlanReducer().size(rep.attachments().get(Cluster.PLAN_ATTACHMENT)), "the file has the plan that ran");
        RunOutcome again = Replays.replay(buggy, rep, null, "replay", 30_000);
        assertTrue(Replays.sameFailure(rep, again));
        assertEquals(rep.traceHash(), again.report().traceHash(), "and it reproduces");
    }

    @Test
    void aPlanAttachedToTheRunWinsOverTheBuildersPlan() {
        Simulation sim = Simulation.builder(1).attach(Cluster.PLAN_ATTACHMENT, "dst-plan 1\n0.100000s apply kill c0\n").build();
        Cluster c = Cluster.on(sim).nodes(1, "r", ctx -> new Register(false)).workload(1, Workload.register())
                .plan("dst-plan 1\n0.100000s apply pause r0\n").build();
        assertEquals(1, c.plan().size());
        assertTrue(c.plan().toText(c.world()).contains("kill c0"), c.plan().toText(c.world()));
        assertEquals("the attached plan", sim.stats().get("nemesis"));
        NemesisPlan p = c.plan();
        assertEquals(NemesisPlan.Action.APPLY, p.steps().get(0).action());
    }
}
