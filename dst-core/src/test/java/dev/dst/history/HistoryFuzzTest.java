package dev.dst.history;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Random mutations of valid files: the parsers throw only HistoryFormatException, and finish. */
class HistoryFuzzTest {
    private static final String ALPHABET = "[](){}#_:;\\\"\n\t ,0123456789-+.eNM/abcnilrutefsokvpq";

    private static String mutate(String s, Entropy e) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + e.below(6);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = e.below(sb.length());
            switch (e.below(4)) {
                case 0: sb.deleteCharAt(at); break;
                case 1: sb.insert(at, ALPHABET.charAt(e.below(ALPHABET.length()))); break;
                case 2: sb.setCharAt(at, ALPHABET.charAt(e.below(ALPHABET.length()))); break;
                default: sb.setLength(at); break; // truncate
            }
        }
        return sb.toString();
    }

    private static int fuzz(String valid, Format format, Entropy e, int rounds) {
        int rejected = 0;
        for (int i = 0; i < rounds; i++) {
            String text = mutate(valid, e);
            try {
                History.parse(text, format);
                History.parse(text, Format.AUTO);
            } catch (HistoryFormatException expected) {
                rejected++;
            } catch (RuntimeException | StackOverflowError other) {
                fail("parser threw " + other + " on input:\n" + text);
            }
        }
        return rejected;
    }

    @Test
    void mutatedFilesOnlyEverGiveHistoryFormatException() {
        History h = HistoryRoundTripTest.sample();
        Entropy e = EntropySource.seeded(0x5eedL).stream("fuzz");
        String log = "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]\nINFO  jepsen.util - 3\t:ok\t:cas\t[1 2]\n"
                + "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n";
        int rejected = 0;
        for (Object[] c : List.of(new Object[] {h.toEdn(), Format.EDN}, new Object[] {h.toJsonl(), Format.JSONL},
                new Object[] {log, Format.JEPSEN_LOG}, new Object[] {h.toEdn().replace("[", "").replace("]\n", ""), Format.EDN_LINES})) {
            rejected += fuzz((String) c[0], (Format) c[1], e, 3000);
        }
        // the mutations must actually break files, or this test would prove nothing
        assertEquals(true, rejected > 3000, "only " + rejected + " of 12000 mutations were rejected");
    }
}
