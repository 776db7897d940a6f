package dev.dst.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.Simulation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The transcript: node log lines and faults, deterministic per seed. */
final class TranscriptTest {

    /** Logs a random draw on every tick. */
    private static final class Chatty implements Node {
        @Override
        public void onStart(NodeContext ctx) {
            ctx.log("up");
            ctx.setTimer(Duration.ofMillis(10), "tick");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ctx.log("drew {}", ctx.random().below(1000));
            ctx.setTimer(1 + ctx.random().below(20_000_000L), "tick");
        }
    }

    private static String transcript(long seed) {
        StringBuilder out = new StringBuilder();
        Simulation sim = Simulation.builder(seed).traceSink(new Transcript(out)).build();
        int a = sim.addNode("a", ctx -> new Chatty());
        sim.addNode("b", ctx -> new Chatty());
        sim.schedule(Duration.ofMillis(55), "crash a", () -> {
            sim.crash(a);
            sim.restart(a);
        });
        sim.runFor(Duration.ofMillis(200));
        sim.finish();
        return out.toString();
    }

    @Test
    void oneSeedWritesTheSameTranscriptTwice() {
        assertEquals(transcript(42), transcript(42));
    }

    @Test
    void twoSeedsWriteDifferentTranscripts() {
        assertNotEquals(transcript(42), transcript(43));
    }

    @Test
    void linesAreTimeNodeMessageAndFaultsAreMarked() {
        String t = transcript(42);
        assertTrue(t.startsWith("0.000000s  a  up\n0.000000s  b  up\n"), t);
        assertTrue(t.contains("0.055000s  a  ! crash  crashed"), t);
        assertTrue(t.contains("0.055000s  a  ! restart  restarted\n0.055000s  a  up\n"), t);
    }

    @Test
    void teedWithAnotherSinkEveryEventStillReachesIt() {
        StringBuilder out = new StringBuilder();
        int[] events = new int[1];
        Simulation sim = Simulation.builder(1).traceSink(TraceSink.tee(new Transcript(out), e -> events[0]++)).build();
        sim.addNode("a", ctx -> new Chatty());
        sim.runFor(Duration.ofMillis(100));
        assertEquals(sim.finish().traceEvents(), events[0]);
    }
}
