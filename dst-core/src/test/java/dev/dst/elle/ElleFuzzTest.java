package dev.dst.elle;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.history.Format;
import dev.dst.history.History;
import dev.dst.history.HistoryFormatException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Malformed transactional histories, by text edits and by swapping parts of micro-ops for odd
 * values: parsing throws only {@link HistoryFormatException}, checking only an
 * {@link IllegalArgumentException} that names the line and the workload; nothing else, and every
 * check finishes.
 */
class ElleFuzzTest {
    private static final String ALPHABET = "[](){}#_:;\\\"\n\t ,0123456789-+.eNM/abcnilrutefsokvpqwx";
    private static final List<Object> ODD = java.util.Arrays.asList(null, 1L, -7L, "x", "append", "w", "r", List.of(),
            List.of(1L, 1L), List.of("r", "x"), Map.of("k", 1L), List.of(List.of()), true);

    private static final String LIST_APPEND = """
            {:process 0, :type :invoke, :f :txn, :value [[:append :x 1] [:r :y nil]]}
            {:process 1, :type :invoke, :f :txn, :value [[:append :y 1] [:r :x nil]]}
            {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:r :y []]]}
            {:process 1, :type :info, :f :txn, :value [[:append :y 1] [:r :x nil]]}
            {:process 2, :type :invoke, :f :txn, :value [[:append :x 2] [:append :x 3]]}
            {:process 2, :type :fail, :f :txn, :value [[:append :x 2] [:append :x 3]]}
            {:process 3, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
            {:process 3, :type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]]}
            """;

    private static final String RW_REGISTER = """
            {:process 0, :type :invoke, :f :txn, :value [[:w :x 1] [:r :y nil]]}
            {:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :y 1]]}
            {:process 0, :type :ok, :f :txn, :value [[:w :x 1] [:r :y nil]]}
            {:process 1, :type :info, :f :txn, :value [[:r :x nil] [:w :y 1]]}
            {:process 2, :type :invoke, :f :txn, :value [[:w :x 2] [:w :x 3]]}
            {:process 2, :type :fail, :f :txn, :value [[:w :x 2] [:w :x 3]]}
            {:process 3, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}
            {:process 3, :type :ok, :f :txn, :value [[:r :x 1] [:r :y 1]]}
            """;

    @Test
    void editedTextIsRefusedWithALineOrChecked() {
        Entropy e = EntropySource.seeded(0x5eedL).stream("elle-fuzz");
        int[] outcomes = new int[3];   // parse refused, check refused, checked
        for (int i = 0; i < 4_000; i++) {
            String valid = i % 2 == 0 ? LIST_APPEND : RW_REGISTER;
            run(mutate(valid, e), valid == LIST_APPEND, outcomes);
        }
        assertTrue(outcomes[0] > 1_000 && outcomes[1] > 100 && outcomes[2] > 300,
                "the edits break the parse, break the transactions, and leave checkable histories: "
                        + java.util.Arrays.toString(outcomes));
    }

    @Test
    void oddValuesInMicroOpsAreRefusedWithALineOrChecked() {
        Entropy e = EntropySource.seeded(0xbadL).stream("elle-fuzz-values");
        int[] outcomes = new int[3];
        for (int i = 0; i < 4_000; i++) {
            String valid = i % 2 == 0 ? LIST_APPEND : RW_REGISTER;
            List<String> lines = new ArrayList<>(valid.lines().toList());
            int at = e.below(lines.size());
            Object value = History.parse(valid, Format.AUTO).ops().get(at).value();
            lines.set(at, lines.get(at).replaceFirst(":value .*}$", ":value " + dev.dst.history.Edn.write(replaceOne(value, e)) + "}"));
            run(String.join("\n", lines), valid == LIST_APPEND, outcomes);
        }
        assertTrue(outcomes[1] > 1_000, "most odd values make a transaction unreadable: " + java.util.Arrays.toString(outcomes));
    }

    /** Swaps one part of the value (the whole, a micro-op, or one of its three parts) for an odd value. */
    private static Object replaceOne(Object value, Entropy e) {
        if (!(value instanceof List<?> microOps) || microOps.isEmpty() || e.chance(0.1)) {
            return e.pick(ODD);
        }
        List<Object> copy = new ArrayList<>(microOps);
        int m = e.below(copy.size());
        if (!(copy.get(m) instanceof List<?> parts) || e.chance(0.2)) {
            copy.set(m, e.pick(ODD));
            return copy;
        }
        List<Object> p = new ArrayList<>(parts);
        if (p.isEmpty() || e.chance(0.1)) {
            p.add(e.pick(ODD));
        } else {
            p.set(e.below(p.size()), e.pick(ODD));
        }
        copy.set(m, p);
        return copy;
    }

    /** Parses and checks with every workload; counts the outcome of the one the text was written for. */
    private static void run(String text, boolean lists, int[] outcomes) {
        History h;
        try {
            h = History.parse(text, Format.AUTO);
        } catch (HistoryFormatException refused) {
            outcomes[0]++;
            return;
        } catch (RuntimeException | StackOverflowError other) {
            fail("the parser threw " + other + " on:\n" + text);
            return;
        }
        boolean refusedByItsWorkload = false;
        for (int w = 0; w < 3; w++) {
            try {
                ElleResult r = w == 0 ? ListAppend.check(h) : RwRegister.check(h, new RwRegister.Options(w == 2));
                assertTrue(r.transactions() >= 0 && r.summary().startsWith(w == 0 ? "list-append: " : "rw-register: "));
            } catch (IllegalArgumentException refused) {
                String m = refused.getMessage();
                if (!m.matches("(?s)line [1-9][0-9]*: (list-append|rw-register): .+")) {
                    fail("a refusal without a line and the workload: " + m + "\non:\n" + text);
                }
                refusedByItsWorkload |= lists == (w == 0);
            } catch (RuntimeException | AssertionError | StackOverflowError other) {
                fail("the checker threw " + other + " on:\n" + text);
            }
        }
        outcomes[refusedByItsWorkload ? 1 : 2]++;
    }

    private static String mutate(String s, Entropy e) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + e.below(4);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = e.below(sb.length());
            switch (e.below(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(e.below(ALPHABET.length())));
                default -> sb.setCharAt(at, ALPHABET.charAt(e.below(ALPHABET.length())));
            }
        }
        return sb.toString();
    }
}
