package dev.dst.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice tape as a value and in its text form. */
final class ChoiceTapeTest {

    private static ChoiceTape sample() {
        Map<String, long[]> streams = new LinkedHashMap<>();
        streams.put("scheduler", new long[] {0, 1, 0});
        streams.put("node/n1", new long[] {-5, Long.MAX_VALUE, Long.MIN_VALUE});
        return new ChoiceTape(0x2a, streams);
    }

    private static String messageOf(String text) {
        return assertThrows(IllegalArgumentException.class, () -> ChoiceTape.parse(text)).getMessage();
    }

    @Test
    void theTextFormIsOneSectionPerStream() {
        assertEquals("dst-tape 1\n"
                + "seed 0x2a\n"
                + "stream scheduler 3\n"
                + "0 1 0\n"
                + "stream node/n1 3\n"
                + "-5 9223372036854775807 -9223372036854775808\n", sample().toText());
    }

    @Test
    void parsingTheTextGivesTheSameTape() {
        ChoiceTape tape = sample();
        ChoiceTape parsed = ChoiceTape.parse(tape.toText());
        assertEquals(tape, parsed);
        assertEquals(tape.hashCode(), parsed.hashCode());
        assertEquals(List.of("scheduler", "node/n1"), parsed.streamNames());
    }

    @Test
    void longStreamsWrapOverLinesAndRoundTrip() {
        long[] draws = new long[100];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = i * 3L;
        }
        ChoiceTape tape = new ChoiceTape(-1, Map.of("s", draws));
        String text = tape.toText();
        assertEquals(2 + 1 + 4, text.split("\n").length, "header, stream line, and 100 draws at 32 a line");
        assertArrayEquals(draws, ChoiceTape.parse(text).draws("s"));
        assertEquals(-1, ChoiceTape.parse(text).seed());
    }

    @Test
    void anEmptyStreamRoundTrips() {
        ChoiceTape tape = new ChoiceTape(7, Map.of("empty", new long[0]));
        ChoiceTape parsed = ChoiceTape.parse(tape.toText());
        assertEquals(List.of("empty"), parsed.streamNames());
        assertEquals(0, parsed.size());
    }

    @Test
    void parsingToleratesBlankLinesAndWindowsLineEnds() {
        ChoiceTape parsed = ChoiceTape.parse("dst-tape 1\r\nseed 0x2a\r\n\r\nstream s 2\r\n4 5\r\n");
        assertArrayEquals(new long[] {4, 5}, parsed.draws("s"));
    }

    @Test
    void aFileRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.tape");
        sample().write(file);
        assertEquals(sample(), ChoiceTape.read(file));
    }

    @Test
    void aMissingHeaderIsReportedOnLineOne() {
        String m = messageOf("tape\nseed 1\n");
        assertTrue(m.startsWith("line 1:") && m.contains("dst-tape 1"), m);
    }

    @Test
    void anEmptyTextIsReportedOnLineOne() {
        assertTrue(messageOf("").startsWith("line 1:"));
    }

    @Test
    void aMissingSeedIsReportedOnLineTwo() {
        String m = messageOf("dst-tape 1\nstream s 1\n0\n");
        assertTrue(m.startsWith("line 2:") && m.contains("seed"), m);
    }

    @Test
    void aBadSeedIsReportedOnLineTwo() {
        String m = messageOf("dst-tape 1\nseed banana\n");
        assertTrue(m.startsWith("line 2:") && m.contains("banana"), m);
    }

    @Test
    void aBadStreamHeaderNamesItsLine() {
        String m = messageOf("dst-tape 1\nseed 1\nstream s 1\n0\nstrem t 1\n0\n");
        assertTrue(m.startsWith("line 5:") && m.contains("strem t 1"), m);
    }

    @Test
    void aBadDrawCountNamesItsLine() {
        String m = messageOf("dst-tape 1\nseed 1\nstream s many\n");
        assertTrue(m.startsWith("line 3:") && m.contains("many"), m);
    }

    @Test
    void aNegativeDrawCountNamesItsLine() {
        String m = messageOf("dst-tape 1\nseed 1\nstream s -2\n");
        assertTrue(m.startsWith("line 3:") && m.contains("-2"), m);
    }

    @Test
    void aBadDrawNamesItsLine() {
        String m = messageOf("dst-tape 1\nseed 1\nstream s 3\n1 2 x\n");
        assertTrue(m.startsWith("line 4:") && m.contains("'x'"), m);
    }

    @Test
    void moreDrawsThanDeclaredNamesTheLine() {
        String m = messageOf("dst-tape 1\nseed 1\nstream s 2\n1 2 3\n");
        assertTrue(m.startsWith("line 4:") && m.contains("more draws"), m);
    }

    @Test
    void fewerDrawsThanDeclaredNamesTheLineAndTheStream() {
        String m = messageOf("dst-tape 1\nseed 1\nstream s 3\n1 2\n");
        assertTrue(m.startsWith("line ") && m.contains("stream s") && m.contains("expected 3 draws, found 2"), m);
    }

    @Test
    void withReplacesOneStreamAndKeepsTheRest() {
        ChoiceTape edited = sample().with("scheduler", new long[] {0, 0, 0});
        assertArrayEquals(new long[] {0, 0, 0}, edited.draws("scheduler"));
        assertArrayEquals(sample().draws("node/n1"), edited.draws("node/n1"));
        assertArrayEquals(new long[] {0, 1, 0}, sample().draws("scheduler"), "the original is unchanged");
        assertNotEquals(sample(), edited);
    }

    @Test
    void aTapeCannotBeChangedThroughTheArraysItWasGivenOrGives() {
        long[] given = {1, 2, 3};
        ChoiceTape tape = new ChoiceTape(1, Map.of("s", given));
        given[0] = 99;
        tape.draws("s")[1] = 99;
        assertArrayEquals(new long[] {1, 2, 3}, tape.draws("s"));
    }

    @Test
    void sizeCountsDrawsOverAllStreams() {
        assertEquals(6, sample().size());
    }

    @Test
    void anUnknownStreamHasNoDraws() {
        assertEquals(0, sample().draws("nope").length);
    }

    @Test
    void tapesWithDifferentSeedsDiffer() {
        assertNotEquals(new ChoiceTape(1, Map.of()), new ChoiceTape(2, Map.of()));
    }

    @Test
    void aStreamNameWithSpacesSurvivesTheTextForm() {
        ChoiceTape tape = new ChoiceTape(5, Map.of("node/my server", new long[] {1, 2}));
        assertArrayEquals(new long[] {1, 2}, ChoiceTape.parse(tape.toText()).draws("node/my server"));
    }

    @Test
    void aStreamThatAppearsTwiceIsRejectedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChoiceTape.parse("dst-tape 1\nseed 0x1\nstream a 1\n0\nstream a 1\n1\n"));
        assertTrue(e.getMessage().startsWith("line 5: stream 'a' appears twice"), e.getMessage());
    }
}
