package dev.dst.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.sim.RunReport;
import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.trace.Trace;
import dev.dst.trace.TraceKind;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Lamport diagram page of a small deterministic run. */
final class LamportHtmlTest {
    private static final long MS = 1_000_000L;
    private static final String BOB = "bob<&>";

    /** Pings bob at start and on two timers (10 ms and 40 ms); counts the pongs. */
    private static final class Alice implements Node {
        private final int bob;

        Alice(int bob) {
            this.bob = bob;
        }

        @Override
        public void onStart(NodeContext ctx) {
            ctx.send(bob, "ping 1");
            ctx.setTimer(10 * MS, "second");
            ctx.setTimer(40 * MS, "third");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ctx.send(bob, tag.equals("second") ? "ping 2" : "<ping & 3>");
        }
    }

    /** Counts pings (in a counter that outlives a crash) and answers each with a pong. */
    private static final class Bob implements Node {
        private final int[] pings;

        Bob(int[] pings) {
            this.pings = pings;
        }

        @Override
        public void onMessage(NodeContext ctx, int from, Object message) {
            pings[0]++;
            ctx.send(from, "pong " + pings[0]);
        }
    }

    /**
     * alice pings bob three times; bob is down (crashed at 10 ms, restarted at 30 ms) when the
     * second ping arrives, so it is lost; the invariant "bob saw at most one ping" fails when the
     * third arrives. Messages delivered: ping 1, pong 1, the third ping.
     */
    private static Simulation toyRun(TraceWindow window) {
        Simulation.Builder b = Simulation.builder(7);
        if (window != null) {
            b.traceSink(window);
        }
        Simulation sim = b.build();
        int[] pings = new int[1];
        int bob = sim.addNode(BOB, ctx -> new Bob(pings));
        sim.addNode("alice", ctx -> new Alice(bob));
        sim.scheduleAt(10 * MS, "crash bob", () -> sim.crash(bob));
        sim.scheduleAt(30 * MS, "restart bob", () -> sim.restart(bob));
        sim.invariant("bob saw at most one ping", () -> pings[0] <= 1, () -> BOB + " saw " + pings[0] + " pings");
        try {
            sim.runFor(Duration.ofMillis(100));
        } catch (SimulationFailure expected) {
            // the invariant fails on the third ping
        }
        return sim;
    }

