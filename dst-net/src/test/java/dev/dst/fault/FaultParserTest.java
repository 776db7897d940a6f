package dev.dst.fault;

import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Samples.Sample;
import dev.dst.testnodes.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class FaultParserTest {
    private static final World W = Fixture.chatters(1, 5, Fixture.ONE_MS, 0).world();

    static List<Sample> samples() {
        return Samples.oneOfEachKind();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyKindsTextParsesBackToAnEqualFault(Sample s) {
        String text = s.fault().toText(W);
        assertTrue(text.startsWith(s.fault().kind() + " "), text);
        assertEquals(s.fault(), FaultParser.parse(text, W));
    }

    @Test
    void textNamesNodesAndWritesExactDurations() {
        assertEquals("one-way n0 -> n1", new Fault.OneWay(0, 1).toText(W));
        assertEquals("partition-halves n0,n1 | n2,n3,n4",
                new Fault.Partition("partition-halves", List.of(List.of(0, 1), List.of(2, 3, 4))).toText(W));
        assertEquals("clock-jump n3 -0.300000001s", new Fault.ClockJump(3, -300_000_001L).toText(W));
        assertEquals("clock-drift n2 +5000ppm", new Fault.ClockDrift(2, 5000).toText(W));
    }

    @Test
    void handWrittenFormsParse() {
        assertEquals(new Fault.ClockSkew(1, 50_000_000L), FaultParser.parse("  clock-skew   n1 0.05s ", W));
        assertEquals(new Fault.SlowLink(0, 4, 1_500_000_000L), FaultParser.parse("slow-link n0 n4 1.5s", W));
        assertEquals(new Fault.ClockDrift(2, -300), FaultParser.parse("clock-drift n2 -300ppm", W));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "kill; a fault kind followed by its targets",
            "kill n0 n1; 'KIND NODE'",
            "clock-skew n0; 'clock-skew NODE +0.100000s'",
            "clock-skew n0 5ms; a duration in seconds such as +0.050000s, not '5ms'",
            "clock-jump n0 +abcs; a duration in seconds",
            "clock-drift n0 fast; a drift such as +5000ppm, not 'fast'",
            "lossy-link n0 n1 1.5; a probability in [0, 1], not '1.5'",
            "duplicating-link n0 n1; 'duplicating-link A B 0.25'",
            "one-way n0 n1; one-way FROM -> TO",
            "partition-halves n0,n1; groups separated by |",
            "burst-kill n0,,n1; node names separated by commas",
            "flapping-link n0 n1 often; a duration in seconds",
            "connection-reset n0; 'connection-reset A B'"})
    void badLinesSayWhatWasExpected(String line, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultParser.parse(line, W));
        assertTrue(e.getMessage().contains("'" + line.strip() + "'"), "quotes the text: " + e.getMessage());
        assertTrue(e.getMessage().contains(": expected "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"frobnicate n0", "frobnicate"})
    void anUnknownKindListsTheKinds(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultParser.parse(line, W));
        assertTrue(e.getMessage().contains("unknown fault kind 'frobnicate'"), e.getMessage());
        assertTrue(e.getMessage().contains(String.join(", ", FaultParser.KINDS)), e.getMessage());
    }

    @Test
    void anUnknownNodeListsTheNodes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultParser.parse("kill n9", W));
        assertTrue(e.getMessage().contains("unknown node 'n9'"), e.getMessage());
        assertTrue(e.getMessage().contains("nodes: n0, n1, n2, n3, n4"), e.getMessage());
    }

    @Test
    void anUnknownPartitionShapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Fault.Partition("partition-thirds", List.of(List.of(0), List.of(1))));
        assertThrows(IllegalArgumentException.class, () -> new Fault.Partition("isolate", List.of(List.of(0))));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "partition-pair n0 | n0; partition-pair names node 0 more than once",
            "partition-halves n0,n1 | n1,n2; partition-halves names node 1 more than once",
            "majorities-ring n0,n1,n2,n3,n0; majorities-ring names node 0 more than once",
            "majorities-ring n0,n1,n2; at least 4 nodes",
            "clock-drift n0 +900000ppm; within ±500000ppm",
            "slow-link n0 n1 -0.050000000s; must not be negative",
            "flapping-link n0 n1 0s; a flapping period must be positive"})
    void faultsThatCannotBeAppliedAreRefusedWhenParsed(String line, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultParser.parse(line, W));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
