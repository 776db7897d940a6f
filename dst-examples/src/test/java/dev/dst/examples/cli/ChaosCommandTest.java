package dev.dst.examples.cli;

import static dev.dst.examples.cli.CliTest.dst;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.runtime.FileStorage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dst chaos}: raft-kv as five real processes for a few seconds under a generated plan and
 * under a written one, bad input of every kind, and a run interrupted by SIGTERM and by SIGKILL.
 * After each test no process the test started is left (the processes of a run are its
 * descendants; those of a killed run are found before the kill).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
final class ChaosCommandTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noProcessIsLeftBehind() {
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void aShortRunOfRaftKvOnRealProcessesIsCheckedAndReportedLikeJepsens() throws IOException {
        Path dir = tmp.resolve("run");
        CliTest.Result r = dst("chaos", "raft-kv", "--time-limit", "4s", "--seed", "1", "--faults", "combined", "--dir", dir.toString());
        String what = r.out() + r.err();
        assertEquals(0, r.exit(), what);
        for (String line : List.of("scenario    raft-kv, on real processes", "seed        0x1",
                "nodes       n0, n1, n2, n3, n4: 5 processes on loopback", "plan        combined (restricted to real faults)",
                "aimed       isolate a server from the others just after it reports it is leader (",
                "timeline (ok/fail/info", "nemesis  apply ", "nemesis  heal: every fault reverted", "result      PASS",
                "the client history is linearizable (kv)", "one leader per term (as the nodes reported)", "the final logs match",
                "every acknowledged write is in a majority of the logs", "a write invoked after the heal is acknowledged",
                "rerun       java -jar dst-examples/target/dst.jar chaos raft-kv --time-limit 4s --seed 0x1 --faults combined")) {
            assertTrue(r.out().contains(line), "'" + line + "' in\n" + what);
        }
        assertTrue(r.out().matches("(?s).*operations  \\d+ invoked \\([0-9.]+/s\\): [1-9]\\d* ok, \\d+ fail, \\d+ info.*"), what);
        assertTrue(r.out().matches("(?s).*faults      [1-9]\\d* applied( \\(\\d+ aimed\\))?: .*"), what);
        for (String f : List.of("history.jsonl", "history.edn", "plan.txt", "timeline.txt", "report.txt", "n0.log", "n4/meta")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("plan.txt")).startsWith("dst-plan 1\n"));
    }

    @Test
    void quorumRegisterRunsOnRealProcessesToo() {
        CliTest.Result r = dst("chaos", "quorum-register", "--time-limit", "3s", "--seed", "5", "--faults", "kill", "--dir",
                tmp.resolve("run").toString());
        String what = r.out() + r.err();
        assertEquals(0, r.exit(), what);
        for (String line : List.of("scenario    quorum-register, on real processes", "result      PASS",
                "the client history is linearizable (register)", "no timestamp held with two values",
                "a write and a read invoked after the heal complete")) {
            assertTrue(r.out().contains(line), "'" + line + "' in\n" + what);
        }
    }

    @Test
    void aWrittenPlanIsRunStepByStepWithWhatWasDoneForReal() throws IOException {
        Path plan = write("real.plan", """
                dst-plan 1
                # every kind of real fault once
                0.300s apply kill n1
                0.800s revert kill n1
                0.900s apply pause n2
                1.300s revert pause n2
                1.400s apply isolate n3 | n0,n1,n2,n4
                1.900s revert isolate n3 | n0,n1,n2,n4
                2.000s apply restart n4
                2.100s apply slow-link n0 n1 +0.020s
                2.200s apply clock-skew n0 -0.500s
                2.300s apply disk-full n2
                2.500s revert disk-full n2
                2.600s revert clock-skew n0 -0.500s
                2.700s revert slow-link n0 n1 +0.020s
                2.800s apply connection-reset n0 n1
                9.000s apply kill n0
                """);
        CliTest.Result r = dst("chaos", "raft-kv", "--time-limit", "3s", "--seed", "2", "--plan", plan.toString(), "--no-aim", "--dir",
                tmp.resolve("run").toString()); // the plan alone: its faults, counted exactly
        String what = r.out() + r.err();
        assertEquals(0, r.exit(), what);
        for (String line : List.of("plan        the plan in " + plan, "SIGKILL n1 (pid ", "started n1", "SIGSTOP ", "SIGCONT",
                "(8 directed links set)", "restart n4  (SIGKILL n4", "ctx.now() offset -500 ms", "quota 0 bytes",
                "connection-reset x1, disk-full x1, isolate x1, kill x1, pause x1, restart x1, slow-link x1",
                "1 steps at or after the time limit skipped", "started in all", "--plan " + plan + " --no-aim")) {
            assertTrue(r.out().contains(line), "'" + line + "' in\n" + what);
        }
    }

    @Test
    void badInputIsOneClearLineAndExitTwoAndStartsNothing() throws IOException {
        Path notAPlan = write("text.txt", "lorem ipsum\n");
        Path badLine = write("bad.plan", "dst-plan 1\n0.5s apply kill n1\nsoon apply kill n2\n");
        Path powerLoss = write("power.plan", "dst-plan 1\n0.5s apply power-loss n1\n1s revert power-loss n1\n");
        Path duplicating = write("dup.plan", "dst-plan 1\n0.5s apply duplicating-link n0 n1 0.5\n");
        Path drift = write("drift.plan", "dst-plan 1\n0.5s apply clock-drift n0 +500ppm\n");
        Path client = write("client.plan", "dst-plan 1\n0.5s apply slow-link c0 n1 +0.1s\n");
        Path unknownNode = write("node.plan", "dst-plan 1\n0.5s apply kill n9\n");
        Path file = write("file.txt", "not a directory\n");
        List<String[]> cases = List.of(
                new String[] {"unknown scenario 'paxos' for chaos; chaos runs: quorum-register, raft-kv", "chaos", "paxos"},
                new String[] {"unknown bug 'commit-old-term' for quorum-register; bugs: ack-below-w, single-replica-read", "chaos",
                        "quorum-register", "--bug", "commit-old-term"},
                new String[] {"scenario 'ping-pong' runs in simulation only", "chaos", "ping-pong"},
                new String[] {"Missing required parameter", "chaos"},
                new String[] {"bad seed 'banana'", "chaos", "raft-kv", "--seed", "banana"},
                new String[] {"--time-limit 'soon' is not a duration", "chaos", "raft-kv", "--time-limit", "soon"},
                new String[] {"--time-limit must be from 1s", "chaos", "raft-kv", "--time-limit", "0s"},
                new String[] {"--heal-timeout must be from 1s", "chaos", "raft-kv", "--heal-timeout", "0.5s"},
                new String[] {"unknown bug 'nope' for raft-kv; bugs: duplicate-votes, commit-old-term", "chaos", "raft-kv", "--bug", "nope"},
                new String[] {"unknown fault package 'meteor'", "chaos", "raft-kv", "--faults", "meteor"},
                new String[] {"is not a nemesis plan", "chaos", "raft-kv", "--plan", notAPlan.toString()},
                new String[] {"no plan file", "chaos", "raft-kv", "--plan", tmp.resolve("missing.plan").toString()},
                new String[] {"bad.plan: line 3: ", "chaos", "raft-kv", "--plan", badLine.toString()},
                new String[] {"'0.500000000s apply power-loss n1' cannot run: power-loss is not done on real processes: a real kill -9 keeps",
                        "chaos", "raft-kv", "--plan", powerLoss.toString()},
                new String[] {"duplicating-link is not done on real processes", "chaos", "raft-kv", "--plan", duplicating.toString()},
                new String[] {"clock-drift is not done on real processes", "chaos", "raft-kv", "--plan", drift.toString()},
                new String[] {"c0 is not a server: on real processes clients connect to the nodes directly", "chaos", "raft-kv", "--plan",
                        client.toString()},
                new String[] {"unknown node 'n9'", "chaos", "raft-kv", "--plan", unknownNode.toString()},
                new String[] {"--dir '" + tmp + "' is not empty", "chaos", "raft-kv", "--dir", tmp.toString()},
                new String[] {"cannot use --dir '" + file + "'", "chaos", "raft-kv", "--dir", file.toString()});
        List<Executable> checks = new ArrayList<>();
        for (String[] c : cases) {
            checks.add(() -> {
                String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
                CliTest.Result r = dst(args);
                String what = String.join(" ", args) + "\n  stdout: " + r.out() + "\n  stderr: " + r.err();
                assertEquals(2, r.exit(), what);
                assertTrue(r.err().contains(c[0]), "expected '" + c[0] + "': " + what);
                assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "a stack trace: " + what);
                assertFalse(r.out().contains("starting"), "nothing started: " + what);
            });
        }
        assertAll(checks);
    }

    @Test
    void aNodeThatDiesAtStartIsNamedAndTheOthersAreStopped() throws IOException {
        Path dir = tmp.resolve("run");
        try (FileStorage held = FileStorage.open(dir.resolve("n2"))) { // n2's directory is locked: its process cannot open it
            CliTest.Result r = dst("chaos", "raft-kv", "--time-limit", "2s", "--seed", "3", "--dir", dir.toString());
            String what = r.out() + r.err();
            assertEquals(2, r.exit(), what);
            assertTrue(r.err().startsWith("dst: node n2 did not start: exited with status 2 (it could not start); the end of its log "
                    + dir.resolve("n2.log")), what);
            assertTrue(r.err().contains("n2: cannot open storage in " + dir.resolve("n2")), what);
            assertFalse(r.err().contains("\tat "), what);
        }
    }

    /** Starts {@code dst chaos} in a JVM of its own, waits until its nodes are ready, and returns it with its node processes. */
    private static Process chaosProcess(Path dir, List<ProcessHandle> nodes) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "chaos", "raft-kv", "--time-limit", "120s", "--seed", "4",
                "--dir", dir.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.contains("nodes ready")) {
                nodes.addAll(p.descendants().filter(h -> h.info().commandLine().orElse("").contains("RaftKvServer")).toList());
                return p;
            }
        }
        throw new AssertionError("dst chaos ended before its nodes were ready");
    }

    private static void awaitAllDead(List<ProcessHandle> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (ProcessHandle h : nodes) {
            while (h.isAlive()) {
                assertTrue(System.nanoTime() < deadline, "node process " + h.pid() + " still runs");
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aRunInterruptedBySigtermStopsEveryNodeProcess() throws Exception {
        List<ProcessHandle> nodes = new ArrayList<>();
        Process p = chaosProcess(tmp.resolve("run"), nodes);
        assertEquals(5, nodes.size(), "five node processes: " + nodes);
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook ends the nodes
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        awaitAllDead(nodes);
    }

    @Test
    void aRunKilledWithSigkillLeavesNoNodeProcessEither() throws Exception {
        List<ProcessHandle> nodes = new ArrayList<>();
        Process p = chaosProcess(tmp.resolve("run"), nodes);
        assertEquals(5, nodes.size(), "five node processes: " + nodes);
        p.destroyForcibly(); // no hook runs: each node sees its stdin end and exits
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        awaitAllDead(nodes);
    }
}
