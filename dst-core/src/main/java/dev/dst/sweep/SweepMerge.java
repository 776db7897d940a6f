package dev.dst.sweep;

import dev.dst.entropy.Seeds;
import dev.dst.sim.BadInputException;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merging the result files of a sweep's shards into one summary. Files of other runs (another
 * target, bug or fault package) are refused; a seed written twice counts once, and twice with
 * different results is a conflict; a torn last line and the seeds no file has (from the seed
 * lists and shards the files' headers name) are reported, so that an incomplete merge is never
 * taken for a clean one.
 */
public final class SweepMerge {
    /** Above this many expected seeds, missing seeds are not looked for one by one. */
    static final long MAX_CHECKED = 50_000_000L;

    /** The merged summary, and what is wrong with the set of files (nothing, for a complete merge). */
    public record Result(SweepSummary summary, SweepFile.Header header, List<String> notes, long expected, long missing,
                         List<Long> missingSample, long duplicates, List<String> conflicts) {
        /** Every expected seed is there, once, with one result. */
        public boolean complete() {
            return missing == 0 && conflicts.isEmpty();
        }
    }

    private SweepMerge() {}

    private record Entry(SeedResult result, Path file, int line) {}

    public static Result merge(List<Path> files) {
        if (files.isEmpty()) {
            throw new BadInputException("--merge needs at least one result file");
        }
        Long2ObjectOpenHashMap<Entry> bySeed = new Long2ObjectOpenHashMap<>();
        List<SweepFile.Header> headers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        long[] duplicates = {0};
        for (Path f : files) {
            int[] results = {0};
            SweepFile.Scan scan = SweepFile.scan(f, new SweepFile.Visitor() {
                @Override
                public void header(SweepFile.Header h, int line) {
                    if (!headers.isEmpty() && !headers.get(0).sameRuns(h)) {
                        throw new BadInputException(f + ":" + line + " holds a sweep of " + h.describe() + ", but the files before it hold"
                                + " a sweep of " + headers.get(0).describe() + ": merge the shards of one sweep at a time");
                    }
                    if (!headers.isEmpty() && !java.util.Objects.equals(headers.get(0).seeds(), h.seeds())) {
                        throw new BadInputException(f + ":" + line + " holds seeds " + h.seeds() + ", but the files before it seeds "
                                + headers.get(0).seeds() + ": these are not shards of one sweep (give every shard the same --seeds)");
                    }
                    headers.add(h);
                }

                @Override
                public void result(SeedResult r, SweepFile.Header h, int line) {
                    results[0]++;
                    Entry before = bySeed.get(r.seed());
                    if (before == null) {
                        bySeed.put(r.seed(), new Entry(r, f, line));
                    } else if (before.result().sameAs(r)) {
                        duplicates[0]++;
                    } else {
                        conflicts.add("seed " + Seeds.format(r.seed()) + ": " + before.file() + ":" + before.line() + " says "
                                + describe(before.result()) + ", " + f + ":" + line + " says " + describe(r)
                                + " (nondeterministic, or written by different code)");
                    }
                }
            });
            if (scan.lines() == 0) {
                notes.add(f + " is empty");
            }
            if (scan.tornLastLine()) {
                notes.add(f + ":" + scan.tornLine() + ": the last line is torn (a sweep killed while writing it: " + scan.tornReason()
                        + "); its seed is missing until that shard is resumed with --resume " + f);
            }
            if (results[0] == 0 && scan.lines() > 0) {
                notes.add(f + " has no seed results");
            }
        }
        if (headers.isEmpty()) {
            throw new BadInputException("no sweep results in " + files + " (empty files, or not sweep result files)");
        }
        SweepFile.Header h = headers.get(0);
        SweepSummary summary = new SweepSummary(h.target(), h.options());
        for (Entry e : bySeed.values()) {
            summary.add(e.result(), true);
        }
        summary.finish(0, "merged from " + files.size() + (files.size() == 1 ? " file" : " files"));
        if (duplicates[0] > 0) {
            notes.add(duplicates[0] + " seed results appear more than once with the same result (a shard written twice, or"
                    + " overlapping shards): each seed is counted once");
        }
        Expected expected = expected(headers, bySeed, notes);
        return new Result(summary, h, notes, expected.count, expected.missing, expected.sample, duplicates[0], conflicts);
    }

    private static String describe(SeedResult r) {
        return r.result() + (r.headline() == null ? "" : " (" + r.headline() + ")") + ", trace " + r.traceHash();
    }

    private record Expected(long count, long missing, List<Long> sample) {}

    /** The seeds the headers promise: the union of their lists' shards; which of them no file has. */
    private static Expected expected(List<SweepFile.Header> headers, Long2ObjectOpenHashMap<?> have, List<String> notes) {
        Set<String> parts = new LinkedHashSet<>();
        List<SeedList> lists = new ArrayList<>();
        Set<String> wholes = new LinkedHashSet<>();
        Set<Integer> shardCounts = new LinkedHashSet<>();
        Set<Integer> shardsSeen = new LinkedHashSet<>();
        for (SweepFile.Header h : headers) {
            SeedList whole = parseSpec(h.seeds());
            if (whole == null) {
                notes.add("a header names seeds '" + h.seeds() + "' that this dst cannot list: missing seeds are not checked");
                return new Expected(-1, 0, List.of());
            }
            Shard shard = h.shard() == null ? Shard.WHOLE : Shard.parse(h.shard(), "shard");
            wholes.add(h.seeds());
            shardCounts.add(shard.n());
            shardsSeen.add(shard.k());
            if (parts.add(h.seeds() + " " + shard)) {
                lists.add(shard.equals(Shard.WHOLE) ? whole : whole.shard(shard));
            }
        }
        if (wholes.size() == 1 && shardCounts.size() == 1) {
            int n = shardCounts.iterator().next();
            List<String> absent = new ArrayList<>();
            SeedList whole = parseSpec(wholes.iterator().next());
            for (int k = 1; k <= n; k++) {
                if (!shardsSeen.contains(k)) {
                    absent.add(k + "/" + n);
                    lists.add(whole.shard(new Shard(k, n)));
                }
            }
            if (!absent.isEmpty()) {
                notes.add("no file holds shard" + (absent.size() == 1 ? " " : "s ") + String.join(", ", absent) + " of "
                        + wholes.iterator().next() + ": their seeds count as missing");
            }
        }
        long total = 0;
        for (SeedList l : lists) {
            total += l.size();
        }
        if (total > MAX_CHECKED) {
            notes.add("the headers name " + total + " seeds, too many to check one by one: missing seeds are not counted");
            return new Expected(total, 0, List.of());
        }
        it.unimi.dsi.fastutil.longs.LongOpenHashSet expected = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
        List<Long> sample = new ArrayList<>();
        long missing = 0;
        for (SeedList l : lists) {
            for (long i = 0; i < l.size(); i++) {
                long s = l.seed(i);
                if (expected.add(s) && !have.containsKey(s)) {
                    missing++;
                    if (sample.size() < 20) {
                        sample.add(s);
                    }
                }
            }
        }
        return new Expected(expected.size(), missing, sample);
    }

    /** The seed list a header's {@code seeds} names: {@code A..B} or {@code derived 0xBASE xCOUNT}; null when unknown. */
    static SeedList parseSpec(String spec) {
        if (spec == null) {
            return null;
        }
        try {
            if (spec.startsWith("derived ")) {
                String[] p = spec.substring("derived ".length()).strip().split(" x", 2);
                return SeedList.derived(Seeds.parse(p[0]), Long.parseLong(p[1].strip()));
            }
            return SeedList.parse(spec);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
