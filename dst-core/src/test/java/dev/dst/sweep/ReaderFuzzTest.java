package dev.dst.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.shrink.Reproduction;
import dev.dst.shrink.Shrinker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of valid reproduction files and sweep result files: the readers accept them
 * or reject them with an {@link IllegalArgumentException} that has a message, and nothing else
 * (no other exception, no hang); and enough mutations are rejected to show the readers check.
 */
final class ReaderFuzzTest {
    private static final String ALPHABET = "{}[]\":,\n\t 0123456789-xabcdefsrtp#.";

    @TempDir
    Path dir;

    static String mutate(String s, Entropy e) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + e.below(6);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = e.below(sb.length());
            switch (e.below(5)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(e.below(ALPHABET.length())));
                case 2 -> sb.setCharAt(at, ALPHABET.charAt(e.below(ALPHABET.length())));
                case 3 -> { // a line removed or doubled
                    int start = sb.lastIndexOf("\n", at) + 1;
                    int end = sb.indexOf("\n", at);
                    end = end < 0 ? sb.length() : end + 1;
                    String line = sb.substring(start, end);
                    if (e.chance(0.5)) {
                        sb.delete(start, end);
                    } else {
                        sb.insert(start, line);
                    }
                }
                default -> sb.setLength(at); // truncated
            }
        }
        return sb.toString();
    }

    private static Reproduction sample() {
        Target bombs = Target.of("x.Y#z", dev.dst.shrink.Bombs::run);
        Shrinker.Result r = Shrinker.builder().reducer(new dev.dst.shrink.Bombs.Reducer()).maxAttempts(30).build()
                .shrink(3, java.util.Map.of(), Runner.trial(bombs, 30_000));
        return Artifacts.reproduction(bombs, r, List.of("a comment"));
    }

    @Test
    void mutatedReproductionsAreReadOrRefusedWithAMessage() {
        String valid = sample().toText();
        Entropy e = EntropySource.seeded(0xfeedL).stream("fuzz");
        int rejected = 0;
        for (int i = 0; i < 4000; i++) {
            String text = mutate(valid, e);
            try {
                Reproduction.parse(text);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), "a refusal without a message");
                rejected++;
            } catch (RuntimeException | StackOverflowError other) {
                fail("Reproduction.parse threw " + other + " on:\n" + text);
            }
        }
        assertTrue(rejected > 1000, "only " + rejected + " of 4000 mutations were refused");
    }

    @Test
    void mutatedSweepFilesAreReadOrRefusedWithAMessage() throws Exception {
        Path valid = dir.resolve("valid.jsonl");
        Sweep.of(SweepTest.FLAKY, SeedList.parse("1..6")).out(valid, false).run();
        String text = Files.readString(valid, StandardCharsets.UTF_8);
        Entropy e = EntropySource.seeded(0xbeefL).stream("fuzz");
        int rejected = 0;
        int torn = 0;
        for (int i = 0; i < 1500; i++) {
            Path f = dir.resolve("m.jsonl");
            Files.writeString(f, mutate(text, e), StandardCharsets.UTF_8);
            try {
                SweepFile.Scan scan = SweepFile.scan(f, new SweepFile.Visitor() {
                    @Override
                    public void header(SweepFile.Header h, int line) {
                    }

                    @Override
                    public void result(SeedResult r, SweepFile.Header h, int line) {
                    }
                });
                torn += scan.tornLastLine() ? 1 : 0;
                SweepMerge.merge(List.of(f));
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage() != null && expected.getMessage().contains(f.toString()) || expected.getMessage()
                        .contains("no sweep results"), "a refusal that does not name the file: " + expected.getMessage());
                rejected++;
            } catch (RuntimeException | StackOverflowError other) {
                fail("the sweep file reader threw " + other + " on:\n" + Files.readString(f));
            }
        }
        assertTrue(rejected > 300 && torn > 50, "refused " + rejected + ", torn last lines " + torn + " of 1500");
    }
}
