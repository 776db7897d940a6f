package dev.dst.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The payload hash the trace uses: stable across runs for values that print the same. */
final class StableHashTest {
    private record Ping(int term, String from) {}

    private enum Color { RED }

    @Test
    void nullHashesToZero() {
        assertEquals(0, StableHash.of(null));
    }

    @Test
    void aPayloadCanHashItself() {
        StableHash custom = () -> 1234;
        assertEquals(1234, StableHash.of(custom));
    }

    @Test
    void numbersHashToTheirValue() {
        assertEquals(42, StableHash.of(42));
        assertEquals(-7L, StableHash.of(-7L));
    }

    @Test
    void stringsAndEnumsHashByText() {
        assertEquals("abc".hashCode(), StableHash.of("abc"));
        assertEquals("RED".hashCode(), StableHash.of(Color.RED));
    }

    @Test
    void equalRecordsHashEqually() {
        assertEquals(StableHash.of(new Ping(3, "n1")), StableHash.of(new Ping(3, "n1")));
        assertEquals(StableHash.of(List.of(1, 2)), StableHash.of(List.of(1, 2)));
    }
}
