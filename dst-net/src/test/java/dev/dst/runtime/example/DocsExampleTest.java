package dev.dst.runtime.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import dev.dst.runtime.AddressBook;
import dev.dst.runtime.Client;
import dev.dst.runtime.UnknownOutcomeException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/runtime.md's example as a new user runs it: three processes of {@link CounterServer}
 * on loopback, a client, a node stopped with SIGTERM and one killed with SIGKILL, each started
 * again from its directory. And the page shows exactly this code.
 */
final class DocsExampleTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    private Process start(String book, String name) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CounterServer.class.getName(), book, name, tmp.resolve(name).toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    static Object add(AddressBook book, int node, long n) throws InterruptedException {
        // docs:client:begin
        try (Client client = Client.to(book.address(node)).number(0).connect()) { // client c0
            return client.call(new ClientOp("add", n), Duration.ofSeconds(10)); // Result.ok(total)
        } catch (UnknownOutcomeException e) {
            return e; // sent, no answer in time: it may or may not have happened (Jepsen's :info)
        } catch (IOException e) {
            return e; // not sent (no connection): it did not happen
        }
        // docs:client:end
    }

    /** The node's total, once it answers (a process just started may not listen yet). */
    private Object totalWhenUp(AddressBook book, int node) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Object r = add(book, node, 0);
            if (r instanceof Result) {
                return r;
            }
            if (System.nanoTime() - deadline > 0) {
                fail(book.name(node) + " did not answer within " + PATIENCE.toSeconds() + " s: " + r + "\n"
                        + Files.readString(tmp.resolve(book.name(node) + ".log")));
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    private void awaitTotal(AddressBook book, int node, long total) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Object r;
        while (!(r = totalWhenUp(book, node)).equals(Result.ok(total))) {
            if (System.nanoTime() - deadline > 0) {
                fail(book.name(node) + " has " + r + ", not " + total);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theExampleRunsAsThreeProcessesThatKeepTheirTotalsAcrossRestarts() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0)) { // a free port, for the address book (another process could take it meanwhile)
                text.append(i == 0 ? "" : ",").append("n").append(i).append("=127.0.0.1:").append(s.getLocalPort());
            }
        }
        AddressBook book = AddressBook.parse(text.toString());
        for (int i = 0; i < 3; i++) {
            start(book.toString(), book.name(i));
        }
        for (int i = 0; i < 3; i++) {
            totalWhenUp(book, i); // every node listens, so the adds below reach every peer
        }
        assertEquals(Result.ok(5L), add(book, 0, 5));
        assertEquals(Result.ok(12L), add(book, 1, 7));
        awaitTotal(book, 2, 12);

        Process n2 = processes.get(2);
        n2.destroy(); // SIGTERM: the shutdown hook closes the runtime
        assertTrue(n2.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "n2 ended on SIGTERM");
        start(book.toString(), "n2");
        awaitTotal(book, 2, 12);

        Process n1 = processes.get(1);
        n1.destroyForcibly(); // SIGKILL: its acknowledged adds were durable before the answer
        assertTrue(n1.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "n1 ended on SIGKILL");
        start(book.toString(), "n1");
        awaitTotal(book, 1, 12);
        assertEquals(Result.ok(13L), add(book, 1, 1));
        awaitTotal(book, 0, 13);
    }

    @Test
    void thePageShowsTheCodeThisTestRuns() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "runtime.md"));
        String server = Files.readString(Path.of("src", "test", "java", "dev", "dst", "runtime", "example", "CounterServer.java"));
        String test = Files.readString(Path.of("src", "test", "java", "dev", "dst", "runtime", "example", "DocsExampleTest.java"));
        for (String part : List.of(between(server, "// docs:begin", "// docs:end"), between(test, "// docs:client:begin", "// docs:client:end"))) {
            assertTrue(page.contains(part), "docs/runtime.md does not show, verbatim:\n" + part);
        }
    }

    /** The lines between two marker lines, with their common indentation removed. */
    private static String between(String source, String begin, String end) {
        String block = source.substring(source.indexOf(begin) + begin.length(), source.indexOf(end));
        List<String> lines = new ArrayList<>(block.lines().toList());
        lines.remove(0); // the rest of the marker's line
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n');
        }
        return b.toString();
    }

    @AfterEach
    void stopEveryProcess() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }
}
