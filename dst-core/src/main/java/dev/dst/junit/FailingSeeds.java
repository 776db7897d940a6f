package dev.dst.junit;

import dev.dst.entropy.Seeds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The seeds of one test that failed, one per line in
 * {@code target/dst/failing-seeds/<class>#<method>.txt}; a seed is added when it fails and
 * removed when it passes again. A seed that failed under properties the test reads
 * ({@code replayProperties}) is written with them ({@code 0x1f -Dbug=on}) and run first only by a
 * run with the same properties: a failure with the bug switched on is no reason to rerun the
 * seed without it. Unreadable lines are ignored.
 */
final class FailingSeeds {
    /** At most this many seeds are kept per setting: the first failures of a sweep that fails everywhere are enough to start from. */
    static final int KEPT = 100;

    private final Path file;
    private final String setting;

    FailingSeeds(Path dir, String testId) {
        this(dir, testId, "");
    }

    /** The store of {@code testId}'s seeds under {@code setting} (its recorded properties, {@code -Dbug=on}; empty for none). */
    FailingSeeds(Path dir, String testId, String setting) {
        this.file = dir.resolve("failing-seeds").resolve(testId.replaceAll("[^A-Za-z0-9._#-]", "_") + ".txt");
        this.setting = setting.strip();
    }

    Path file() {
        return file;
    }

    /** The seeds stored under this setting, in order. */
    synchronized List<Long> load() {
        List<Long> seeds = new ArrayList<>();
        for (String[] line : lines()) {
            if (line[1].equals(setting)) {
                try {
                    seeds.add(Seeds.parse(line[0]));
                } catch (IllegalArgumentException ignored) {
                    // a hand-edited line that is not a seed
                }
            }
        }
        return seeds;
    }

    /** Every line as (seed text, setting). */
    private List<String[]> lines() {
        List<String[]> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty()) {
                    int space = l.indexOf(' ');
                    out.add(space < 0 ? new String[] {l, ""} : new String[] {l.substring(0, space), l.substring(space + 1).strip()});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    synchronized void record(long seed, boolean failed) {
        Set<Long> seeds = new LinkedHashSet<>(load());
        boolean changed = failed ? seeds.size() < KEPT && seeds.add(seed) : seeds.remove(seed);
        if (changed) {
            write(seeds);
        }
    }

    /** After a sweep that ran every stored seed of this setting: the seeds that fail now, the first {@value #KEPT}. */
    synchronized void replace(List<Long> failing) {
        Set<Long> seeds = new LinkedHashSet<>();
        for (long s : failing) {
            if (seeds.size() == KEPT) {
                break;
            }
            seeds.add(s);
        }
        if (!seeds.equals(new LinkedHashSet<>(load()))) {
            write(seeds);
        }
    }

    /** Writes this setting's seeds; the lines of other settings stay as they were. */
    private void write(Set<Long> seeds) {
        StringBuilder sb = new StringBuilder();
        for (String[] line : lines()) {
            if (!line[1].equals(setting)) {
                sb.append(line[0]).append(line[1].isEmpty() ? "" : " " + line[1]).append('\n');
            }
        }
        for (long s : seeds) {
            sb.append(Seeds.format(s)).append(setting.isEmpty() ? "" : " " + setting).append('\n');
        }
        try {
            if (sb.length() == 0) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
