package dev.dst.examples.cli;

import static dev.dst.examples.cli.CliTest.dst;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile user: bad input to every command, each case with the exit code and the words its
 * one line on stderr must have. Never a stack trace, never a verdict on input that is not what
 * it claims to be.
 */
final class BadInputTest {
    @TempDir
    static Path dir;
    static String binary;
    static String binaryLines;
    static String empty;
    static String text;
    static String revertFirst;
    static String outOfOrder;
    static String sweepFile;
    static String directory;
    static String editedRepro;

    @BeforeAll
    static void files() throws IOException {
        binary = write("binary.bin", new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0, 1, 2});
        binaryLines = write("binary-lines.bin", new byte[] {(byte) 0xC3, 0x28, '\n', (byte) 0xFF, 0, '\n', 1, 2});
        empty = write("empty.txt", new byte[0]);
        text = write("text.txt", "lorem ipsum\ndolor sit amet\n".getBytes(StandardCharsets.UTF_8));
        revertFirst = write("revert.plan", "dst-plan 1\n1.000000s revert kill s1\n".getBytes(StandardCharsets.UTF_8));
        outOfOrder = write("order.plan", "dst-plan 1\n2.000000s apply pause s1\n1.000000s revert pause s1\n".getBytes(StandardCharsets.UTF_8));
        sweepFile = dir.resolve("done.jsonl").toString();
        assertEquals(0, dst("sweep", "ping-pong", "--seeds", "3", "--out", sweepFile).exit());
        directory = dir.toString();
        String repro;
        try (var in = BadInputTest.class.getResourceAsStream("/repro/lease-lock-no-fencing.repro")) {
            repro = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String edited = repro.replace("4.971403794s revert slow-link", "4.000000000s revert slow-link"); // line 15 of the file
        assertNotEquals(repro, edited);
        editedRepro = write("edited.repro", edited.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f.toString();
    }

    /** One bad command: the exit code it must give, and what its message must say. */
    private record Case(int exit, String expected, String... args) {}

    private static Case bad(String expected, String... args) {
        return new Case(2, expected, args);
    }

    private static final String MISSING = "/nonexistent/dir/f";

    private static List<Case> cases() {
        return List.of(
                // run
                bad("Missing required parameter", "run"),
                bad("bad seed 'banana'", "run", "ping-pong", "--seed", "banana"),
                bad("bad seed '-1'", "run", "ping-pong", "--seed", "-1"),
                bad("unknown scenario 'paxos'", "run", "paxos", "--seed", "1"),
                bad("unknown bug 'nope' for scenario ping-pong", "run", "ping-pong", "--seed", "1", "--bug", "nope"),
                bad("unknown fault package 'meteor'", "run", "ping-pong", "--seed", "1", "--faults", "meteor"),
                bad("unknown strategy 'zigzag'; strategies: random, pct", "sweep", "ping-pong", "--seeds", "2", "--strategy", "zigzag"),
                bad("--timeout must be from 1 to 604800", "run", "ping-pong", "--seed", "1", "--timeout", "0"),
                bad("--timeout must be from 1 to 604800", "run", "ping-pong", "--seed", "1", "--timeout", "-1"),
                bad("--timeout must be from 1 to 604800", "run", "ping-pong", "--seed", "1", "--timeout", "9223372036854775807"),
                bad("no plan file '" + MISSING + "'", "run", "ping-pong", "--seed", "1", "--plan", MISSING),
                bad("is not UTF-8 text", "run", "ping-pong", "--seed", "1", "--plan", binary),
                bad("is a directory", "run", "ping-pong", "--seed", "1", "--plan", directory),
                bad("is not a nemesis plan", "run", "ping-pong", "--seed", "1", "--plan", text),
                bad("is not a nemesis plan", "run", "ping-pong", "--seed", "1", "--plan", empty),
                bad("revert.plan: line 2: revert of 'kill s1', which no line above applied", "run", "ping-pong", "--seed", "1", "--plan", revertFirst),
                bad("order.plan: line 3: time 1.000000s comes before the line above it", "run", "ping-pong", "--seed", "1", "--plan", outOfOrder),
                bad("cannot write --html file", "run", "ping-pong", "--seed", "1", "--html", MISSING + ".html"),
                bad("cannot write --trace file", "run", "ping-pong", "--seed", "1", "--trace", MISSING + ".jsonl"),
                bad("writes no --html", "run", "ping-pong", "--seed", "1", "--check-determinism", "--html", dir.resolve("x.html").toString()),
                bad("does not exist", "run", "ping-pong", "--seed", "1", "--class-path", MISSING),
                bad("Unknown option", "run", "ping-pong", "--seed", "1", "--colour", "red"),
                // sweep
                bad("sweep needs TARGET and --seeds", "sweep", "ping-pong"),
                bad("a range holds at most", "sweep", "ping-pong", "--seeds", "0..0xffffffffffffffff"),
                bad("a range holds at most", "sweep", "ping-pong", "--seeds", "1..0x8000000000000001"),
                bad("the range is empty", "sweep", "ping-pong", "--seeds", "9..3"),
                bad("bad --seeds 'banana'", "sweep", "ping-pong", "--seeds", "banana"),
                bad("a count must be at least 1", "sweep", "ping-pong", "--seeds", "0"),
                bad("bad --shard '3/2'", "sweep", "ping-pong", "--seeds", "10", "--shard", "3/2"),
                bad("--threads must be from 1 to 1024", "sweep", "ping-pong", "--seeds", "10", "--threads", "0"),
                bad("--threads must be from 1 to 1024", "sweep", "ping-pong", "--seeds", "10", "--threads", "5000"),
                bad("--timeout must be from 1 to 604800", "sweep", "ping-pong", "--seeds", "10", "--timeout", "0"),
                bad("--shrink must be from 0 to 100", "sweep", "ping-pong", "--seeds", "10", "--shrink", "-1"),
                bad("not both", "sweep", "ping-pong", "--seeds", "10", "--out", sweepFile, "--resume", sweepFile),
                bad("already holds results", "sweep", "ping-pong", "--seeds", "3", "--out", sweepFile),
                bad("not of ping-pong (bug ack-before-fsync", "sweep", "ping-pong", "--seeds", "3", "--bug", "ack-before-fsync",
                        "--resume", sweepFile),
                bad("not of seeds 1..4", "sweep", "ping-pong", "--seeds", "4", "--resume", sweepFile),
                bad("is a directory", "sweep", "ping-pong", "--seeds", "3", "--out", directory),
                bad("cannot write sweep file", "sweep", "ping-pong", "--seeds", "3", "--out", "/proc/no/such.jsonl"),
                bad("--merge summarises existing files", "sweep", "ping-pong", "--merge", sweepFile),
                bad("--merge summarises existing files", "sweep", "--seeds", "3", "--merge", sweepFile),
                bad("no sweep file '" + MISSING + "'", "sweep", "--merge", MISSING),
                bad("no sweep results", "sweep", "--merge", empty),
                bad("no sweep results", "sweep", "--merge", binary),
                bad("is not a sweep result file (no header line)", "sweep", "ping-pong", "--seeds", "3", "--resume", binary),
                bad("is not UTF-8 text at line 1", "sweep", "--merge", binaryLines),
                bad("not a sweep result line", "sweep", "--merge", text),
                // shrink
                bad("Missing required option: '--out", "shrink", "ping-pong", "--seed", "1"),
                bad("should end with .repro", "shrink", "ping-pong", "--seed", "1", "--out", "x.txt"),
                bad("--max-attempts must be from 1", "shrink", "ping-pong", "--seed", "1", "--max-attempts", "0", "--out", "x.repro"),
                bad("--max-seconds must be from 1", "shrink", "ping-pong", "--seed", "1", "--max-seconds", "0", "--out", "x.repro"),
                bad("--timeout must be from 1", "shrink", "ping-pong", "--seed", "1", "--timeout", "-1", "--out", "x.repro"),
                // replay
                bad("no reproduction file '" + MISSING + "'", "replay", MISSING),
                bad("is a directory", "replay", directory),
                bad("is not UTF-8 text", "replay", binary),
                bad("line 1: expected 'dst-repro 1'", "replay", text),
                bad("this is a nemesis plan", "replay", revertFirst),
                bad("edited.repro line 15 (line 3 of its nemesis-plan): time 4.000000000s comes before the line above it", "replay",
                        editedRepro),
                // check
                bad("--timeout must be a number of seconds", "check", "--model", "register", "--timeout", "0", text),
                bad("--timeout must be a number of seconds", "check", "--model", "register", "--timeout", "NaN", text),
                bad("--timeout must be a number of seconds", "check", "--model", "register", "--timeout", "-1", text),
                bad("--max-states must be at least 1", "check", "--model", "register", "--max-states", "0", text),
                bad("unknown model", "check", "--model", "paxos", text),
                bad("no operations: this is not a history", "check", "--model", "register", text),
                bad("no operations: this is not a history", "check", "--model", "register", empty),
                bad("is not UTF-8 text", "check", "--model", "register", binary),
                bad("no history file", "check", "--model", "register", MISSING),
                // list
                bad("does not exist", "list", "--class-path", MISSING),
                bad("Unknown option", "list", "--jsno"));
    }

    @Test
    void everyBadInputIsOneClearLineAndExitTwo() {
        List<Executable> checks = new ArrayList<>();
        for (Case c : cases()) {
            checks.add(() -> {
                CliTest.Result r = dst(c.args());
                String what = String.join(" ", c.args()) + "\n  stdout: " + r.out() + "\n  stderr: " + r.err();
                assertEquals(c.exit(), r.exit(), what);
                assertTrue(r.err().contains(c.expected()), "expected '" + c.expected() + "': " + what);
                assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "a stack trace: " + what);
                assertFalse(r.err().contains("internal error"), what);
            });
        }
        assertAll(checks);
    }
}
