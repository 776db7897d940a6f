package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.entropy.SplitMix64;
import dev.dst.sweep.SeedList;
import dev.dst.sweep.Shard;

import java.nio.file.Path;

/**
 * How a {@link SimulationTest} method runs this time, from its annotation and the {@code dst.*}
 * system properties: one seed ({@code -Ddst.seed}) or a reproduction ({@code -Ddst.repro}), or a
 * sweep of {@code -Ddst.seeds} seeds derived from the test's name and {@code -Ddst.seedBase}, on
 * {@code -Ddst.threads} threads, shard {@code -Ddst.shard}, with results in {@code -Ddst.out},
 * each seed with {@code -Ddst.timeout} seconds of real time. A bad value is an error that quotes
 * it, names the property and says what is expected.
 */
record TestSettings(Long replaySeed, Path repro, SeedList seeds, long count, int threads, Shard shard, Path out,
                    long timeoutMillis, boolean requireProbes, int failuresShown) {
    static final String SEED = "dst.seed";
    static final String REPRO = "dst.repro";
    static final String SEEDS = "dst.seeds";
    static final String SEED_BASE = "dst.seedBase";
    static final String THREADS = "dst.threads";
    static final String SHARD = "dst.shard";
    static final String OUT = "dst.out";
    static final String TIMEOUT = "dst.timeout";
    static final String REQUIRE_PROBES = "dst.requireProbes";
    static final String FAILURES_SHOWN = "dst.failuresShown";

    /** Every {@code dst.*} property dst reads; others are typos ({@code dst.test.*} is left to tests). */
    static final java.util.Set<String> KNOWN = java.util.Set.of(SEED, REPRO, SEEDS, SEED_BASE, THREADS, SHARD, OUT, TIMEOUT, REQUIRE_PROBES,
            FAILURES_SHOWN, "dst.dir", TestShrinker.ENABLED, TestShrinker.ATTEMPTS, TestShrinker.SECONDS, "dst.mdc");

    static TestSettings of(String testId, SimulationTest a) {
        checkNames();
        String seed = property(SEED);
        Long replay = seed == null ? null : Seeds.parse(seed);
        String repro = property(REPRO);
        if (replay != null && repro != null) {
            throw new IllegalArgumentException("-D" + SEED + " and -D" + REPRO + " both given: replay one seed or one file, not both");
        }
        if (property(TestShrinker.ENABLED) != null) {
            bool(TestShrinker.ENABLED, property(TestShrinker.ENABLED));
        }
        if (property(TestShrinker.ATTEMPTS) != null) {
            positive(TestShrinker.ATTEMPTS, property(TestShrinker.ATTEMPTS), 1_000_000);
        }
        if (property(TestShrinker.SECONDS) != null) {
            positive(TestShrinker.SECONDS, property(TestShrinker.SECONDS), 86_400);
        }
        long count = a.seeds();
        String seeds = property(SEEDS);
        if (seeds != null) {
            count = positive(SEEDS, seeds, 1_000_000_000_000_000L);
        } else if (count < 1) {
            throw new IllegalArgumentException("@SimulationTest(seeds = " + a.seeds() + ") on " + testId + ": expected at least 1");
        }
        String base = property(SEED_BASE);
        long baseSeed = SplitMix64.hashName(testId) ^ (base == null ? 0 : parseSeed(SEED_BASE, base));
        int threads = property(THREADS) == null ? 1 : (int) positive(THREADS, property(THREADS), 1024);
        Shard shard = property(SHARD) == null ? Shard.WHOLE : Shard.parse(property(SHARD), "-D" + SHARD);
        long timeoutSeconds = property(TIMEOUT) == null ? a.timeoutSeconds() : positive(TIMEOUT, property(TIMEOUT), 86_400 * 7);
        if (timeoutSeconds < 1 || timeoutSeconds > 86_400 * 7) {
            throw new IllegalArgumentException("@SimulationTest(timeoutSeconds = " + timeoutSeconds + ") on " + testId
                    + ": expected 1 to 604800 (a week)");
        }
        boolean probes = property(REQUIRE_PROBES) == null ? a.requireProbes() : bool(REQUIRE_PROBES, property(REQUIRE_PROBES));
        int shown = property(FAILURES_SHOWN) == null ? 10 : (int) positive(FAILURES_SHOWN, property(FAILURES_SHOWN), 10_000);
        SeedList list = SeedList.derived(baseSeed, count);
        if (!shard.equals(Shard.WHOLE)) {
            list = list.shard(shard);
        }
        return new TestSettings(replay, repro == null ? null : Path.of(repro), list, count, threads, shard,
                outFile(testId, property(OUT)), timeoutSeconds * 1000, probes, shown);
    }

    /** {@code -Ddst.out}: the file itself, or, when it names a directory (one that exists, or ends in '/'), a file for this test in it. */
    private static Path outFile(String testId, String out) {
        if (out == null) {
            return null;
        }
        Path path = Path.of(out);
        if (java.nio.file.Files.isDirectory(path) || out.endsWith("/") || out.endsWith(java.io.File.separator)) {
            return path.resolve(testId.replaceAll("[^A-Za-z0-9._#-]", "_") + ".jsonl");
        }
        return path;
    }

    /** A {@code dst.*} property dst does not read is a mistake (a typo that would silently run the defaults). */
    private static void checkNames() {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("dst.") && !name.startsWith("dst.test.") && !KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown property -D" + name + ": dst reads " + new java.util.TreeSet<>(KNOWN)
                        + " (names under dst.test. are left to your tests)");
            }
        }
    }

    /** A property's value; unset, blank and unfilled Maven placeholders ({@code ${x}}) count as unset. */
    static String property(String name) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? null : v.strip();
    }

    private static long positive(String name, String value, long max) {
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("bad -D" + name + "='" + value + "': expected a whole number from 1 to " + max);
        }
        return n;
    }

    private static long parseSeed(String name, String value) {
        try {
            return Seeds.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad -D" + name + "='" + value + "': " + e.getMessage());
        }
    }

    private static boolean bool(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("bad -D" + name + "='" + value + "': expected true or false");
    }

    /** {@code 500 seeds}, {@code shard 1/2: 250 of 500 seeds}, with the threads when more than one. */
    String describe() {
        String what = shard.equals(Shard.WHOLE) ? count + (count == 1 ? " seed" : " seeds")
                : "shard " + shard + ": " + seeds.size() + " of " + count + " seeds";
        return what + (threads > 1 ? ", " + threads + " threads" : "");
    }
}
