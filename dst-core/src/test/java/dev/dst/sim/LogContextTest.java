package dev.dst.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;

/**
 * The MDC keys a node's own slf4j loggers see while dst calls into it. slf4j-simple, these
 * tests' provider, has no MDC, so they use slf4j's basic adapter (as logback's behaves).
 */
final class LogContextTest {
    private static final BasicMDCAdapter MDC_ADAPTER = new BasicMDCAdapter();

    @BeforeEach
    void useARealMdc() {
        LogContext.adapterOverride = MDC_ADAPTER;
    }

    @AfterEach
    void backToTheProvidersMdc() {
        LogContext.adapterOverride = null;
    }

    /** Records what the MDC held at its factory, at start and at each timer. */
    private static final class Recorder implements Node {
        final List<String> seen;

        Recorder(List<String> seen) {
            this.seen = seen;
            seen.add(mdc());
        }

        static String mdc() {
            return MDC_ADAPTER.get("dst.node") + " " + MDC_ADAPTER.get("dst.time") + " " + MDC_ADAPTER.get("dst.seed");
        }

        @Override
        public void onStart(NodeContext ctx) {
            seen.add(mdc());
            ctx.setTimer(Duration.ofMillis(1500), "tick");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            seen.add(mdc());
        }
    }

    @Test
    void whileANodeRunsTheMdcNamesTheNodeTheSimulatedTimeAndTheSeed() {
        List<String> seen = new ArrayList<>();
        Simulation sim = Simulation.builder(0x2a).mdc(true).build();
        sim.addNode("n0", ctx -> new Recorder(seen));
        sim.runFor(Duration.ofSeconds(2));
        assertEquals(List.of("n0 0.000000s 0x2a", "n0 0.000000s 0x2a", "n0 1.500000s 0x2a"), seen);
    }

    @Test
    void outsideANodeTheKeysAreGone() {
        List<String> seen = new ArrayList<>();
        Simulation sim = Simulation.builder(7).mdc(true).build();
        sim.addNode("n0", ctx -> new Recorder(seen));
        sim.schedule(Duration.ofMillis(10), "harness", () -> seen.add("action " + Recorder.mdc()));
        sim.runFor(Duration.ofSeconds(2));
        assertEquals("action null null null", seen.get(2));
        assertNull(MDC_ADAPTER.get("dst.node"));
    }

    @Test
    void theMdcIsOffByDefault() {
        List<String> seen = new ArrayList<>();
        Simulation sim = Simulation.create(7);
        sim.addNode("n0", ctx -> new Recorder(seen));
        sim.runFor(Duration.ofSeconds(2));
        assertEquals(List.of("null null null", "null null null", "null null null"), seen);
    }

    @Test
    void withAProviderWithoutMdcTheContextStaysOff() {
        LogContext.adapterOverride = null;
        assertEquals(MDC.getMDCAdapter() instanceof org.slf4j.helpers.NOPMDCAdapter, !LogContext.of(1, true).on());
    }

    @Test
    void timesAreFormattedLikeTraces() {
        assertEquals("0.000000s", LogContext.time(0));
        assertEquals("0.000005s", LogContext.time(5_000));
        assertEquals("12.345678s", LogContext.time(12_345_678_901L));
        assertEquals("1.000010s", LogContext.time(1_000_010_000L));
        assertEquals("-0.500000s", LogContext.time(-500_000_000L));
    }
}
