package dev.dst.examples.cli;

import static dev.dst.examples.cli.CliTest.dst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dst.shrink.Reproduction;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dst shrink} and {@code dst replay} as a user runs them, and what they do with bad input. */
final class ShrinkReplayCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The first seed of 1..30 on which ping-pong's planted bug fails under the kill package. */
    private static String failingSeed() throws Exception {
        JsonNode sweep = JSON.readTree(dst("sweep", "ping-pong", "--seeds", "30", "--bug", "ack-before-fsync", "--faults", "kill",
                "--json", "--shrink", "0").out());
        assertTrue(sweep.get("failingSeeds").size() > 0, sweep.toString());
        return sweep.get("failingSeeds").get(0).asText();
    }

    @Test
    void aShrunkFileReplaysWithTheSameViolationAndTraceHash() throws Exception {
        String seed = failingSeed();
        Path out = dir.resolve("pp.repro");
        CliTest.Result s = dst("shrink", "ping-pong", "--seed", seed, "--bug", "ack-before-fsync", "--faults", "kill",
                "--max-attempts", "80", "--out", out.toString(), "--json");
        assertEquals(1, s.exit(), s.out() + s.err());
        JsonNode shrunk = JSON.readTree(s.out());
        assertEquals("shrunk", shrunk.get("result").asText());
        assertTrue(shrunk.get("attempts").asInt() <= 80, s.out());
        assertTrue(shrunk.get("after").get("faultEvents").asLong() <= shrunk.get("before").get("faultEvents").asLong(), s.out());
        assertTrue(shrunk.get("after").get("tapeDraws").asLong() <= shrunk.get("before").get("tapeDraws").asLong(), "never a longer tape");
        for (String file : new String[] {"html", "trace", "log"}) {
            assertTrue(Files.size(Path.of(shrunk.get(file).asText())) > 0, file + " beside the reproduction: " + s.out());
        }

        Reproduction rep = Reproduction.read(out);
        assertEquals("ping-pong", rep.target());
        assertEquals("ack-before-fsync", rep.options().get("bug"));
        assertEquals(shrunk.get("traceHash").asText(), String.format("%016x", rep.traceHash()));
        assertTrue(rep.attachments().containsKey("nemesis-plan"));

        CliTest.Result r = dst("replay", out.toString(), "--json");
        assertEquals(1, r.exit(), r.out() + r.err());
        JsonNode replay = JSON.readTree(r.out());
        assertTrue(replay.get("reproduced").asBoolean(), r.out());
        assertTrue(replay.get("sameTraceHash").asBoolean(), r.out());
        assertEquals(shrunk.get("traceHash").asText(), replay.get("traceHash").asText());

        Path html = dir.resolve("pp.html");
        CliTest.Result text = dst("replay", out.toString(), "--html", html.toString());
        assertTrue(text.out().contains("reproduced: the same violation and the same trace hash"), text.out());
        String page = Files.readString(html);
        assertTrue(page.contains("acknowledged counts are unique per server") && page.contains("<svg"), "the diagram with the violation");
    }

    @Test
    void aRunUnderPctShrinksAndReplaysFromItsFileWithTheStrategyRecorded() throws Exception {
        JsonNode sweep = JSON.readTree(dst("sweep", "ping-pong", "--seeds", "30", "--bug", "ack-before-fsync", "--faults", "kill",
                "--strategy", "pct", "--json", "--shrink", "0").out());
        assertTrue(sweep.get("failingSeeds").size() > 0, sweep.toString());
        String seed = sweep.get("failingSeeds").get(0).asText();
        CliTest.Result once = dst("run", "ping-pong", "--seed", seed, "--bug", "ack-before-fsync", "--faults", "kill", "--strategy", "pct");
        CliTest.Result twice = dst("run", "ping-pong", "--seed", seed, "--bug", "ack-before-fsync", "--faults", "kill", "--strategy", "pct");
        assertEquals(1, once.exit(), once.out());
        assertTrue(once.out().contains("strategy    pct: unit"), once.out());
        assertTrue(once.out().contains("--strategy pct"), "the replay line keeps the strategy: " + once.out());
        assertEquals(line(once.out(), "trace hash"), line(twice.out(), "trace hash"), "the same seed and strategy, the same trace");
        CliTest.Result random = dst("run", "ping-pong", "--seed", seed, "--bug", "ack-before-fsync", "--faults", "kill");
        assertFalse(line(once.out(), "trace hash").equals(line(random.out(), "trace hash")), "the strategy changes the run");

        Path out = dir.resolve("pct.repro");
        CliTest.Result s = dst("shrink", "ping-pong", "--seed", seed, "--bug", "ack-before-fsync", "--faults", "kill", "--strategy", "pct",
                "--max-attempts", "60", "--out", out.toString(), "--json");
        assertEquals(1, s.exit(), s.out() + s.err());
        assertEquals("pct", Reproduction.read(out).options().get("strategy"));
        CliTest.Result r = dst("replay", out.toString(), "--json");
        assertEquals(1, r.exit(), r.out() + r.err());
        JsonNode replay = JSON.readTree(r.out());
        assertTrue(replay.get("reproduced").asBoolean() && replay.get("sameTraceHash").asBoolean(), r.out());
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + out));
    }

    @Test
    void aPassingSeedHasNothingToShrinkAndExitsZero() {
        Path out = dir.resolve("none.repro");
        CliTest.Result r = dst("shrink", "ping-pong", "--seed", "42", "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("seed 0x2a passes: nothing to shrink"), r.out());
        assertFalse(Files.exists(out));
    }

    private static void usageError(CliTest.Result r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void badShrinkArgumentsAreExitTwo() {
        String out = dir.resolve("x.repro").toString();
        usageError(dst("shrink", "paxos", "--seed", "1", "--out", out), "unknown scenario 'paxos'");
        usageError(dst("shrink", "ping-pong", "--seed", "pear", "--out", out), "bad seed 'pear'");
        usageError(dst("shrink", "ping-pong", "--seed", "1", "--bug", "nope", "--out", out), "nope");
        usageError(dst("shrink", "ping-pong", "--seed", "1", "--max-attempts", "0", "--out", out), "--max-attempts must be from 1 to");
    }

    @Test
    void badReproductionFilesAreExitTwoWithAClearLine() throws Exception {
        usageError(dst("replay", dir.resolve("missing.repro").toString()), "no reproduction file");

        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "dst-plan 1\n1.000000s apply kill s1\n");
        usageError(dst("replay", plan.toString()), "this is a nemesis plan");

        Path broken = dir.resolve("broken.repro");
        Files.writeString(broken, "dst-repro 1\ntarget scenario ping-pong\nseed 0xzz\n");
        usageError(dst("replay", broken.toString()), "line 3");

        Path junit = dir.resolve("junit.repro");
        Files.writeString(junit, "dst-repro 1\ntarget test a.B#c\nseed 0x1\nviolation INVARIANT x\ntrace-hash 0000000000000001\n");
        usageError(dst("replay", junit.toString()), "@Replay");

        Path unknown = dir.resolve("unknown.repro");
        Files.writeString(unknown, "dst-repro 1\ntarget scenario paxos\nseed 0x1\nviolation INVARIANT x\ntrace-hash 0000000000000001\n");
        usageError(dst("replay", unknown.toString()), "unknown scenario 'paxos'");
    }
}
