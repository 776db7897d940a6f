package dev.dst.sweep;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.DeterminismCheck;
import dev.dst.sim.Simulation;
import dev.dst.sim.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RunnerTest {

    /** A node that never returns from a handler (it does stop when interrupted, so the test JVM is not left spinning). */
    private static final Target LOOPS_FOR_EVER = Target.of("loops-for-ever", sim -> {
        sim.addNode("spinner", ctx -> new Node() {
            @Override
            public void onTimer(NodeContext c, long id, Object tag) {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            }

            @Override
            public void onStart(NodeContext c) {
                c.setTimer(1_000, "spin");
            }
        });
        sim.runFor(Duration.ofSeconds(1));
    });

    @Test
    void aNodeThatNeverReturnsIsReportedAsHungWithWhereItStopped() {
        RunOutcome o = Runner.run(LOOPS_FOR_EVER, 9, null, 500);
        assertFalse(o.passed());
        assertEquals(Violation.Kind.HUNG, o.violation().kind());
        assertTrue(o.violation().detail().contains("no result after 500 ms"), o.violation().detail());
        assertTrue(o.report().lastEvents().stream().anyMatch(e -> e.toString().contains("spin")), o.report().lastEvents().toString());
    }

    /** Reads the wall clock: the bug class the determinism self-check exists for. */
    private static final class WallClockNode implements Node {
        @Override
        public void onStart(NodeContext ctx) {
            ctx.setTimer(1_000_000, "tick");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ctx.setTimer(1_000_000 + System.nanoTime() % 1000, "tick");
        }
    }

    @Test
    void theDeterminismCheckCatchesANodeThatReadsTheWallClockAndNamesTheFirstDivergingEvent() {
        DeterminismCheck.Result r = DeterminismCheck.check(3, Simulation::create, sim -> {
            sim.addNode("honest", ctx -> new Node() {
                @Override
                public void onStart(NodeContext c) {
                    c.setTimer(500_000, "tick");
                }
            });
            sim.addNode("wall-clock", ctx -> new WallClockNode());
            sim.runFor(Duration.ofMillis(50));
        });
        assertFalse(r.deterministic());
        String text = r.describe();
        assertTrue(text.contains("NOT deterministic"), text);
        assertTrue(text.contains("first diverging event"), text);
        assertTrue(text.contains("wall-clock"), text);
        assertTrue(r.divergedAtStep() > 0);
    }
}
