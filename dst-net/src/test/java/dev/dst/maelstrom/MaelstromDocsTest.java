package dev.dst.maelstrom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.maelstrom.example.EchoServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/runtime.md's Maelstrom example as a user runs it: {@link EchoServer} as two child
 * processes under {@link MaelstromDriver}; and the page shows exactly that code.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class MaelstromDocsTest {
    @TempDir
    Path tmp;

    @Test
    void thePageShowsTheExampleVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/dst/maelstrom/example/EchoServer.java"));
        String example = source.substring(source.indexOf("    // docs:begin\n") + "    // docs:begin\n".length(), source.indexOf("    // docs:end"));
        String page = Files.readString(Path.of("..", "docs", "runtime.md"));
        String unindented = example.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l).reduce("", (a, b) -> a + b + "\n");
        assertTrue(page.contains(unindented), "docs/runtime.md does not show, verbatim:\n" + unindented);
    }

    @Test
    void theExampleAnswersEchoAsAMaelstromNodeProcess() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), EchoServer.class.getName());
        MaelstromDriver d = MaelstromDriver.processes(2, cmd, tmp);
        try {
            d.init();
            String c = d.openClient();
            ObjectNode echo = MaelstromDriver.body("echo");
            echo.putObject("echo").put("a", 1).putArray("b").add("x").add(true);
            JsonNode ok = d.call(c, "n1", echo, Duration.ofSeconds(30));
            assertEquals("echo_ok", ok.get("type").asText(), ok.toString());
            assertEquals("{\"a\":1,\"b\":[\"x\",true]}", ok.get("echo").toString());
            JsonNode e = d.call(c, "n0", MaelstromDriver.body("read"), Duration.ofSeconds(30));
            assertEquals(10, e.get("code").asInt(), e.toString());
        } finally {
            d.close();
        }
        assertEquals(List.of(), d.violations());
        assertEquals(Map.of("n0", 0, "n1", 0), d.exitCodes());
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }
}
