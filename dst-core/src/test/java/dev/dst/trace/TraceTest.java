package dev.dst.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The running trace hash and the ring of recent events. */
final class TraceTest {

    private static Trace trace() {
        return new Trace(8, id -> "n" + id);
    }

    private static long hashOf(TraceKind kind, int node, int peer, long time, long arg, long extra, long payloadHash) {
        Trace t = trace();
        t.record(1, time, kind, node, peer, arg, extra, payloadHash, null);
        return t.hash();
    }

    @Test
    void theSameEventsGiveTheSameHash() {
        assertEquals(hashOf(TraceKind.SEND, 0, 1, 5, 6, 7, 8), hashOf(TraceKind.SEND, 0, 1, 5, 6, 7, 8));
    }

    @Test
    void everyFieldOfAnEventChangesTheHash() {
        Set<Long> hashes = new HashSet<>(List.of(
                hashOf(TraceKind.SEND, 0, 1, 5, 6, 7, 8),
                hashOf(TraceKind.DELIVER, 0, 1, 5, 6, 7, 8),
                hashOf(TraceKind.SEND, 2, 1, 5, 6, 7, 8),
                hashOf(TraceKind.SEND, 0, 2, 5, 6, 7, 8),
                hashOf(TraceKind.SEND, 0, 1, 9, 6, 7, 8),
                hashOf(TraceKind.SEND, 0, 1, 5, 9, 7, 8),
                hashOf(TraceKind.SEND, 0, 1, 5, 6, 9, 8),
                hashOf(TraceKind.SEND, 0, 1, 5, 6, 7, 9)));
        assertEquals(8, hashes.size());
    }

    @Test
    void theOrderOfEventsChangesTheHash() {
        Trace ab = trace();
        ab.record(1, 0, TraceKind.SEND, 0, 1, 0, 0, 1, null);
        ab.record(1, 0, TraceKind.SEND, 0, 1, 0, 0, 2, null);
        Trace ba = trace();
        ba.record(1, 0, TraceKind.SEND, 0, 1, 0, 0, 2, null);
        ba.record(1, 0, TraceKind.SEND, 0, 1, 0, 0, 1, null);
        assertNotEquals(ab.hash(), ba.hash());
    }

    @Test
    void theRingKeepsTheLastEventsOldestFirst() {
        Trace t = new Trace(3, id -> "n" + id); // rounded up to 4
        for (int i = 0; i < 10; i++) {
            t.record(i, i, TraceKind.LOG, 0, Trace.NONE, 0, 0, 0, "line " + i);
        }
        assertEquals(10, t.size());
        List<String> details = new ArrayList<>();
        t.last(100).forEach(e -> details.add(e.detail()));
        assertEquals(List.of("line 6", "line 7", "line 8", "line 9"), details);
        assertEquals("line 9", t.last(1).get(0).detail());
        assertEquals(List.of(), t.last(0));
    }

    @Test
    void eventsAreRenderedWithNodeNames() {
        Trace t = trace();
        t.record(3, 1_500_000, TraceKind.DELIVER, 1, -1, 0, 0, 0, "op");
        t.record(3, 1_500_000, TraceKind.CLOCK, 2, Trace.NONE, 0, 0, 0, "jumped");
        assertEquals(new TraceEvent(3, 1_500_000, TraceKind.DELIVER, "n1", "test", "op"), t.last(2).get(0));
        assertNull(t.last(1).get(0).peer());
    }

    @Test
    void timerEventsShowTheTimerIdAndDelay() {
        Trace t = trace();
        long timerId = 7L << 32 | 3; // serial 7, in queue slot 3
        t.record(1, 0, TraceKind.TIMER_SET, 0, Trace.NONE, timerId, 2_000_000, 0, "tick");
        t.record(2, 2_000_000, TraceKind.TIMER, 0, Trace.NONE, timerId, 0, 0, "tick");
        assertEquals("timer #7 in 0.002000s tick", t.last(2).get(0).detail());
        assertEquals("timer #7 tick", t.last(1).get(0).detail());
    }

    @Test
    void stepHashesAreKeptWhenAsked() {
        Trace t = trace();
        t.keepStepHashes();
        t.record(1, 0, TraceKind.START, 0, Trace.NONE, 0, 0, 0, null);
        t.endStep();
        long afterOne = t.hash();
        t.record(2, 0, TraceKind.START, 1, Trace.NONE, 0, 0, 0, null);
        t.endStep();
        assertEquals(List.of(afterOne, t.hash()), List.of(t.stepHashes().getLong(0), t.stepHashes().getLong(1)));
    }

    @Test
    void aSinkGetsEveryEventAndIsClosed() {
        List<TraceEvent> got = new ArrayList<>();
        boolean[] closed = {false};
        Trace t = trace();
        t.setSink(new TraceSink() {
            @Override
            public void accept(TraceEvent event) {
                got.add(event);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        });
        for (int i = 0; i < 20; i++) {
            t.record(i, i, TraceKind.LOG, 0, Trace.NONE, 0, 0, 0, "e" + i);
        }
        t.close();
        assertEquals(20, got.size());
        assertEquals("e0", got.get(0).detail());
        assertEquals(true, closed[0]);
    }
}
