package dev.dst.history;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistoryRoundTripTest {

    static History sample() {
        History h = new History();
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("key", "with \"quotes\", a\ttab and a\nnewline");
        m.put("n", -12L);
        m.put("list", Arrays.asList(1L, null, true, "x"));
        h.invoke(0, "write", 3L, 100);
        h.invoke(1, "cas", List.of(3L, 4L), 110);
        h.complete(0, OpType.OK, 3L, 120);
        h.nemesis("start-partition", List.of("n1", "n2"), 125);
        h.complete(1, OpType.FAIL, List.of(3L, 4L), 130);
        h.invoke(0, "txn", m, 140);
        h.complete(0, OpType.INFO, null, 150);
        h.invoke(2, "read", null, 160);
        return h;
    }

    @Test
    void jsonlRoundTripsEveryEvent() {
        History h = sample();
        assertEquals(h.ops(), History.parse(h.toJsonl(), Format.JSONL).ops());
    }

    @Test
    void ednRoundTripsEveryEvent() {
        History h = sample();
        assertEquals(h.ops(), History.parse(h.toEdn(), Format.EDN).ops());
    }

    @Test
    void autoDetectionReadsBothExports() {
        History h = sample();
        assertEquals(h.ops(), History.parse(h.toEdn(), Format.AUTO).ops());
        assertEquals(h.ops(), History.parse(h.toJsonl(), Format.AUTO).ops());
    }

    @Test
    void ednExportUsesJepsenKeys() {
        History h = new History();
        h.invoke(0, "write", 3L, 123);
        assertEquals("[{:process 0, :type :invoke, :f :write, :value 3, :time 123, :index 0}]\n", h.toEdn());
    }

    @Test
    void withValueChangesOneEventOfACopy() {
        History h = new History();
        h.invoke(0, "read", null, 1);
        h.complete(0, OpType.OK, 1, 2);
        h.invoke(0, "write", 3, 3);
        History bad = h.withValue(1, 2);
        assertEquals(List.of(1L, 3L), h.operations().stream().map(Operation::value).toList(), "the original is unchanged");
        assertEquals(List.of(2L, 3L), bad.operations().stream().map(Operation::value).toList(), "the value is normalized as recorded ones are");
        bad.complete(0, OpType.OK, 3, 4); // the copy keeps the outstanding write
        assertEquals(OpType.OK, bad.operations().get(1).type());
        assertEquals(OpType.INFO, h.operations().get(1).type());
    }
}
