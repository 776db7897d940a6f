package dev.dst.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static synchronized Result dst(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void listJsonPrintsOneObjectPerScenarioWithNameDescriptionAndBugs() throws Exception {
        Result r = dst("list", "--json");
        assertEquals(0, r.exit());
        JsonNode pingPong = JSON.readTree(r.lines().get(0));
        assertEquals("ping-pong", pingPong.get("name").asText());
        assertFalse(pingPong.get("description").asText().isEmpty());
        assertEquals("ack-before-fsync", pingPong.get("bugs").get(0).get("name").asText());
    }

    @Test
    void runJsonHasEveryFieldDesignMdNames() throws Exception {
        Result r = dst("run", "ping-pong", "--seed", "42", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        for (String field : List.of("scenario", "seed", "bug", "result", "violation", "step", "simTimeNanos", "events",
                "wallMillis", "traceHash", "replay", "faults")) {
            assertTrue(j.has(field), "missing " + field + " in " + r.out());
        }
        assertEquals("pass", j.get("result").asText());
        assertEquals("0x2a", j.get("seed").asText());
        assertTrue(j.get("faults").size() > 0, "no faults recorded: " + r.out());
        assertTrue(j.get("replay").asText().contains("--seed 0x2a"));
    }

    @Test
    void twoRunsOfOneSeedPrintTheSameTraceHashAndNeighbourSeedsDiffer() throws Exception {
        String a = JSON.readTree(dst("run", "ping-pong", "--seed", "42", "--json").out()).get("traceHash").asText();
        String b = JSON.readTree(dst("run", "ping-pong", "--seed", "0x2a", "--json").out()).get("traceHash").asText();
        String c = JSON.readTree(dst("run", "ping-pong", "--seed", "43", "--json").out()).get("traceHash").asText();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void aViolationExitsWithOneAndPrintsTheReplayLine() throws Exception {
        String seed = firstFailingSeed();
        Result r = dst("run", "ping-pong", "--seed", seed, "--bug", "ack-before-fsync", "--faults", "kill");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("FAIL: invariant 'acknowledged counts are unique per server'"), r.out());
        assertTrue(r.out().contains("java -jar dst-examples/target/dst.jar run ping-pong --seed " + seed
                + " --bug ack-before-fsync --faults kill"), r.out());
    }

    /** The first seed of 1..30 on which the planted bug fails under the kill package. */
    private static String firstFailingSeed() throws Exception {
        Result sweep = dst("sweep", "ping-pong", "--seeds", "30", "--bug", "ack-before-fsync", "--faults", "kill", "--json",
                "--shrink", "0");
        JsonNode failing = JSON.readTree(sweep.out()).get("failingSeeds");
        assertTrue(failing.size() > 0, "no seed of 30 found the planted bug: " + sweep.out());
        return failing.get(0).asText();
    }

    @Test
    void htmlWritesTheLamportDiagramOfAFailingRunWithTheViolation(@TempDir Path dir) throws Exception {
        String seed = firstFailingSeed();
        Path html = dir.resolve("run.html");
        Result r = dst("run", "ping-pong", "--seed", seed, "--bug", "ack-before-fsync", "--faults", "kill", "--html", html.toString());
        assertEquals(1, r.exit(), r.out());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("<div class='banner'><b>invariant &#39;acknowledged counts are unique per server&#39; violated"), page);
        assertTrue(page.contains("<line id='vline'"), page);
        assertTrue(page.contains("<th>bug</th><td>ack-before-fsync</td>") && page.contains("<th>faults</th><td>kill</td>"), page);
        assertTrue(page.contains("<code>java -jar dst-examples/target/dst.jar run ping-pong --seed " + seed), page);
        assertTrue(page.contains("<g class='m "), "message arrows: " + page);
    }

    @Test
    void htmlIsWrittenForAPassingRunToo(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("pass.html");
        Result r = dst("run", "ping-pong", "--seed", "7", "--html", html.toString());
        assertEquals(0, r.exit(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<th>result</th><td>PASS</td>"), page);
        assertFalse(page.contains("<div class='banner'>"), page);
    }

    @Test
    void htmlToAnUnwritablePathIsExitTwoWithOneClearLine(@TempDir Path dir) {
        Path html = dir.resolve("no-such-dir").resolve("run.html");
        Result r = dst("run", "ping-pong", "--seed", "7", "--html", html.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("cannot write --html file '" + html + "': no such directory"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"list", "run", "sweep", "shrink", "replay", "check", "bench"}) {
            Result r = dst(command, "--help");
            assertEquals(0, r.exit(), command + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: dst " + command), command + ": " + r.out());
        }
    }

    @Test
    void badSeedIsExitTwoWithOneClearLine() {
        Result r = dst("run", "ping-pong", "--seed", "banana");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("bad seed 'banana'"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownScenarioIsExitTwoAndListsTheKnownOnes() {
        Result r = dst("run", "paxos-made-simple", "--seed", "1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown scenario 'paxos-made-simple'") && r.err().contains("ping-pong"), r.err());
    }

    @Test
    void unknownBugIsExitTwoAndListsTheScenariosBugs() {
        Result r = dst("run", "ping-pong", "--seed", "1", "--bug", "off-by-one");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown bug 'off-by-one'") && r.err().contains("ack-before-fsync"), r.err());
    }

    @Test
    void missingSeedIsAUsageErrorWithExitTwo() {
        Result r = dst("run", "ping-pong");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--seed"), r.err());
    }

    @Test
    void traceWritesOneJsonObjectPerEvent(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.jsonl");
        Result r = dst("run", "ping-pong", "--seed", "7", "--json", "--trace", trace.toString());
        assertEquals(0, r.exit(), r.err());
        long events = JSON.readTree(r.out()).get("events").asLong();
        List<String> lines = Files.readAllLines(trace);
        assertEquals(events, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(0, first.get("timeNanos").asLong());
        assertTrue(first.has("kind") && first.has("step"));
    }

    @Test
    void determinismCheckPassesForPingPong() {
        Result r = dst("run", "ping-pong", "--seed", "5", "--check-determinism");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("deterministic: two runs of seed 0x5"), r.out());
    }

    @Test
    void sweepJsonSummarisesSeedsAndListsTheFailingOnesWithReplayLines(@TempDir Path dir) throws Exception {
        Result r = dst("sweep", "ping-pong", "--seeds", "1..12", "--bug", "ack-before-fsync", "--faults", "kill", "--json",
                "--artifacts", dir.toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(12, j.get("seedsRun").asInt());
        int failures = j.get("failures").asInt();
        assertTrue(failures > 0 && failures < 12, r.out());
        assertEquals(failures, j.get("failingSeeds").size());
        assertTrue(j.get("seedsPerSecond").asDouble() > 0 && j.get("eventsPerSecond").asDouble() > 0, r.out());
        String firstFailing = j.get("failingSeeds").get(0).asText();
        assertTrue(j.get("replay").get(0).asText().endsWith("--seed " + firstFailing + " --bug ack-before-fsync --faults kill"), r.out());
        Result replay = dst("run", "ping-pong", "--seed", firstFailing, "--bug", "ack-before-fsync", "--faults", "kill");
        assertEquals(1, replay.exit(), "a seed the sweep reported failing passed when run alone");
        JsonNode shrunk = j.get("artifacts").get(0);
        assertEquals(firstFailing, shrunk.get("seed").asText(), "the first failing seed is shrunk");
        for (String file : new String[] {"repro", "html", "trace", "log"}) {
            assertTrue(Files.size(Path.of(shrunk.get(file).asText())) > 0, file + ": " + r.out());
        }
        assertTrue(Files.readString(Path.of(shrunk.get("html").asText())).contains("replay " + shrunk.get("repro").asText()),
                "the diagram's replay line replays the shrunk run");
        Result again = dst("replay", shrunk.get("repro").asText(), "--json");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(JSON.readTree(again.out()).get("reproduced").asBoolean(), again.out());
    }

    @Test
    void sweepOfTheCorrectScenarioPassesWithExitZero() throws Exception {
        Result r = dst("sweep", "ping-pong", "--seeds", "10", "--json", "--threads", "1");
        assertEquals(0, r.exit(), r.out());
        assertEquals(0, JSON.readTree(r.out()).get("failures").asInt());
    }

    @Test
    void shardsWrittenAsJsonlMergeIntoTheSummaryOfTheWholeRange(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        String[] common = {"--seeds", "1..16", "--bug", "ack-before-fsync", "--faults", "kill", "--json", "--shrink", "0"};
        Result whole = dst(concat(new String[] {"sweep", "ping-pong"}, common));
        dst(concat(new String[] {"sweep", "ping-pong", "--shard", "1/2", "--out", a.toString()}, common));
        dst(concat(new String[] {"sweep", "ping-pong", "--shard", "2/2", "--out", b.toString()}, common));
        assertEquals(8, seedLines(a).size());
        assertEquals(8, seedLines(b).size());
        Result merged = dst("sweep", "--merge", b.toString(), a.toString(), "--json"); // any order of files
        JsonNode m = JSON.readTree(merged.out());
        JsonNode w = JSON.readTree(whole.out());
        assertEquals(16, m.get("seedsRun").asInt());
        assertEquals(w.get("failures"), m.get("failures"));
        assertEquals(w.get("failingSeeds"), m.get("failingSeeds"));
        assertEquals(w.get("faults"), m.get("faults"));
        assertEquals(whole.exit(), merged.exit());
    }

    @Test
    void resumeSkipsTheSeedsDoneAndCutsATornLastLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        dst("sweep", "ping-pong", "--seeds", "1..8", "--out", f.toString(), "--threads", "1");
        List<String> all = Files.readAllLines(f);
        // as if killed after five seeds, in the middle of writing the sixth line
        Files.writeString(f, String.join("\n", all.subList(0, 6)) + "\n" + all.get(6).substring(0, 40));
        Result r = dst("sweep", "ping-pong", "--seeds", "1..8", "--resume", f.toString(), "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = seedLines(f);
        assertEquals(8, lines.size(), "5 kept + 3 new, and no torn line: " + lines);
        JsonNode j = JSON.readTree(r.out());
        assertEquals(8, j.get("seedsRun").asInt());
        assertEquals(5, j.get("seedsResumed").asInt());
        List<String> seeds = lines.stream().map(l -> {
            try {
                return JSON.readTree(l).get("seed").asText();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).sorted().toList();
        assertEquals(List.of("0x1", "0x2", "0x3", "0x4", "0x5", "0x6", "0x7", "0x8"), seeds);
    }

    @Test
    void aResumeOfAnotherSweepIsRefusedAndAnOutFileThatHasResultsToo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        dst("sweep", "ping-pong", "--seeds", "1..4", "--out", f.toString());
        long size = Files.size(f);
        Result other = dst("sweep", "ping-pong", "--seeds", "1..8", "--resume", f.toString());
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("holds the sweep of seeds 1..4, not of seeds 1..8"), other.err());
        Result bug = dst("sweep", "ping-pong", "--seeds", "1..4", "--bug", "ack-before-fsync", "--resume", f.toString());
        assertEquals(2, bug.exit());
        assertTrue(bug.err().contains("holds a sweep of ping-pong (faults swarm), not of ping-pong (bug ack-before-fsync, faults swarm)"),
                bug.err());
        Result again = dst("sweep", "ping-pong", "--seeds", "1..4", "--out", f.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already holds results; continue it with --resume"), again.err());
        assertEquals(size, Files.size(f), "a refused sweep leaves the file as it was");
    }

    @Test
    void sweepSummaryNamesTheProbesNoSeedHit() throws Exception {
        Result r = dst("sweep", "ping-pong", "--seeds", "3", "--faults", "none", "--json");
        JsonNode j = JSON.readTree(r.out());
        assertTrue(j.get("probesNeverHit").toString().contains("a server is down while clients ping"), r.out());
    }

    /** The seed result lines of a sweep file (not its headers); every line must be JSON. */
    static List<String> seedLines(Path file) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (JSON.readTree(line).has("seed")) {
                out.add(line);
            }
        }
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void badSeedRangeIsExitTwo() {
        Result r = dst("sweep", "ping-pong", "--seeds", "9..3");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad --seeds '9..3'"), r.err());
    }

    @Test
    void runLogWritesTheSameTranscriptForOneSeedAndAnotherForAnotherSeed(@TempDir Path dir) throws Exception {
        Path[] logs = {dir.resolve("a.log"), dir.resolve("b.log"), dir.resolve("c.log")};
        String[] seeds = {"7", "0x7", "8"};
        for (int i = 0; i < 3; i++) {
            Result r = dst("run", "lease-lock", "--seed", seeds[i], "--log", logs[i].toString());
            assertEquals(0, r.exit(), r.err());
        }
        byte[] a = Files.readAllBytes(logs[0]);
        assertTrue(Files.readString(logs[0]).startsWith("0.000000s  lock0  up at fencing token 0"), Files.readString(logs[0]));
        assertTrue(Files.readString(logs[0]).contains("  lock0  granted lease 1 to w"), Files.readString(logs[0]));
        assertTrue(java.util.Arrays.equals(a, Files.readAllBytes(logs[1])), "seed 7 wrote two different transcripts");
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(logs[2])), "seeds 7 and 8 wrote the same transcript");
    }

    @Test
    void runLogIntoAMissingDirectoryIsAUsageError(@TempDir Path dir) {
        Result r = dst("run", "lease-lock", "--seed", "7", "--log", dir.resolve("no/such/dir/x.log").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("cannot write --log file"), r.err());
    }

    @Test
    void aSavedPlanReplaysToTheSameTraceHash(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.txt");
        Result first = dst("run", "ping-pong", "--seed", "0x2a", "--json", "--plan-out", plan.toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(Files.readString(plan).startsWith("dst-plan 1\n"), Files.readString(plan));
        Result again = dst("run", "ping-pong", "--seed", "0x2a", "--json", "--plan", plan.toString());
        assertEquals(0, again.exit(), again.err());
        assertEquals(JSON.readTree(first.out()).get("traceHash"), JSON.readTree(again.out()).get("traceHash"));
        assertTrue(JSON.readTree(again.out()).get("replay").asText().endsWith("--seed 0x2a --plan " + plan), again.out());
    }

    @Test
    void anEditedPlanRunsWhatItSays(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "dst-plan 1\n# one kill, by hand\n1.000000s apply kill s1\n2.000000s revert kill s1\n");
        Result r = dst("run", "ping-pong", "--seed", "3", "--json", "--plan", plan.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode faults = JSON.readTree(r.out()).get("faults");
        assertEquals(1, faults.get("kill").asInt(), r.out());
        assertEquals(1, faults.get("crash").asInt(), r.out());
        assertEquals(1_000_000_000L, JSON.readTree(r.out()).get("faultNanos").get("kill").asLong(), "time in force");
    }

    @Test
    void aPlanNamingAnUnknownNodeIsExitTwoNamingTheLine(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "dst-plan 1\n1.000000s apply kill s9\n");
        Result r = dst("run", "ping-pong", "--seed", "3", "--plan", plan.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("line 2") && r.err().contains("unknown node 's9'"), r.err());
    }

    @Test
    void anUnknownFaultPackageIsExitTwoListingThePackages() {
        Result r = dst("run", "ping-pong", "--seed", "3", "--faults", "meteor");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown fault package 'meteor'") && r.err().contains("partition"), r.err());
    }

    @Test
    void benchJsonReportsTheKernelAndBaselineMetrics() throws Exception {
        Result r = dst("bench", "--json", "--quick");
        assertEquals(0, r.exit(), r.err());
        List<String> metrics = r.lines().stream().map(l -> {
            try {
                JsonNode j = JSON.readTree(l);
                assertTrue(j.get("value").asDouble() > 0, l);
                return j.get("metric").asText();
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertEquals(List.of("kernel.eventsPerSecond", "baseline.priorityQueue.eventsPerSecond", "kernel.vsPriorityQueue",
                "net.messagesPerSecond", "raft.seedsPerSecond", "raft.simToWallRatio", "microraft.seedsPerSecond", "microraft.simToWallRatio",
                "checker.kvAppend.c1.valid.millis", "checker.kvAppend.c1.staleRead.millis", "checker.kvAppend.c10.valid.millis",
                "checker.kvAppend.c10.staleRead.millis", "checker.kvAppend.c50.valid.millis", "checker.kvAppend.c50.valid.peakHeapMb",
                "checker.kvAppend.c50.staleRead.millis", "checker.kvAppend.c50.staleRead.peakHeapMb",
                "checker.elleListAppend.t10000.valid.millis", "checker.elleListAppend.t10000.valid.peakHeapMb",
                "checker.elleListAppend.t10000.staleRead.millis", "checker.elleListAppend.t10000.staleRead.peakHeapMb",
                "checker.elleListAppend.t100000.valid.millis", "checker.elleListAppend.t100000.valid.peakHeapMb",
                "checker.elleListAppend.t100000.staleRead.millis", "checker.elleListAppend.t100000.staleRead.peakHeapMb",
                "sweep.oneThread.seedsPerSecond",
                "sweep.twoThreads.seedsPerSecond", "sweep.twoThreadsVsOne"), metrics);
    }
}
