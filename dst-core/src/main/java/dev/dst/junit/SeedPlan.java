package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.entropy.SplitMix64;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which seeds a {@link SimulationTest} runs, in which order, and why. */
record SeedPlan(List<Entry> entries) {
    record Entry(long seed, String label) {}

    /**
     * {@code replaySeed} (from -Ddst.seed) wins; otherwise stored failing seeds first, then
     * {@code count} seeds derived from the test's name and {@code base}.
     */
    static SeedPlan of(String testId, String replaySeed, String countOverride, String baseOverride, int annotated,
                       List<Long> failedBefore) {
        if (present(replaySeed)) {
            return new SeedPlan(List.of(new Entry(Seeds.parse(replaySeed), "seed " + Seeds.format(Seeds.parse(replaySeed)) + " (replay)")));
        }
        int count = annotated;
        if (present(countOverride)) {
            try {
                count = Integer.parseInt(countOverride.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad -Ddst.seeds='" + countOverride + "': expected a positive whole number");
            }
            if (count < 1) {
                throw new IllegalArgumentException("bad -Ddst.seeds='" + countOverride + "': expected a positive whole number");
            }
        }
        long base = SplitMix64.hashName(testId) ^ (present(baseOverride) ? Seeds.parse(baseOverride) : 0);
        List<Entry> entries = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (long s : failedBefore) {
            if (seen.add(s)) {
                entries.add(new Entry(s, "seed " + Seeds.format(s) + " (failed before)"));
            }
        }
        for (int i = 0; i < count; i++) {
            long s = Seeds.derive(base, i);
            if (seen.add(s)) {
                entries.add(new Entry(s, "seed " + Seeds.format(s) + " [" + (i + 1) + "/" + count + "]"));
            }
        }
        return new SeedPlan(entries);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank() && !value.startsWith("${");
    }
}
