package dev.dst.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How trace events, durations and JSON strings are written for people and tools. */
final class TraceEventTest {

    @Test
    void durationsHaveMicrosecondPrecision() {
        assertEquals("1.234567s", Durations.format(1_234_567_890L));
        assertEquals("0.000000s", Durations.format(999));
        assertEquals("-0.500000s", Durations.format(-500_000_000L));
        assertEquals("86400.000000s", Durations.format(86_400_000_000_000L));
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\r\\u0001\"", Json.string("a\"b\\c\nd\te\r\u0001"));
        assertEquals("\"héllo\"", Json.string("héllo"));
    }

    @Test
    void anEventIsOneJsonObjectWithoutItsMissingFields() {
        TraceEvent full = new TraceEvent(3, 1000, TraceKind.SEND, "n1", "n2", "say \"hi\"");
        assertEquals("{\"step\":3,\"timeNanos\":1000,\"kind\":\"send\",\"node\":\"n1\",\"peer\":\"n2\",\"detail\":\"say \\\"hi\\\"\"}",
                full.toJson());
        TraceEvent bare = new TraceEvent(1, 0, TraceKind.START, null, null, null);
        assertEquals("{\"step\":1,\"timeNanos\":0,\"kind\":\"start\"}", bare.toJson());
    }

    @Test
    void anEventPrintsAsOneLineWithAnArrowThatShowsDirection() {
        String send = new TraceEvent(3, 1_000_000, TraceKind.SEND, "n1", "n2", "Ping").toString();
        String deliver = new TraceEvent(4, 2_000_000, TraceKind.DELIVER, "n2", "n1", "Ping").toString();
        assertTrue(send.matches(" *0\\.001000s +#3 +send +n1 +-> n2  Ping"), send);
        assertTrue(deliver.matches(" *0\\.002000s +#4 +deliver +n2 +<- n1  Ping"), deliver);
        assertFalse(send.contains("\n"));
    }

    @Test
    void faultKindsAreMarkedAsFaults() {
        assertTrue(TraceKind.CRASH.isFault());
        assertTrue(TraceKind.DROP.isFault());
        assertFalse(TraceKind.DELIVER.isFault());
        assertEquals("timer-set", TraceKind.TIMER_SET.label());
    }

    @Test
    void aJsonlSinkWritesOneLinePerEvent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trace.jsonl");
        JsonlTraceSink sink = new JsonlTraceSink(file);
        sink.accept(new TraceEvent(1, 0, TraceKind.START, "n0", null, null));
        sink.accept(new TraceEvent(2, 5, TraceKind.LOG, "n0", null, "two\nlines"));
        sink.close();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(List.of("{\"step\":1,\"timeNanos\":0,\"kind\":\"start\",\"node\":\"n0\"}",
                "{\"step\":2,\"timeNanos\":5,\"kind\":\"log\",\"node\":\"n0\",\"detail\":\"two\\nlines\"}"), lines);
    }
}
