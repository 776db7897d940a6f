package dev.dst.workload;

import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import dev.dst.cluster.Cluster;
import dev.dst.fault.Fault;
import dev.dst.history.Format;
import dev.dst.history.History;
import dev.dst.history.Op;
import dev.dst.history.OpType;
import dev.dst.linearizability.Linearizability;
import dev.dst.linearizability.LinearizabilityResult;
import dev.dst.linearizability.Models;
import dev.dst.linearizability.Verdict;
import dev.dst.nemesis.NemesisPlan;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class WorkloadHistoryTest {

    /** One in-memory register: reads, writes, compare-and-set; a cas whose expectation fails is a definite failure. */
    static final class RegisterServer implements Node {
        private Long value;

        @Override
        public void onRequest(NodeContext ctx, Request request) {
            ClientOp op = (ClientOp) request.op();
            switch (op.f()) {
                case "read" -> ctx.reply(request, Result.ok(value));
                case "write" -> {
                    value = (Long) op.value();
                    ctx.reply(request, Result.ok(op.value()));
                }
                case "cas" -> {
                    List<?> ab = (List<?>) op.value();
                    if (Objects.equals(value, ab.get(0))) {
                        value = (Long) ab.get(1);
                        ctx.reply(request, Result.ok(op.value()));
                    } else {
                        ctx.reply(request, Result.fail(op.value()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown op " + op);
            }
        }
    }

    private static Cluster registerCluster(Simulation sim, NemesisPlan plan) {
        return Cluster.on(sim)
                .nodes(1, ctx -> new RegisterServer())
                .workload(3, Workload.register())
                .plan(plan)
                .faultPhase(Duration.ofSeconds(2))
                .build();
    }

    /** A plan that makes the first client's link lossy for a while, so that some operations time out. */
    private static NemesisPlan lossyPlan() {
        Fault lossy = new Fault.LossyLink(0, 1, 0.9);
        return new NemesisPlan(List.of(new NemesisPlan.Step(500_000_000L, NemesisPlan.Action.APPLY, lossy),
                new NemesisPlan.Step(1_500_000_000L, NemesisPlan.Action.REVERT, lossy)));
    }

    @Test
    void everyOperationIsInvokedThenCompletedWithOkFailOrInfo() {
        Simulation sim = Simulation.create(11);
        Cluster c = registerCluster(sim, lossyPlan());
        sim.runFor(Duration.ofSeconds(2));
        List<Op> ops = c.history().ops();
        long invokes = ops.stream().filter(o -> o.type() == OpType.INVOKE).count();
        assertTrue(invokes > 100, "too few operations: " + invokes);
        assertTrue(ops.stream().anyMatch(o -> o.type() == OpType.OK), "no ok");
        assertTrue(ops.stream().anyMatch(o -> o.type() == OpType.FAIL), "no fail (a cas whose expectation did not hold)");
        assertTrue(ops.stream().anyMatch(o -> o.type() == OpType.INFO), "no info, though the lossy link must have timed some out");
        for (int i = 1; i < ops.size(); i++) {
            assertTrue(ops.get(i).timeNanos() >= ops.get(i - 1).timeNanos(), "history times go backwards at " + i);
        }
    }

    @Test
    void aClientContinuesAsANewProcessAfterAnIndeterminateOperation() {
        Simulation sim = Simulation.create(11);
        Cluster c = registerCluster(sim, lossyPlan());
        sim.runFor(Duration.ofSeconds(2));
        Op info = c.history().ops().stream().filter(o -> o.type() == OpType.INFO).findFirst().orElseThrow();
        long laterOfSameProcess = c.history().ops().stream()
                .filter(o -> o.index() > info.index() && o.process() == info.process() && !o.isNemesis()).count();
        assertEquals(0, laterOfSameProcess, "process " + info.process() + " was reused after its info op");
        assertTrue(c.history().ops().stream().anyMatch(o -> o.index() > info.index() && o.process() == info.process() + 3),
                "the client did not continue as process " + (info.process() + 3));
    }

    @Test
    void nemesisAppliesAndRevertsAreRecordedForDisplay() {
        Simulation sim = Simulation.create(11);
        Cluster c = registerCluster(sim, lossyPlan());
        sim.runFor(Duration.ofSeconds(2));
        List<Op> nemesis = c.history().ops().stream().filter(Op::isNemesis).toList();
        assertEquals(2, nemesis.size(), nemesis.toString());
        assertEquals("apply", nemesis.get(0).f());
        assertEquals("lossy-link n0 c0 0.9", nemesis.get(0).value());
        assertEquals(500_000_000L, nemesis.get(0).timeNanos());
        assertEquals("revert", nemesis.get(1).f());
    }

    @Test
    void aRunsHistoryRoundTripsThroughJsonlAndEdn() {
        Simulation sim = Simulation.create(12);
        Cluster c = registerCluster(sim, lossyPlan());
        sim.runFor(Duration.ofSeconds(2));
        History h = c.history();
        assertEquals(h.ops(), History.parse(h.toJsonl(), Format.JSONL).ops());
        assertEquals(h.ops(), History.parse(h.toEdn(), Format.EDN).ops());
    }

    @Test
    void workloadClientsStopInvokingAtTheirDeadline() {
        Simulation sim = Simulation.create(13);
        Cluster c = Cluster.on(sim)
                .nodes(1, ctx -> new RegisterServer())
                .workload(2, Workload.register())
                .workloadUntil(Duration.ofMillis(300))
                .build();
        sim.runFor(Duration.ofSeconds(1));
        Op last = c.history().ops().stream().filter(o -> o.type() == OpType.INVOKE).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.timeNanos() < 300_000_000L, "invoked at " + last.timeNanos());
    }

    @Test
    void aClientThatCrashesWithAnOperationInFlightRecordsItAsInfoAndContinuesAsANewProcess() {
        Simulation sim = Simulation.create(14);
        // a server that never answers, so the client always has an operation in flight
        Cluster c = Cluster.on(sim)
                .nodes(1, ctx -> new Node() { })
                .workload(1, Workload.register())
                .build();
        int client = c.clients().get(0);
        sim.runFor(Duration.ofMillis(50));
        sim.crash(client);
        sim.restart(client);
        sim.runFor(Duration.ofMillis(50));
        List<Op> ops = c.history().ops();
        Op firstInfo = ops.stream().filter(o -> o.type() == OpType.INFO).findFirst().orElseThrow();
        assertEquals(0, firstInfo.process());
        assertTrue(ops.stream().anyMatch(o -> o.type() == OpType.INVOKE && o.process() == 1),
                "after the restart the client should invoke as process 1: " + ops);
    }

    @Test
    void aStaggeredWorkloadWaitsUniformlyUpToTwiceItsMean() {
        Workload w = Workload.register().staggered(1_000);
        dev.dst.entropy.Entropy e = dev.dst.entropy.EntropySource.seeded(5).stream("t");
        long max = 0;
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            long v = w.interval(e);
            assertTrue(v >= 0 && v <= 2_000, "interval " + v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(max > 1_900, "never near the top: " + max);
        assertTrue(Math.abs(sum / 10_000.0 - 1_000) < 50, "mean " + sum / 10_000.0);
    }

    @Test
    void aCorrectRegistersHistoryUnderFaultsIsLinearizable() {
        Simulation sim = Simulation.create(15);
        Cluster c = registerCluster(sim, lossyPlan());
        sim.runFor(Duration.ofSeconds(2));
        LinearizabilityResult r = Linearizability.check(c.history(), Models.casRegister(null));
        assertEquals(Verdict.VALID, r.verdict(), r.summary());
        assertTrue(r.operations() > 100, r.summary());
    }

    @Test
    void twoUncoordinatedReplicasOfARegisterAreFoundNotLinearizable() {
        Simulation sim = Simulation.create(16);
        Cluster c = Cluster.on(sim)
                .nodes(2, ctx -> new RegisterServer()) // each client op goes to either replica: reads go stale
                .workload(3, Workload.register())
                .build();
        sim.runFor(Duration.ofSeconds(1));
        LinearizabilityResult r = Linearizability.check(c.history(), Models.casRegister(null));
        assertEquals(Verdict.INVALID, r.verdict(), r.summary());
    }
}
