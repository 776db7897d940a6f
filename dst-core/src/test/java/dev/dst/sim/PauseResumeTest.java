package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Pause and resume: inputs wait, then arrive late and in order. */
final class PauseResumeTest {
    private static final long MS = 1_000_000L;

    /** A sender that sends 0..count-1 to node {@code to}, one per millisecond from 1 ms. */
    private static Probe sender(int to, int count) {
        int[] next = new int[1];
        return new Probe()
                .onStart(c -> c.setTimer(MS, "send"))
                .onTimer((c, id, tag) -> {
                    c.send(to, next[0]++);
                    if (next[0] < count) {
                        c.setTimer(MS, "send");
                    }
                });
    }

    @Test
    void aPausedNodeReceivesNothing() {
        Simulation sim = Simulation.create(1);
        Probe b = new Probe();
        int bi = sim.addNode("b", ctx -> b);
        sim.addNode("a", ctx -> sender(bi, 5));
        sim.step();
        sim.step();
        sim.pause(bi);
        sim.runFor(Duration.ofMillis(50));
        assertTrue(sim.isPaused(bi));
        assertEquals(List.of(), b.received("message"));
    }

    @Test
    void resumeDeliversWaitingMessagesLateInTheirOriginalOrder() {
        List<Object> sent = IntStream.range(0, 10).boxed().collect(Collectors.toList());
        for (long seed = 0; seed < 10; seed++) {
            Simulation sim = Simulation.create(seed);
            Probe b = new Probe();
            int bi = sim.addNode("b", ctx -> b);
            sim.addNode("a", ctx -> sender(bi, 10));
            sim.pause(bi);
            sim.runFor(Duration.ofMillis(100));
            sim.resume(bi);
            sim.runFor(Duration.ofMillis(1));
            assertEquals(sent, b.received("message"), "seed " + seed);
            for (long t : b.timesOf("message")) {
                assertTrue(t >= 100 * MS && t <= 101 * MS, "delivered at " + t);
            }
        }
    }

    @Test
    void aTimerOfAPausedNodeFiresWhenItResumes() {
        Simulation sim = Simulation.create(1);
        Probe p = new Probe().onStart(c -> c.setTimer(10 * MS, "t"));
        int a = sim.addNode("a", ctx -> p);
        sim.step();
        sim.schedule(Duration.ofMillis(5), "pause", () -> sim.pause(a));
        sim.schedule(Duration.ofMillis(50), "resume", () -> sim.resume(a));
        sim.run();
        assertEquals(List.of(50 * MS), p.timesOf("timer"));
    }

    @Test
    void timersOfAPausedNodeFireInTheirOriginalOrder() {
        for (long seed = 0; seed < 10; seed++) {
            Simulation sim = Simulation.create(seed);
            Probe p = new Probe().onStart(c -> {
                for (int i = 0; i < 6; i++) {
                    c.setTimer((i + 1) * MS, i);
                }
            });
            int a = sim.addNode("a", ctx -> p);
            sim.step();
            sim.pause(a);
            sim.runFor(Duration.ofMillis(20));
            sim.resume(a);
            sim.run();
            assertEquals(List.of(0, 1, 2, 3, 4, 5), p.received("timer"), "seed " + seed);
        }
    }

    @Test
    void waitingInputsAreNotSteps() {
        Simulation sim = Simulation.create(1);
        int b = sim.addNode("b", ctx -> new Probe());
        sim.addNode("a", ctx -> sender(b, 3));
        sim.step();
        sim.step();
        sim.pause(b);
        sim.run();
        assertEquals(2 + 3, sim.steps(), "two starts and three sends; the deliveries wait");
        sim.resume(b);
        sim.run();
        assertEquals(2 + 3 + 3, sim.steps());
    }

    @Test
    void aNodeCrashedWhilePausedLosesItsWaitingMessages() {
        Simulation sim = Simulation.create(1);
        int b = sim.addNode("b", ctx -> new Probe());
        sim.addNode("a", ctx -> sender(b, 3));
        sim.pause(b);
        sim.run();
        sim.crash(b);
        assertEquals(3L, sim.report().counters().get("messages.dropped"));
        assertTrue(sim.lastEvents(5).stream().anyMatch(e -> e.detail() != null && e.detail().contains("crashed while paused")));
    }

    @Test
    void pauseAndResumeOfANodeInTheWrongStateDoNothing() {
        Simulation sim = Simulation.create(1);
        int a = sim.addNode("a", ctx -> new Probe());
        sim.resume(a);
        assertTrue(sim.isUp(a));
        sim.pause(a);
        sim.pause(a);
        assertEquals(1L, sim.report().faults().get("pause"));
        sim.crash(a);
        sim.pause(a);
        assertFalse(sim.isPaused(a));
    }
}
