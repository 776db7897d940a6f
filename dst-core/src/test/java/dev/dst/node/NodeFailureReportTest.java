package dev.dst.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import org.junit.jupiter.api.Test;

/**
 * A node's failure report points into the node's own code. These nodes live outside the
 * kernel's package, as users' nodes do, so that the report can tell their frames apart.
 */
final class NodeFailureReportTest {

    private static final class ThrowsItself implements Node {
        @Override
        public void onStart(NodeContext ctx) {
            explode();
        }

        private void explode() {
            throw new IllegalStateException("inconsistent state");
        }
    }

    private static final class MisusesTheContext implements Node {
        @Override
        public void onStart(NodeContext ctx) {
            sendToNowhere(ctx);
        }

        private void sendToNowhere(NodeContext ctx) {
            ctx.send(42, "lost");
        }
    }

    private static String detailOf(NodeFactory factory) {
        Simulation sim = Simulation.create(1);
        sim.addNode("n", factory);
        return assertThrows(SimulationFailure.class, sim::run).violation().detail();
    }

    @Test
    void theReportShowsTheNodesFramesWhereItThrew() {
        String detail = detailOf(ctx -> new ThrowsItself());
        assertTrue(detail.contains("\n    at dev.dst.node.NodeFailureReportTest$ThrowsItself.explode("), detail);
        assertTrue(detail.contains("\n    at dev.dst.node.NodeFailureReportTest$ThrowsItself.onStart("), detail);
        assertFalse(detail.contains("dev.dst.sim."), "no kernel frames: " + detail);
    }

    @Test
    void whenTheKernelRejectsACallTheReportShowsTheNodesFramesThatMadeIt() {
        String detail = detailOf(ctx -> new MisusesTheContext());
        assertTrue(detail.startsWith("n.onStart threw java.lang.IllegalArgumentException: n sent lost to unknown node 42"), detail);
        assertTrue(detail.contains("\n    at dev.dst.node.NodeFailureReportTest$MisusesTheContext.sendToNowhere("), detail);
        assertFalse(detail.contains("dev.dst.sim."), "no kernel frames: " + detail);
    }
}
