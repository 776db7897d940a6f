package dev.dst.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MalformedHistoryTest {

    private static HistoryFormatException fails(String text, Format format) {
        return assertThrows(HistoryFormatException.class, () -> History.parse(text, format));
    }

    @Test
    void truncatedEdnNamesTheMissingBracket() {
        HistoryFormatException e = fails("[{:process 0 :type :invoke :f :read :value nil}\n{:process 0 :type :ok", Format.EDN);
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("end of input"), e.reason());
    }

    @Test
    void unknownOpTypeIsRejectedWithItsLine() {
        HistoryFormatException e = fails("{:process 0 :type :invoke :f :read}\n{:process 0 :type :done :f :read}", Format.EDN_LINES);
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("unknown op type :done"), e.reason());
    }

    @Test
    void aCompletionWithNoInvocationIsRejected() {
        HistoryFormatException e = fails("INFO jepsen.util - 0 :invoke :read nil\nINFO jepsen.util - 1 :ok :read 3", Format.JEPSEN_LOG);
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("no outstanding invocation"), e.reason());
    }

    @Test
    void aSecondInvocationWhileOneIsOutstandingIsRejected() {
        HistoryFormatException e = fails("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}", Format.JSONL);
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("line 1"), e.reason());
    }

    @Test
    void anOpThatIsNotAMapIsRejected() {
        assertTrue(fails("[1 2]", Format.EDN).reason().contains("expected an op map"));
    }

    @Test
    void anOpWithoutAProcessIsRejected() {
        assertTrue(fails("{:type :invoke :f :read}", Format.EDN).reason().contains("no :process"));
    }

    @Test
    void badJsonIsRejectedWithItsLine() {
        assertEquals(3, fails("\n\n{\"process\": 0, \"type\": }", Format.JSONL).line());
    }

    @Test
    void anIntegerTooLargeIsRejected() {
        assertTrue(fails("{:process 99999999999999999999 :type :invoke :f :read}", Format.EDN).reason().contains("bad number"));
    }

    @Test
    void deepNestingIsRejectedNotOverflowed() {
        assertTrue(fails("[".repeat(100_000), Format.EDN).reason().contains("nesting"));
    }

    @Test
    void unterminatedStringIsRejected() {
        assertTrue(fails("{:process 0 :type :invoke :f :write :value \"abc}", Format.EDN).reason().contains("unterminated string"));
    }

    @Test
    void oddMapIsRejected() {
        assertTrue(fails("{:process 0 :type}", Format.EDN).reason().contains("even number"));
    }

    @Test
    void unknownFormatNameIsRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.named("xml"));
        assertTrue(e.getMessage().contains("jepsen-log"));
    }
}
