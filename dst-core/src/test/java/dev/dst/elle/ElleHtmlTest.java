package dev.dst.elle;

import dev.dst.history.Format;
import dev.dst.history.History;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElleHtmlTest {
    /** Read skew (from CycleAnomalyTest): T0 --wr(y,1)--> T1 --rw(x empty)--> T0. */
    static final String READ_SKEW = """
            [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:append :y 1]]}
             {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
             {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:append :y 1]]}
             {:process 1, :type :ok, :f :txn, :value [[:r :x []] [:r :y [1]]]}
             {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
             {:process 2, :type :ok, :f :txn, :value [[:r :x [1]]]}]
            """;
    /** Write skew (from CycleAnomalyTest): T0 --rw(x empty)--> T1 --rw(y empty)--> T0, a G2-item. */
    static final String WRITE_SKEW = """
            [{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:append :y 1]]}
             {:process 1, :type :invoke, :f :txn, :value [[:r :y nil] [:append :x 1]]}
             {:process 0, :type :ok, :f :txn, :value [[:r :x []] [:append :y 1]]}
             {:process 1, :type :ok, :f :txn, :value [[:r :y []] [:append :x 1]]}
             {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
             {:process 2, :type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]]}]
            """;

    private static String page(String edn) {
        History h = History.parse(edn, Format.EDN);
        return ElleHtml.render(h, ListAppend.check(h), "h.edn <list-append>");
    }

    /** The models table's row for {@code model}: its name cell and its verdict cell. */
    private static String row(String model, String cls, String verdict) {
        return "<td><code>" + model + "</code></td><td class='" + cls + "'>" + verdict + "</td>";
    }

    @Test
    void aReadSkewPageDrawsTheCycleWithItsTransactionsAndEdgeLabels() {
        String html = page(READ_SKEW);
        assertTrue(html.contains("<svg xmlns='http://www.w3.org/2000/svg' class='cycle'"), html);
        assertTrue(html.contains("T0 --wr(y,1)--&gt; T1 --rw(x empty)--&gt; T0"), html);
        assertTrue(html.contains(">wr(y,1)</text>") && html.contains(">rw(x empty)</text>"), html);
        assertTrue(html.contains("class='tn'>T0</text>") && html.contains("class='tn'>T1</text>"), html);
        assertTrue(html.contains("T0 (p0, ok): [append x 1] [append y 1]"), html);
        assertTrue(html.contains("T1 (p1, ok): [r x []] [r y [1]]"), html);
        assertTrue(html.contains("G-single: 1 anomaly"), html);
    }

    @Test
    void theModelsTableRulesOutSerializableAndSaysWhy() {
        String html = page(READ_SKEW);
        assertTrue(html.contains(row("serializable", "out", "ruled out") + "<td>G-single (1)</td>"), html);
        assertTrue(html.contains(row("snapshot-isolation", "out", "ruled out")), html);
        assertTrue(html.contains(row("read-committed", "allowed", "allowed") + "<td></td>"), html);
        for (ConsistencyModel m : ConsistencyModel.values()) {
            assertTrue(html.contains("<td><code>" + m.label() + "</code></td>"), m.label());
        }
    }

    @Test
    void writeSkewRulesOutSerializableButAllowsSnapshotIsolation() {
        String html = page(WRITE_SKEW);
        assertTrue(html.contains(row("serializable", "out", "ruled out") + "<td>G2-item (1)</td>"), html);
        assertTrue(html.contains(row("snapshot-isolation", "allowed", "allowed")), html);
        assertTrue(html.contains(">rw(x empty)</text>") && html.contains(">rw(y empty)</text>"), html);
    }

    @Test
    void aRegisterPageSaysItsEdgesInTheWordsOfRegisters() {
        History h = History.parse("""
                [{:process 0, :type :invoke, :f :txn, :value [[:w :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:w :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 3]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 2]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 3]]}]
                """, Format.EDN);
        String html = ElleHtml.render(h, RwRegister.check(h, new RwRegister.Options(true)), "lost update");
        assertTrue(html.contains("T1 read x = 1, and T2 read 1 too and then wrote x"), html);
        assertTrue(html.contains("the source read a version of the key older than the one the target wrote"), html);
        assertTrue(html.contains("lost-update") && !html.contains("appended"), html);
    }

    @Test
    void eachEdgeIsSaidInWords() {
        String html = page(READ_SKEW);
        assertTrue(html.contains("T0 appended 1 to y, and T1&#39;s read of y ended at 1"), html);
        assertTrue(html.contains("T1 read x empty, and T0 appended its first element"), html);
    }

    @Test
    void orderEdgesNameTheHistoryEvents() {
        String staleRead = """
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x []]]}
                 {:process 2, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 2, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """;
        String html = page(staleRead);
        assertTrue(html.contains("G-single-realtime: 1 anomaly"), html);
        assertTrue(html.contains("T0 completed before T1 was invoked (history events 1 and 2)"), html);
        assertTrue(html.contains(row("strict-serializable", "out", "ruled out") + "<td>G-single-realtime (1)</td>"), html);
    }

    @Test
    void aReadAnomalyShowsItsKeyTransactionsAndExplanation() {
        String html = page("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :fail, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """);
        assertTrue(html.contains("G1a #1: key <code>x</code>, T1, T0</h4>"), html);
        assertTrue(html.contains("<p>T1 read x [1], but 1 was appended by T0, which failed</p>"), html);
        assertTrue(html.contains("<pre>T1 (p1, ok): [r x [1]]\nT0 (p0, fail): [append x 1]</pre>"), html);
        assertFalse(html.contains("<svg xmlns='http://www.w3.org/2000/svg' class='cycle'"), "no drawing for a read anomaly");
    }

    @Test
    void aValidHistorySaysNoAnomalyAndAllowsEveryModel() {
        String html = page("""
                [{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
                 {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
                 {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
                 {:process 1, :type :ok, :f :txn, :value [[:r :x [1]]]}]
                """);
        assertTrue(html.contains("No anomaly found"), html);
        assertTrue(html.contains("list-append: no anomaly (2 transactions, 2 committed)"), html);
        assertEquals(ConsistencyModel.values().length, count(html, "<td class='allowed'>allowed</td>"), html);
        assertFalse(html.contains("ruled out</td>") || html.contains("<svg xmlns"), html);
    }

    @Test
    void keysAndValuesFromTheFileAreEscaped() {
        String html = page(READ_SKEW.replace(":x", "\"<script>alert(1)</script>\"").replace(":y", "\"a'b&c\""));
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("wr(a&#39;b&amp;c,1)"), html);
        assertTrue(html.contains("h.edn &lt;list-append&gt;"), "the title too");
    }

    @Test
    void thePageFetchesNothing() {
        String html = page(READ_SKEW);
        assertFalse(html.contains("src=") || html.contains("@import") || html.contains("url("), html);
        Matcher m = Pattern.compile("href='([^']*)'").matcher(html);
        while (m.find()) {
            assertTrue(m.group(1).startsWith("#"), "only links within the page: " + m.group(1));
        }
    }

    @Test
    void theSameResultGivesTheSameBytes() {
        for (String edn : List.of(READ_SKEW, WRITE_SKEW)) {
            assertEquals(page(edn), page(edn));
            History h = History.parse(edn, Format.EDN);
            List<dev.dst.history.Operation> reversed = new ArrayList<>(h.operations());
            java.util.Collections.reverse(reversed);
            assertEquals(page(edn), ElleHtml.render(reversed, ListAppend.check(h), "h.edn <list-append>"),
                    "the operations are looked up by id, whatever their order");
        }
    }

    @Test
    void atMostTwentyAnomaliesOfATypeAreShownAndTheRestCounted() {
        StringBuilder edn = new StringBuilder("[");
        for (int k = 0; k < 25; k++) {
            edn.append("{:process 0, :type :invoke, :f :txn, :value [[:append :k").append(k).append(" 1]]}\n")
                    .append("{:process 0, :type :fail, :f :txn, :value [[:append :k").append(k).append(" 1]]}\n")
                    .append("{:process 1, :type :invoke, :f :txn, :value [[:r :k").append(k).append(" nil]]}\n")
                    .append("{:process 1, :type :ok, :f :txn, :value [[:r :k").append(k).append(" [1]]]}\n");
        }
        String html = page(edn.append("]").toString());
        assertTrue(html.contains("G1a: 25 anomalies"), html);
        assertEquals(ElleHtml.SHOWN_PER_TYPE, count(html, "<div class='anomaly'>"));
        assertTrue(html.contains("5 more G1a anomalies are not shown"), html);
    }

    @Test
    void cyclesOfOneAndOfManyTransactionsAreDrawn() {
        List<Anomaly> anomalies = new ArrayList<>();
        anomalies.add(new Anomaly.CycleAnomaly(AnomalyType.G0,
                new Cycle(List.of(new Cycle.Step(3, 3, EdgeKind.WW, "x", 1L)), List.of("T3 (p0, ok): [append x 1]"))));
        List<Cycle.Step> steps = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        EdgeKind[] kinds = EdgeKind.values();
        for (int i = 0; i < 7; i++) {
            EdgeKind k = kinds[i % kinds.length];
            boolean data = k == EdgeKind.WW || k == EdgeKind.WR || k == EdgeKind.RW;
            steps.add(new Cycle.Step(10 + i, 10 + (i + 1) % 7, k, data ? "k" + i : null, data ? (long) i : null));
            lines.add("T" + (10 + i) + " (p" + i + ", ok): [r k" + i + " nil]");
        }
        anomalies.add(new Anomaly.CycleAnomaly(AnomalyType.G2_ITEM, new Cycle(steps, lines)));
        ElleResult r = new ElleResult("list-append", anomalies, Set.of(ConsistencyModel.values()), 8, 8, 0);
        String html = ElleHtml.render(List.of(), r, "synthetic");
        assertEquals(2, count(html, "<svg xmlns='http://www.w3.org/2000/svg' class='cycle'"));
        for (int i = 10; i < 17; i++) {
            assertTrue(html.contains("class='tn'>T" + i + "</text>"), "T" + i);
        }
        assertTrue(html.contains(">ww(x after 1)</text>") && html.contains(">realtime</text>"), html);
        assertFalse(html.contains("NaN") || html.contains("Infinity"), html);
    }

    @Test
    void aCycleTooLongToDrawIsListed() {
        List<Cycle.Step> steps = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int n = CycleDrawing.STEPS_DRAWN_MAX + 1;
        for (int i = 0; i < n; i++) {
            steps.add(new Cycle.Step(i, (i + 1) % n, EdgeKind.REALTIME, null, null));
            lines.add("T" + i + " (p" + i + ", ok): [append x " + i + "]");
        }
        ElleResult r = new ElleResult("list-append", List.of(new Anomaly.CycleAnomaly(AnomalyType.G0_REALTIME, new Cycle(steps, lines))),
                Set.of(ConsistencyModel.STRICT_SERIALIZABLE), n, n, 0);
        String html = ElleHtml.render(List.of(), r, "long");
        assertTrue(html.contains("A cycle of 41 transactions is not drawn"), html);
        assertFalse(html.contains("class='cycle'"), html);
        assertTrue(html.contains("T40 completed before T0 was invoked"), html);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
