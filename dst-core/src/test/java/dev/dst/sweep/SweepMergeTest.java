package dev.dst.sweep;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.sim.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging shards' result files, whole and damaged. */
final class SweepMergeTest {
    @TempDir
    Path dir;

    private Path shard(int k, int n, String seeds) {
        Path f = dir.resolve("shard-" + k + "-of-" + n + ".jsonl");
        Sweep.of(SweepTest.FLAKY, SeedList.parse(seeds).shard(new Shard(k, n))).out(f, false).run();
        return f;
    }

    @Test
    void allShardsMergeIntoTheWholeSweepsSummary() {
        SweepSummary whole = Sweep.of(SweepTest.FLAKY, SeedList.parse("1..60")).run().summary();
        SweepMerge.Result m = SweepMerge.merge(List.of(shard(2, 2, "1..60"), shard(1, 2, "1..60")));
        assertTrue(m.complete(), m.notes().toString());
        assertEquals(60, m.summary().seeds());
        assertEquals(whole.failures().stream().map(SeedResult::seed).toList(), m.summary().failures().stream().map(SeedResult::seed).toList());
        assertEquals(whole.faults(), m.summary().faults());
        assertEquals(whole.probes(), m.summary().probes());
        assertTrue(m.summary().toText(5).startsWith("flaky: 60 seeds merged from 2 files"), m.summary().toText(5));
    }

    @Test
    void aMissingShardIsReportedWithItsSeeds() {
        SweepMerge.Result m = SweepMerge.merge(List.of(shard(1, 3, "1..30"), shard(3, 3, "1..30")));
        assertFalse(m.complete());
        assertEquals(30, m.expected());
        assertEquals(10, m.missing());
        assertEquals(11L, m.missingSample().get(0));
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("no file holds shard 2/3 of 1..30")), m.notes().toString());
    }

    @Test
    void aShardKilledMidLineIsReportedTornAndItsSeedMissing() throws IOException {
        Path a = shard(1, 2, "1..20");
        Path b = shard(2, 2, "1..20");
        List<String> lines = Files.readAllLines(b, UTF_8);
        Files.writeString(b, String.join("\n", lines.subList(0, 8)) + "\n" + lines.get(8).substring(0, 25), UTF_8);
        SweepMerge.Result m = SweepMerge.merge(List.of(a, b));
        assertFalse(m.complete());
        assertEquals(3, m.missing(), "the torn seed and the two never written");
        assertTrue(m.notes().stream().anyMatch(n -> n.contains(b + ":9: the last line is torn")), m.notes().toString());
    }

    @Test
    void aFileWrittenTwiceCountsEachSeedOnce() throws IOException {
        Path a = shard(1, 1, "1..10");
        Path copy = dir.resolve("copy.jsonl");
        Files.copy(a, copy);
        SweepMerge.Result m = SweepMerge.merge(List.of(a, copy));
        assertEquals(10, m.summary().seeds());
        assertEquals(10, m.duplicates());
        assertTrue(m.complete());
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("each seed is counted once")), m.notes().toString());
    }

    @Test
    void shardsOfDifferentSeedListsAreRefused() {
        Path a = shard(1, 2, "1..40");
        Path b = dir.resolve("b.jsonl");
        Sweep.of(SweepTest.FLAKY, SeedList.parse("1..60").shard(new Shard(2, 2))).out(b, false).run(); // leaves 21..30 unrun
        BadInputException e = assertThrows(BadInputException.class, () -> SweepMerge.merge(List.of(a, b)));
        assertTrue(e.getMessage().contains("holds seeds 1..60, but the files before it seeds 1..40: these are not shards of one sweep"),
                e.getMessage());
    }

    @Test
    void twoResultsOfOneSeedThatDisagreeAreAConflict() throws IOException {
        Path a = shard(1, 1, "1..3");
        Path b = dir.resolve("b.jsonl");
        String text = Files.readString(a, UTF_8).replaceFirst("\"traceHash\":\"[0-9a-f]{16}\"", "\"traceHash\":\"0000000000000000\"");
        Files.writeString(b, text, UTF_8);
        SweepMerge.Result m = SweepMerge.merge(List.of(a, b));
        assertEquals(1, m.conflicts().size(), m.conflicts().toString());
        assertTrue(m.conflicts().get(0).contains("nondeterministic, or written by different code"), m.conflicts().get(0));
        assertFalse(m.complete());
    }

    @Test
    void filesOfAnotherTargetOrOtherOptionsAreRefused() {
        Path a = shard(1, 1, "1..3");
        Path b = dir.resolve("bug.jsonl");
        Sweep.of(SweepTest.withOptions(SweepTest.FLAKY, Map.of("bug", "x")), SeedList.parse("1..3")).out(b, false).run();
        BadInputException e = assertThrows(BadInputException.class, () -> SweepMerge.merge(List.of(a, b)));
        assertTrue(e.getMessage().contains("holds a sweep of flaky (bug x), but the files before it hold a sweep of flaky (no options)"),
                e.getMessage());
    }

    @Test
    void emptyFilesAndFilesWithoutResultsAreNotACleanMerge() throws IOException {
        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "");
        BadInputException e = assertThrows(BadInputException.class, () -> SweepMerge.merge(List.of(empty)));
        assertTrue(e.getMessage().contains("no sweep results"), e.getMessage());
    }

    @Test
    void aMalformedLineInTheMiddleIsAnErrorNamingTheLine() throws IOException {
        Path a = shard(1, 1, "1..5");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(a, UTF_8));
        lines.set(2, "{\"seed\": oops}");
        Files.write(a, lines, UTF_8);
        BadInputException e = assertThrows(BadInputException.class, () -> SweepMerge.merge(List.of(a)));
        assertTrue(e.getMessage().startsWith(a + ":3: not a sweep result line"), e.getMessage());
    }

    @Test
    void bytesThatAreNotTextAreAnErrorNamingTheFile() throws IOException {
        Path bin = dir.resolve("bin.jsonl");
        Files.write(bin, new byte[] {(byte) 0xC3, (byte) 0x28, '\n', (byte) 0xFF});
        BadInputException e = assertThrows(BadInputException.class, () -> SweepMerge.merge(List.of(bin)));
        assertTrue(e.getMessage().contains("'" + bin + "' is not UTF-8 text"), e.getMessage());
    }

    @Test
    void aFileThatIsNotThereIsAnErrorNamingIt() {
        Path none = dir.resolve("none.jsonl");
        BadInputException e = assertThrows(BadInputException.class, () -> SweepMerge.merge(List.of(none)));
        assertTrue(e.getMessage().contains("no sweep file '" + none + "'"), e.getMessage());
    }
}
