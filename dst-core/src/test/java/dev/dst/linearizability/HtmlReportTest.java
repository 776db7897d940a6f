package dev.dst.linearizability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    private static String page() {
        Histories h = new Histories().op(0, "write", 1L).op(0, "write", 2L).op(1, "read", 1L);
        h.history.nemesis("partition", "<majority>", 99);
        return HtmlReport.render(h.history, Linearizability.check(h.history, Models.register(0L)), "stale <read>");
    }

    @Test
    void thePageFetchesNothing() {
        String html = page();
        assertFalse(html.contains("src="), "no external scripts or images");
        assertFalse(html.contains("href="), "no external style sheets or links");
        assertFalse(html.contains("@import"));
    }

    @Test
    void theUnplaceableReadIsMarked() {
        String html = page();
        assertTrue(html.contains("class='op bad'"), html);
        assertTrue(html.contains("cannot be placed"));
    }

    @Test
    void prefixOperationsCarryTheirPosition() {
        assertTrue(page().contains("#2 write 2"));
    }

    @Test
    void textIsEscaped() {
        String html = page();
        assertTrue(html.contains("stale &lt;read&gt;"));
        assertFalse(html.contains("<majority>"));
    }

    @Test
    void everyProcessHasARow() {
        String html = page();
        assertTrue(html.contains(">p0</text>") && html.contains(">p1</text>"));
    }
}
