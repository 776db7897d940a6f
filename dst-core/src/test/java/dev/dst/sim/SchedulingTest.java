package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.ChoiceTape;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The order in which the kernel takes events: by time, then by draws from the "scheduler" stream. */
final class SchedulingTest {
    private static final long MS = 1_000_000L;
    private static final List<Object> SENT = IntStream.range(0, 10).boxed().collect(Collectors.toList());

    /** A sender sends 0..9 at once; they all arrive at the same instant. Returns the order of arrival. */
    private static List<Object> arrivalOrder(Simulation sim) {
        Probe receiver = new Probe();
        int r = sim.addNode("receiver", ctx -> receiver);
        sim.addNode("sender", ctx -> new Probe().onStart(c -> SENT.forEach(m -> c.send(r, m))));
        sim.run();
        return receiver.received("message");
    }

    @Test
    void eventsRunInTimeOrder() {
        Simulation sim = Simulation.create(1);
        Probe p = new Probe().onStart(c -> {
            c.setTimer(30 * MS, "thirty");
            c.setTimer(10 * MS, "ten");
            c.setTimer(20 * MS, "twenty");
        });
        sim.addNode("a", ctx -> p);
        sim.run();
        assertEquals(List.of("ten", "twenty", "thirty"), p.received("timer"));
        assertEquals(List.of(10 * MS, 20 * MS, 30 * MS), p.timesOf("timer"));
    }

    @Test
    void aMessageArrivesAfterTheTransportDelay() {
        Simulation sim = Simulation.builder(1).messageDelay(Duration.ofMillis(5)).build();
        Probe b = new Probe();
        int to = sim.addNode("b", ctx -> b);
        sim.addNode("a", ctx -> new Probe().onStart(c -> c.send(to, "hi")));
        sim.run();
        assertEquals(List.of("hi"), b.received("message"));
        assertEquals(List.of(5 * MS), b.timesOf("message"));
        assertEquals(1, b.inputs.get(1).from());
    }

    @Test
    void stepReturnsFalseWhenNothingIsPending() {
        Simulation sim = Simulation.create(1);
        sim.addNode("a", ctx -> new Probe());
        assertTrue(sim.step(), "the start");
        assertFalse(sim.step());
        assertEquals(1, sim.steps());
    }

    @Test
    void everyMessageOfASameInstantBatchIsDeliveredOnce() {
        List<Object> order = arrivalOrder(Simulation.create(3));
        assertEquals(new HashSet<>(SENT), new HashSet<>(order));
        assertEquals(SENT.size(), order.size());
    }

    @Test
    void theSameSeedGivesTheSameOrderForSameInstantEvents() {
        assertEquals(arrivalOrder(Simulation.create(42)), arrivalOrder(Simulation.create(42)));
    }

    @Test
    void differentSeedsGiveDifferentOrdersForSameInstantEvents() {
        Set<List<Object>> orders = new HashSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            orders.add(arrivalOrder(Simulation.create(seed)));
        }
        assertTrue(orders.size() >= 4, "5 seeds gave only " + orders.size() + " orders of 10 messages: " + orders);
    }

    @Test
    void sameInstantEventsAreNotSimplyTakenInTheOrderScheduled() {
        int inOrder = 0;
        for (long seed = 1; seed <= 5; seed++) {
            if (arrivalOrder(Simulation.create(seed)).equals(SENT)) {
                inOrder++;
            }
        }
        assertTrue(inOrder < 5);
    }

    @Test
    void aSchedulerDrawOfZeroTakesTheEventScheduledFirst() {
        // An empty tape replays every draw as 0.
        Simulation sim = Simulation.builder(9).replay(new ChoiceTape(9, Map.of())).build();
        assertEquals(SENT, arrivalOrder(sim));
    }

    @Test
    void theSchedulerDrawsOnlyToBreakTies() {
        Simulation sim = Simulation.builder(1).recordTape().build();
        sim.addNode("a", ctx -> new Probe().onStart(c -> {
            c.setTimer(1 * MS, 1);
            c.setTimer(2 * MS, 2);
            c.setTimer(3 * MS, 3);
        }));
        sim.run();
        assertEquals(0, sim.tape().draws("scheduler").length);
    }

    @Test
    void theSchedulerDrawsOncePerChoiceAmongTiedEvents() {
        Simulation sim = Simulation.builder(1).recordTape().build();
        arrivalOrder(sim);
        // Two starts tie at 0 (one draw), then ten messages tie at 1 ms (nine draws; the last is alone).
        long[] draws = sim.tape().draws("scheduler");
        assertEquals(1 + 9, draws.length);
        for (int i = 0; i < draws.length; i++) {
            long bound = i == 0 ? 2 : 11 - i;
            assertTrue(draws[i] >= 0 && draws[i] < bound, "draw " + i + " = " + draws[i]);
        }
    }

    @Test
    void eventsScheduledAtTheCurrentInstantJoinTheTie() {
        // A zero-delay message sent while a batch is being taken competes with the rest of the batch.
        Simulation sim = Simulation.builder(5).messageDelay(Duration.ZERO).build();
        Probe sink = new Probe();
        int s = sim.addNode("sink", ctx -> sink);
        sim.addNode("a", ctx -> new Probe().onStart(c -> c.send(s, "from a")));
        sim.addNode("b", ctx -> new Probe().onStart(c -> c.send(s, "from b")));
        sim.run();
        assertEquals(Set.of("from a", "from b"), new HashSet<>(sink.received("message")));
        assertEquals(List.of(0L, 0L), sink.timesOf("message"));
    }
}
