package dev.dst.examples.maelstrom;

import static dev.dst.examples.maelstrom.Bundled.WAIT;
import static dev.dst.examples.maelstrom.Bundled.until;
import static dev.dst.maelstrom.MaelstromDriver.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dst.examples.cli.Main;
import dev.dst.maelstrom.MaelstromDriver;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dst maelstrom broadcast} as three child processes, driven over their stdin and stdout
 * as Maelstrom drives its nodes: init, messages routed between them with a partition healed
 * later, every node reading every message; the processes exit when their stdin closes, logged on
 * stderr only, and none is left behind. And the command's bad usage.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class MaelstromProcessTest {
    @TempDir
    Path tmp;

    @Test
    void bundledNodesRunAsProcessesOverStdinAndStdoutAndExitWhenStdinCloses() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "maelstrom", "broadcast", "--seed", "7");
        MaelstromDriver d = MaelstromDriver.processes(3, cmd, tmp);
        try {
            d.init();
            String c = d.openClient();
            d.partition(List.of(Set.of("n0"), Set.of("n1", "n2")));
            List<Long> all = new ArrayList<>();
            for (long m = 0; m < 12; m++) {
                assertEquals("broadcast_ok", d.call(c, "n" + m % 3, body("broadcast").put("message", m), WAIT).get("type").asText());
                all.add(m);
            }
            assertTrue(d.dropped() > 0, "the partition dropped the flood across it");
            d.heal();
            for (String n : d.nodeIds()) {
                JsonNode read = until(d, c, n, body("read"), r -> r.get("messages").size() == all.size());
                assertEquals(all.toString().replace(" ", ""), read.get("messages").toString(), n + " read every message");
            }
        } finally {
            d.close(); // closes their stdin and waits for them to exit
        }
        assertEquals(List.of(), d.violations(), "stdout carried well-formed messages only, and every process exited");
        assertEquals(Map.of("n0", 0, "n1", 0, "n2", 0), d.exitCodes(), "each exited by itself, with 0, when its stdin closed");
        String log = Files.readString(tmp.resolve("n1.log"));
        assertTrue(log.contains("n1: node 1 of 3 [n0, n1, n2], workload broadcast, seed 0x7"), "the adapter logs on stderr: " + log);
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }

    @Test
    void theSessionByHandOfTheDocsGivesTheLinesTheyShow() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "runtime.md"));
        int start = page.indexOf("$ printf '%s\\n' ");
        assertTrue(start >= 0, "docs/runtime.md shows a session by hand");
        String block = page.substring(start, page.indexOf("```", start));
        List<String> input = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'(\\{[^']*)'").matcher(block.substring(0, block.indexOf("| scripts/")));
        while (m.find()) {
            input.add(m.group(1));
        }
        List<String> shown = block.lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(4, input.size(), block);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "maelstrom", "g-counter");
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("session.log").toFile()).start();
        try {
            p.getOutputStream().write((String.join("\n", input) + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends with its input");
            assertEquals(0, p.exitValue());
            assertEquals(shown, out.lines().toList(), "stdout, line for line, as docs/runtime.md shows it");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void anUnknownWorkloadOrBugIsBadUsageNamingTheKnownOnes() {
        String[] unknown = run("maelstrom", "echo");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[1].contains("no Maelstrom workload 'echo'; known: broadcast (scenario broadcast), g-counter"), unknown[1]);
        String[] bug = run("maelstrom", "lin-kv", "--bug", "no-retransmit");
        assertEquals("2", bug[0]);
        assertTrue(bug[1].contains("scenario raft-kv has no such bug; its bugs: duplicate-votes, commit-old-term"), bug[1]);
    }

    /** The exit code and stderr of {@code dst args} run in this JVM. */
    private static synchronized String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return new String[] {String.valueOf(Main.execute(args)), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }
}
