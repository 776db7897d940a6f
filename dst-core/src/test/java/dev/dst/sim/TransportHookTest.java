package dev.dst.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TransportHookTest {

    /** Delivers after 10 ms with the tag it is told, and refuses arrivals whose tag is on its black list. */
    static final class TaggingTransport implements Transport {
        final Simulation sim;
        long tag;
        final List<Long> refusedTags = new ArrayList<>();
        final List<Long> asked = new ArrayList<>();

        TaggingTransport(Simulation sim) {
            this.sim = sim;
        }

        @Override
        public void send(int from, int to, Object message, long payloadHash) {
            sim.deliverAfter(10_000_000L, from, to, message, payloadHash, tag);
        }

        @Override
        public String refuseDelivery(int from, int to, Object message, long t) {
            asked.add(t);
            return refusedTags.contains(t) ? "refused in test" : null;
        }
    }

    @Test
    void aTransportCanRefuseAMessageWhenItArrivesWhichIsThenLostAndCounted() {
        Simulation sim = Simulation.create(1);
        TaggingTransport t = new TaggingTransport(sim);
        sim.setTransport(t);
        Probe receiver = new Probe();
        int a = sim.addNode("a", ctx -> new Probe().onStart(c -> {
            c.send(1, "kept");
            t.tag = 7;
            c.send(1, "refused");
        }));
        sim.addNode("b", ctx -> receiver);
        t.refusedTags.add(7L);
        sim.runFor(Duration.ofMillis(50));
        assertEquals(List.of("kept"), receiver.inputs.stream().filter(i -> i.kind().equals("message")).map(i -> i.what()).toList());
        assertEquals(List.of(0L, 7L), t.asked.stream().sorted().toList()); // same instant: the tie-break orders them
        assertEquals(1, sim.report().counters().get("messages.dropped"));
        assertTrue(sim.lastEvents(20).stream().anyMatch(e -> e.toString().contains("refused in test: refused")),
                sim.lastEvents(20).toString());
        assertEquals(0, a);
    }

    @Test
    void aMessageWaitingAtAPausedNodeIsNotJudgedAgainWhenItResumes() {
        Simulation sim = Simulation.create(2);
        TaggingTransport t = new TaggingTransport(sim);
        sim.setTransport(t);
        Probe receiver = new Probe();
        sim.addNode("a", ctx -> new Probe().onStart(c -> c.send(1, "hello")));
        int b = sim.addNode("b", ctx -> receiver);
        sim.schedule(Duration.ofMillis(1), "pause b", () -> sim.pause(b));
        sim.schedule(Duration.ofMillis(30), "resume b", () -> sim.resume(b));
        sim.runFor(Duration.ofMillis(50));
        assertEquals(1, t.asked.size(), "the transport was asked again after the resume");
        assertTrue(receiver.inputs.stream().anyMatch(i -> "hello".equals(i.what())));
    }

    @Test
    void transportTagsMustNotBeNegative() {
        Simulation sim = Simulation.create(3);
        sim.addNode("a", ctx -> new Probe());
        assertThrows(IllegalArgumentException.class, () -> sim.deliverAfter(0, 0, 0, "x", 0, -1));
    }
}
