package dev.dst.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dst.trace.TraceEvent;
import dev.dst.trace.TraceKind;
import dev.dst.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TraceWindowTest {
    private static TraceEvent event(long step) {
        return new TraceEvent(step, step * 10, TraceKind.LOG, "n0", null, "e" + step);
    }

    @Test
    void keepsTheLastEventsOldestFirstAndCountsTheRest() {
        TraceWindow w = new TraceWindow(3);
        for (long i = 1; i <= 7; i++) {
            w.accept(event(i));
        }
        assertEquals(List.of(event(5), event(6), event(7)), w.events());
        assertEquals(7, w.total());
        assertEquals(4, w.omitted());
    }

    @Test
    void aShortRunIsKeptWhole() {
        TraceWindow w = new TraceWindow(3);
        w.accept(event(1));
        assertEquals(List.of(event(1)), w.events());
        assertEquals(0, w.omitted());
    }

    @Test
    void anEmptyWindowIsABadArgument() {
        assertThrows(IllegalArgumentException.class, () -> new TraceWindow(0));
    }

    @Test
    void teeGivesEveryEventToBothSinksAndClosesBoth() {
        List<String> seen = new ArrayList<>();
        TraceSink a = new TraceSink() {
            public void accept(TraceEvent e) {
                seen.add("a" + e.step());
            }

            public void close() {
                seen.add("a closed");
            }
        };
        TraceSink b = new TraceSink() {
            public void accept(TraceEvent e) {
                seen.add("b" + e.step());
            }

            public void close() {
                seen.add("b closed");
            }
        };
        TraceSink both = TraceSink.tee(a, b);
        both.accept(event(1));
        both.close();
        assertEquals(List.of("a1", "b1", "a closed", "b closed"), seen);
    }

    @Test
    void teeWithNullIsTheOtherSink() {
        TraceSink a = e -> {};
        assertSame(a, TraceSink.tee(a, null));
        assertSame(a, TraceSink.tee(null, a));
        assertNull(TraceSink.tee(null, null));
    }
}
