package dev.dst.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Seeds as people type them and as reports print them. */
final class SeedsTest {

    @Test
    void decimalIsAccepted() {
        assertEquals(42, Seeds.parse("42"));
    }

    @Test
    void hexWithPrefixIsAccepted() {
        assertEquals(42, Seeds.parse("0x2a"));
        assertEquals(42, Seeds.parse("0X2A"));
    }

    @Test
    void theLargestUnsignedValueIsAccepted() {
        assertEquals(-1L, Seeds.parse("0xffffffffffffffff"));
        assertEquals(-1L, Seeds.parse("18446744073709551615"));
    }

    @Test
    void surroundingSpaceAndUnderscoresAreIgnored() {
        assertEquals(0x1f3a, Seeds.parse(" 0x1f_3a \n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "", "0x", "   ", "+5", "0x+1", "0x-1", "0x1ffffffffffffffff", "18446744073709551616", "1.5", "0xg"})
    void malformedSeedsAreRejectedWithWhatIsExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Seeds.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected an unsigned 64-bit number, decimal (42) or hex with 0x (0x1f3a)"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    void aMissingSeedIsRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> Seeds.parse(text));
    }

    @Test
    void formatPrintsUnsignedHex() {
        assertEquals("0x2a", Seeds.format(42));
        assertEquals("0xffffffffffffffff", Seeds.format(-1));
        assertEquals("0x0", Seeds.format(0));
    }

    @Test
    void formatThenParseIsTheIdentity() {
        for (long seed : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x1f3a}) {
            assertEquals(seed, Seeds.parse(Seeds.format(seed)));
        }
    }

    @Test
    void derivedSeedsAreDistinctAndDependOnTheBase() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Seeds.derive(7, i)), "duplicate at index " + i);
        }
        assertTrue(Seeds.derive(7, 0) != Seeds.derive(8, 0));
    }
}
