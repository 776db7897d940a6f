package dev.dst.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.fault.Fault;
import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import dev.dst.runtime.Client;
import dev.dst.runtime.FileStorage;
import dev.dst.runtime.UnknownOutcomeException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults done for real on node processes ({@link ProbeServer}): each test starts a small
 * cluster, applies one fault, sees its effect through a client, reverts it, and leaves no
 * process behind. Waits are generous and nothing asserts how fast anything was.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class ChaosClusterTest {
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private ChaosCluster cluster;

    private ChaosCluster start(String... names) throws Exception {
        cluster = ChaosCluster.builder(List.of(names)).mainClass(ProbeServer.class.getName()).directory(tmp).seed(1).start();
        return cluster;
    }

    @AfterEach
    void noProcessIsLeftBehind() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }

    private static Object call(ChaosCluster c, int node, String f, Object value, Duration timeout) throws Exception {
        try (Client client = Client.connect(c.clientAddress(node))) {
            Object answer = client.call(new ClientOp(f, value), timeout);
            return answer instanceof Result r && r.ok() ? r.value() : answer;
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "within " + PATIENCE.toSeconds() + " s: " + what);
            Thread.sleep(20);
        }
    }

    private static long skew(ChaosCluster c) {
        try {
            return (Long) call(c, 0, "now", null, CALL) - (Long) call(c, 1, "now", null, CALL);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Object write(ChaosCluster c, int node) {
        try {
            return call(c, node, "write", null, CALL);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long total(ChaosCluster c, int node) {
        try {
            return (Long) call(c, node, "add", 0L, CALL);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKilledNodeIsDownAndStartsAgainWithWhatItHadWritten() throws Exception {
        ChaosCluster c = start("n0", "n1");
        assertEquals(5L, call(c, 0, "add", 5L, CALL));
        assertTrue(c.apply(new Fault.Kill(0)).startsWith("SIGKILL n0"));
        assertNull(c.clientAddress(0), "down: no address to call");
        c.revert(new Fault.Kill(0));
        assertTrue(c.awaitAllReady(PATIENCE), "started again");
        assertEquals(5L, total(c, 0), "the new process read the total its predecessor wrote");
        assertEquals(3, c.processesStarted());
    }

    @Test
    void aPausedNodeAnswersNothingUntilItResumes() throws Exception {
        ChaosCluster c = start("n0", "n1");
        assertTrue(c.apply(new Fault.Pause(1)).startsWith("SIGSTOP"));
        assertThrows(UnknownOutcomeException.class, () -> call(c, 1, "add", 1L, Duration.ofMillis(300)));
        c.revert(new Fault.Pause(1));
        await("n1 answers once resumed", () -> total(c, 1) >= 0);
    }

    @Test
    void aOneWayCutLosesTheMessagesOnThatLinkOnly() throws Exception {
        ChaosCluster c = start("n0", "n1", "n2");
        c.apply(new Fault.OneWay(0, 1));
        assertEquals(3L, call(c, 0, "add", 3L, CALL));
        await("n2 hears n0's add", () -> total(c, 2) == 3);
        assertEquals(0L, total(c, 1), "n1 does not hear n0");
        assertEquals(7L, call(c, 1, "add", 7L, CALL));
        await("n0 hears n1's add: the other way is not cut", () -> total(c, 0) == 10);
        c.revert(new Fault.OneWay(0, 1));
        assertEquals(14L, call(c, 0, "add", 4L, CALL));
        await("n1 hears n0 again", () -> total(c, 1) == 11); // 7 + 4: the 3 sent while cut stays lost
        assertTrue(c.proxyStats().droppedCut() >= 1, "the proxy dropped the cut frame: " + c.proxyStats());
    }

    @Test
    void aClockSkewMovesTheNodesNowAndItsRevertMovesItBack() throws Exception {
        ChaosCluster c = start("n0", "n1");
        long hour = 3_600_000_000_000L;
        // The offset reaches the node over its stdin, so a call on its socket may come first: wait for the effect.
        c.apply(new Fault.ClockSkew(0, hour));
        await("n0's now is an hour ahead of n1's", () -> skew(c) > hour / 2);
        c.revert(new Fault.ClockSkew(0, hour));
        await("n0's now is back to true time", () -> skew(c) < hour / 2);
    }

    @Test
    void aFullDiskRefusesWritesAlsoAfterARestartUntilItIsFreed() throws Exception {
        ChaosCluster c = start("n0", "n1");
        assertNull(call(c, 0, "write", null, CALL));
        // The quota reaches the node over its stdin, so a call on its socket may come first: wait for the effect.
        c.apply(new Fault.DiskFull(0));
        await("n0's disk is full", () -> Result.fail("disk full").equals(write(c, 0)));
        c.apply(new Fault.Restart(0));
        assertTrue(c.awaitAllReady(PATIENCE));
        assertEquals(Result.fail("disk full"), call(c, 0, "write", null, CALL), "the disk is the machine's: still full");
        c.revert(new Fault.DiskFull(0));
        await("n0's disk is free again", () -> write(c, 0) == null);
    }

    @Test
    void aNodeThatStopsByItselfIsReportedWithItsReason() throws Exception {
        ChaosCluster c = start("n0", "n1");
        assertNull(call(c, 0, "event", "hello", CALL));
        assertThrows(UnknownOutcomeException.class, () -> call(c, 0, "throw", null, Duration.ofSeconds(2)));
        await("n0 reported its stop and exit", () -> c.events().stream().anyMatch(e -> e.text().startsWith("exited with status 3")));
        assertTrue(c.events().stream().anyMatch(e -> e.node().equals("n0") && e.text().equals("hello")), c.events().toString());
        assertTrue(c.events().stream().anyMatch(e -> e.text().startsWith("stopped by itself") && e.text().contains("asked to throw")),
                c.events().toString());
        assertTrue(!c.isRunning(0));
    }

    @Test
    void aNodeThatCannotStartIsNamedWithTheEndOfItsLogAndNothingIsLeftRunning() throws Exception {
        try (FileStorage held = FileStorage.open(tmp.resolve("n1"))) { // its directory is locked: n1 cannot open its storage
            IOException e = assertThrows(IOException.class,
                    () -> ChaosCluster.builder(List.of("n0", "n1")).mainClass(ProbeServer.class.getName()).directory(tmp).start());
            assertTrue(e.getMessage().startsWith("node n1 did not start: exited with status 2 (it could not start)"), e.getMessage());
            assertTrue(e.getMessage().contains("cannot open storage"), e.getMessage());
        }
    }

    @Test
    void faultsRealProcessesCannotHaveAreRefusedWithTheReason() {
        assertNotNull(ChaosCluster.refusal("power-loss"));
        assertTrue(ChaosCluster.refusal(new Fault.PowerLoss(0), 2, i -> "n" + i).startsWith("power-loss is not done on real processes"));
        assertTrue(ChaosCluster.refusal(new Fault.DuplicatingLink(0, 1, 0.5), 2, i -> "n" + i).contains("never deliver a message twice"));
        assertTrue(ChaosCluster.refusal(new Fault.ClockDrift(0, 100), 2, i -> "n" + i).contains("System.nanoTime"));
        assertEquals("c0 is not a server: on real processes clients connect to the nodes directly, so faults name servers only",
                ChaosCluster.refusal(new Fault.SlowLink(0, 2, 1000), 2, i -> i == 2 ? "c0" : "n" + i));
        assertNull(ChaosCluster.refusal(new Fault.Kill(1), 2, i -> "n" + i));
        for (String kind : ChaosCluster.KINDS) {
            assertNull(ChaosCluster.refusal(kind), kind);
        }
    }
}