    private static String page(int windowEvents) {
        TraceWindow window = new TraceWindow(windowEvents);
        Simulation sim = toyRun(window);
        return LamportHtml.of(sim.report(), window).header("scenario", "toy").render();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theToyRunFailsAsTheTestsExpect() {
        RunReport r = toyRun(null).report();
        assertFalse(r.passed());
        assertEquals(3, r.counters().get("messages.delivered"));
        assertEquals(1, r.counters().get("messages.dropped"));
    }

    @Test
    void everyNodeHasALane() {
        String html = page(1000);
        assertTrue(html.contains(">alice</span>"), html);
        assertTrue(html.contains(">bob&lt;&amp;&gt;</span>"), html);
        assertEquals(2, count(html, "<line class='lane"));
    }

    @Test
    void everyDeliveredMessageIsOneArrowFromItsSend() {
        String html = page(1000);
        assertEquals(3, count(html, "<g class='m msg'>"));
        assertEquals(3, count(html, "marker-end='url(#ah-msg)'"));
        assertTrue(html.contains("alice -&gt; bob&lt;&amp;&gt;, sent 0.000000s, delivered 0.001000s"), html);
    }

    @Test
    void aDroppedMessageEndsInAnX() {
        String html = page(1000);
        assertEquals(1, count(html, "<g class='m drop'>"));
        assertEquals(1, count(html, "<path class='x'"));
        assertTrue(html.contains("DROPPED (lost: bob&lt;&amp;&gt; is down)"), html);
        assertTrue(html.contains("\nping 2</title>"), html);
    }

    @Test
    void aCrashedNodeIsDrawnDownUntilItRestarts() {
        String html = page(1000);
        assertTrue(html.contains("<rect class='down'"), html);
        assertTrue(html.contains("bob&lt;&amp;&gt; down from 0.010000s to 0.030000s"), html);
    }

    @Test
    void theViolationIsHighlightedWithItsLaneTimeAndMessage() {
        String html = page(1000);
        assertTrue(html.contains("<div class='banner'><b>invariant &#39;bob saw at most one ping&#39; violated at step"), html);
        assertTrue(html.contains("<pre>bob&lt;&amp;&gt; saw 2 pings</pre>"), html);
        assertTrue(html.contains("<line id='vline'"), html);
        assertTrue(html.contains("<span class='lname hot'") && html.contains(">bob&lt;&amp;&gt;</span>"), html);
        assertTrue(html.contains("<line class='lane hot' x1='" + (96 + 160 / 2) + "'"), "bob, lane 0, is the hot one: " + html);
        assertTrue(html.contains("FAIL: invariant"), html);
    }

    @Test
    void aLongRunShowsOnlyTheLastWindowAndSaysHowManyEventsItOmitted() {
        TraceWindow window = new TraceWindow(12);
        Simulation sim = toyRun(window);
        long total = sim.report().traceEvents();
        String html = LamportHtml.of(sim.report(), window).render();
        Matcher m = Pattern.compile("Window: the last 12 of (\\d+) trace events \\(steps \\d+ to \\d+, t=[^)]*\\); (\\d+) earlier events omitted")
                .matcher(html);
        assertTrue(m.find(), html);
        assertEquals(total, Long.parseLong(m.group(1)));
        assertEquals(total - 12, Long.parseLong(m.group(2)));
        assertFalse(html.contains("sent 0.000000s"), "the first ping's send is outside the window");
    }

    @Test
    void aShortRunIsShownWhole() {
        String html = page(1000);
        assertTrue(html.contains("All "), html);
        assertFalse(html.contains("omitted"), html);
    }

    @Test
    void messageAndNodeTextIsEscaped() {
        String html = page(1000);
        assertTrue(html.contains("&lt;ping &amp; 3&gt;"), html);
        assertFalse(html.contains("<ping"), html);
        assertFalse(html.contains("bob<&>"), html);
    }

    @Test
    void thePageIsSelfContained() {
        String html = page(1000);
        assertFalse(html.contains("src="), html);
        assertFalse(html.contains("href="), html);
        assertFalse(html.contains("@import"), html);
    }

    @Test
    void oneRunGivesTheSamePageEveryTime() {
        assertEquals(page(1000), page(1000));
    }

    @Test
    void aWindowSinkDoesNotChangeTheTraceHash() {
        assertEquals(toyRun(null).traceHash(), toyRun(new TraceWindow(5)).traceHash());
    }

    @Test
    void aFaultIsAShadedPeriodOnTheLanesItNames() {
        TraceWindow window = new TraceWindow(1000);
        Simulation sim = Simulation.builder(1).traceSink(window).build();
        sim.addNode("a", ctx -> new Node() {});
        sim.addNode("b", ctx -> new Node() {});
        sim.addNode("c", ctx -> new Node() {});
        sim.scheduleAt(5 * MS, "apply", () -> sim.traceFault(TraceKind.FAULT, Trace.NONE, "apply partition-halves a | b"));
        sim.scheduleAt(9 * MS, "revert", () -> sim.traceFault(TraceKind.FAULT, Trace.NONE, "revert partition-halves a | b"));
        sim.runFor(Duration.ofMillis(20));
        String html = LamportHtml.of(sim.report(), window).render();
        assertEquals(2, count(html, "<g class='band net'>"), "on a and b, not c: " + html);
        assertTrue(html.contains("partition-halves a | b: from 0.005000s to 0.009000s"), html);
        assertTrue(html.contains("<td>PASS</td>"), html);
        assertFalse(html.contains("<line id='vline'"), html);
    }

    @Test
    void aRequestIsABarFromItsSendToItsReplyColouredByOutcome() {
        TraceWindow window = new TraceWindow(1000);
        Simulation sim = Simulation.builder(1).traceSink(window).build();
        int server = sim.addNode("server", ctx -> new Node() {
            @Override
            public void onRequest(NodeContext c, Request r) {
                c.reply(r, "done");
            }
        });
        sim.addNode("client", ctx -> new Node() {
            @Override
            public void onStart(NodeContext c) {
                c.request(server, "write 1");
            }

            @Override
            public void onReply(NodeContext c, Reply r) {}
        });
        sim.runFor(Duration.ofMillis(20));
        String html = LamportHtml.of(sim.report(), window).render();
        assertEquals(1, count(html, "<rect class='op ok'"), html);
        assertTrue(html.contains("client request #"), html);
        assertTrue(html.contains("write 1 -&gt; ok (done)"), html);
        assertEquals(1, count(html, "<g class='m req'>"), html);
        assertEquals(1, count(html, "<g class='m rep'>"), html);
    }
}
