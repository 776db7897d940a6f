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
 * removed when it passes again. Unreadable lines are ignored.
 */
final class FailingSeeds {
    private final Path file;

    FailingSeeds(Path dir, String testId) {
        this.file = dir.resolve("failing-seeds").resolve(testId.replaceAll("[^A-Za-z0-9._#-]", "_") + ".txt");
    }

    Path file() {
        return file;
    }

    synchronized List<Long> load() {
        List<Long> seeds = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return seeds;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    if (!line.isBlank()) {
                        seeds.add(Seeds.parse(line));
                    }
                } catch (IllegalArgumentException ignored) {
                    // a hand-edited line that is not a seed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds;
    }

    /** At most this many seeds are kept: the first failures of a sweep that fails everywhere are enough to start from. */
    static final int KEPT = 100;

    synchronized void record(long seed, boolean failed) {
        Set<Long> seeds = new LinkedHashSet<>(load());
        boolean changed = failed ? seeds.size() < KEPT && seeds.add(seed) : seeds.remove(seed);
        if (changed) {
            write(seeds);
        }
    }

    /** After a sweep that ran every stored seed: the seeds that fail now, the first {@value #KEPT}. */
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

    private void write(Set<Long> seeds) {
        try {
            if (seeds.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            StringBuilder sb = new StringBuilder();
            for (long s : seeds) {
                sb.append(Seeds.format(s)).append('\n');
            }
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
