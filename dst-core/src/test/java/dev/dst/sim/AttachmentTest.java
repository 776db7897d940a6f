package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Attachments: given to the builder, attached during a run, made lazily when read. */
final class AttachmentTest {
    @Test
    void builderAttachmentsAreThereFromTheStart() {
        Simulation sim = Simulation.builder(1).attach("plan", "a\n").build();
        assertEquals("a\n", sim.attachment("plan"));
        assertNull(sim.attachment("other"));
    }

    @Test
    void aLazyAttachmentIsMadeOnceAndOnlyWhenRead() {
        Simulation sim = Simulation.create(1);
        AtomicInteger made = new AtomicInteger();
        sim.attach("plan", () -> "text " + made.incrementAndGet());
        assertEquals(0, made.get(), "nothing read it yet");
        assertEquals("text 1", sim.attachment("plan"));
        assertEquals(Map.of("plan", "text 1"), sim.attachments());
        assertEquals(1, made.get());
        sim.attach("plan", "replaced");
        assertEquals("replaced", sim.attachment("plan"));
    }

    @Test
    void attachmentsAreListedByKey() {
        Simulation sim = Simulation.builder(1).attach("b", "2").build();
        sim.attach("a", () -> "1");
        assertEquals("[a, b]", sim.attachments().keySet().toString());
    }
}
