package dev.dst.nemesis;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.fault.World;
import dev.dst.testnodes.Fixture;
import org.junit.jupiter.api.Test;

/** Random mutations of generated plans: parsed, or refused with a message naming a line; nothing else. */
final class PlanFuzzTest {
    private static final String ALPHABET = "0123456789.s -+|,napplyrevertkilpusedoqhwn\n";
    private static final World W = Fixture.chatters(1, 7, Fixture.ONE_MS, 0).world();

    private static String mutate(String s, Entropy e) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + e.below(5);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = e.below(sb.length());
            switch (e.below(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(e.below(ALPHABET.length())));
                case 2 -> sb.setCharAt(at, ALPHABET.charAt(e.below(ALPHABET.length())));
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }

    @Test
    void mutatedPlansAreParsedOrRefusedNamingTheLine() {
        Entropy e = EntropySource.seeded(0x9a1L).stream("fuzz");
        int rejected = 0;
        int total = 0;
        for (long seed = 1; seed <= 20; seed++) {
            NemesisPlan plan = Nemesis.combined().plan(EntropySource.seeded(seed).stream("nemesis"),
                    new Targets(java.util.List.of(0, 1, 2, 3, 4), java.util.List.of(5, 6)), 5_000_000_000L);
            String valid = plan.toText(W);
            for (int i = 0; i < 200; i++) {
                String text = mutate(valid, e);
                total++;
                try {
                    NemesisPlan.parse(text, W);
                } catch (IllegalArgumentException expected) {
                    assertTrue(expected.getMessage() != null && expected.getMessage().startsWith("line "), expected.getMessage());
                    rejected++;
                } catch (RuntimeException | StackOverflowError other) {
                    fail("NemesisPlan.parse threw " + other + " on:\n" + text);
                }
            }
        }
        assertTrue(rejected > total / 4, "only " + rejected + " of " + total + " mutations were refused");
    }
}
