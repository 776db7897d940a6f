package dev.dst.history;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryParseTest {

    @Test
    void ednVectorWithCommentsAndMultiLineMapsIsRead() {
        String edn = "; a knossos history\n[{:process 0, :type :invoke, :f :cas, :value [1 2]}\n"
                + " {:process 0,\n  :type :ok,   ; done\n  :f :cas, :value [1 2]}\n"
                + " {:process :nemesis :type :info :f :start :value nil}]";
        History h = History.parse(edn, Format.EDN);
        assertEquals(3, h.size());
        assertEquals(List.of(1L, 2L), h.ops().get(0).value());
        assertEquals(OpType.OK, h.ops().get(1).type());
        assertTrue(h.ops().get(2).isNemesis());
    }

    @Test
    void ednListIsReadLikeAVector() {
        History h = History.parse("({:process 1 :type :invoke :f :read :value nil} {:process 1 :type :ok :f :read :value 3})", Format.EDN);
        assertEquals(3L, h.ops().get(1).value());
    }

    @Test
    void ednLinesAreReadOneMapPerLine() {
        String text = "{:index 0 :time 10 :type :invoke :process 0 :f :write :value 1}\n"
                + "{:index 1 :time 20 :type :ok :process 0 :f :write :value 1}\n";
        History h = History.parse(text, Format.EDN_LINES);
        assertEquals(2, h.size());
        assertEquals(20L, h.ops().get(1).timeNanos());
    }

    @Test
    void aKeyFieldIsFoldedIntoAKeyValueTuple() {
        History h = History.parse("{:process 0, :type :invoke, :f :get, :key \"6\", :value nil}", Format.EDN_LINES);
        assertEquals(java.util.Arrays.asList("6", null), h.ops().get(0).value());
    }

    @Test
    void ednStringsSetsAndTaggedValuesAreRead() {
        History h = History.parse("[#jepsen.history.Op{:process 0 :type :invoke :f :read :value \"a\\\"b\\n\\u0041\"}"
                + " {:process 0 :type :ok :f :read :value #{1 2} :extra #inst \"2020\"}]", Format.EDN);
        assertEquals("a\"b\nA", h.ops().get(0).value());
        assertEquals(Set.of(1L, 2L), h.ops().get(1).value());
    }

    @Test
    void jepsenLogLinesWithTabsOrSpacesAreRead() {
        String log = "2017-01-01 INFO  jepsen.core - Running test\n"
                + "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]\n"
                + "INFO  jepsen.util - 3    :info   :cas    [1 2]  indeterminate: timed out\n"
                + "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"
                + "INFO  jepsen.util - 8 :invoke :read nil\n"
                + "INFO  jepsen.util - 8 :ok :read 4\n";
        History h = History.parse(log, Format.JEPSEN_LOG);
        assertEquals(5, h.size());
        assertEquals(3, h.ops().get(0).process());
        assertEquals(OpType.INFO, h.ops().get(1).type());
        assertTrue(h.ops().get(2).isNemesis());
        assertEquals(4L, h.ops().get(4).value());
    }

    @Test
    void jsonlIsRead() {
        String jsonl = "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":{\"k\":[1,true,null,\"x\\u0041\"]},\"time\":5}\n\n"
                + "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":null,\"time\":7}\n";
        History h = History.parse(jsonl, Format.JSONL);
        assertEquals(Map.of("k", java.util.Arrays.asList(1L, true, null, "xA")), h.ops().get(0).value());
        assertEquals(7L, h.ops().get(1).timeNanos());
    }

    @Test
    void autoDetectsEachFormat() {
        assertEquals(Format.JSONL, HistoryParser.detect("{\"process\": 0}"));
        assertEquals(Format.EDN, HistoryParser.detect("; c\n{:process 0}"));
        assertEquals(Format.EDN, HistoryParser.detect("[{:process 0}]"));
        assertEquals(Format.JEPSEN_LOG, HistoryParser.detect("INFO  jepsen.util - 3 :invoke :read nil"));
    }

    @Test
    void timesDefaultToPositionsWhenAbsent() {
        History h = History.parse("INFO jepsen.util - 0 :invoke :read nil\nINFO jepsen.util - 0 :ok :read nil", Format.JEPSEN_LOG);
        assertEquals(1L, h.ops().get(1).timeNanos());
    }

    @Test
    void operationsPairInvocationsWithCompletionsAndOpenOnesAreInfo() {
        History h = new History();
        h.invoke(0, "write", 1L, 0);
        h.invoke(1, "read", null, 1);
        h.complete(0, OpType.OK, 1L, 2);
        h.nemesis("partition", "majority", 3);
        List<Operation> ops = h.operations();
        assertEquals(2, ops.size());
        assertEquals(OpType.OK, ops.get(0).type());
        assertEquals(2, ops.get(0).completeIndex());
        assertEquals(OpType.INFO, ops.get(1).type());
        assertEquals(-1, ops.get(1).completeIndex());
    }

    @Test
    void anOkReadKeepsWhatItObservedAndAnInfoKeepsItsArgument() {
        History h = new History();
        h.invoke(0, "read", null, 0);
        h.complete(0, OpType.OK, 5L, 1);
        h.invoke(1, "write", 7L, 2);
        h.complete(1, OpType.INFO, "timed-out", 3);
        assertEquals(5L, h.operations().get(0).value());
        assertEquals(7L, h.operations().get(1).value());
    }

    @Test
    void aProcessCannotInvokeTwice() {
        History h = new History();
        h.invoke(0, "read", null, 0);
        assertThrows(IllegalStateException.class, () -> h.invoke(0, "read", null, 1));
    }

    @Test
    void aCompletionNeedsAnInvocation() {
        assertThrows(IllegalStateException.class, () -> new History().complete(0, OpType.OK, null, 0));
    }

    @Test
    void aReadOfNilStaysNil() {
        History h = History.parse("{:process 0 :type :invoke :f :read :value nil}\n{:process 0 :type :ok :f :read :value nil}", Format.EDN);
        assertNull(h.operations().get(0).value());
    }
}
