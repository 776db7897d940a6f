package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the kernel sees: enter, exit and poll, per thread. */
final class LeakGuardTest {
    @AfterEach
    void clear() {
        LeakGuard.poll();
    }

    @Test
    void withoutTheAgentTheGuardIsNotInstalled() {
        // the whole suite may be run with the agent, to check that dst's own classes survive rewriting
        assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(a -> a.startsWith("-javaagent:")));
        assertFalse(LeakGuard.installed());
    }

    @Test
    void outsideEnterAndExitNothingIsRecorded() {
        assertFalse(LeakGuard.record(Traps.CLOCK, "System.nanoTime()"));
        assertNull(LeakGuard.poll());
    }

    @Test
    void insideTheFirstLeakIsKeptUntilItIsPolled() {
        LeakGuard.enter();
        try {
            assertTrue(LeakGuard.record(Traps.CLOCK, "System.nanoTime()"));
            assertTrue(LeakGuard.record(Traps.RANDOM, "Math.random()"));
        } finally {
            LeakGuard.exit();
        }
        assertEquals("wall clock read: System.nanoTime()", LeakGuard.poll().what());
        assertNull(LeakGuard.poll());
    }

    @Test
    void enterNests() {
        LeakGuard.enter();
        LeakGuard.enter();
        LeakGuard.exit();
        try {
            assertTrue(LeakGuard.inside());
        } finally {
            LeakGuard.exit();
        }
        assertFalse(LeakGuard.inside());
    }

    @Test
    void anExitWithoutItsEnterIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, LeakGuard::exit);
        assertEquals("LeakGuard.exit() without a matching enter()", e.getMessage());
    }

    @Test
    void anotherThreadsSimulationIsItsOwn() throws InterruptedException {
        AtomicReference<Leak> seen = new AtomicReference<>();
        Thread other = new Thread(() -> {
            LeakGuard.enter();
            LeakGuard.record(Traps.CLOCK, "System.nanoTime()");
            LeakGuard.exit();
            seen.set(LeakGuard.poll());
        });
        LeakGuard.enter();
        try {
            other.start();
            other.join();
        } finally {
            LeakGuard.exit();
        }
        assertNull(LeakGuard.poll());
        assertEquals("wall clock read: System.nanoTime()", seen.get().what());
    }

    @Test
    void aLeakReadsAsWhatAtWhere() {
        assertEquals("wall clock read: System.nanoTime() at com.acme.Node.onTimer(Node.java:42)",
                new Leak("wall clock read: System.nanoTime()", "com.acme.Node.onTimer(Node.java:42)").toString());
        assertThrows(NullPointerException.class, () -> new Leak(null, "x"));
    }
}
