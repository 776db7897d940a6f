package dev.dst.examples.check;

import dev.dst.elle.AnomalyType;
import dev.dst.elle.ElleResult;
import dev.dst.elle.ListAppend;
import dev.dst.elle.RwRegister;
import dev.dst.history.Format;
import dev.dst.history.History;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-made histories of docs/checkers.md give exactly the anomalies the page says: each
 * {@code ```edn} block whose first line is {@code ;; WORKLOAD [--writes-follow-reads]: ANOMALY, ...}.
 */
class ElleDocsTest {
    private static final Pattern BLOCK = Pattern.compile(
            "```edn\\n;; (list-append|rw-register)( --writes-follow-reads)?: ([^\\n]+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyHistoryOnTheCheckersPageGivesTheAnomaliesItNames() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "checkers.md"));
        Matcher m = BLOCK.matcher(page);
        int blocks = 0;
        Set<AnomalyType> covered = EnumSet.noneOf(AnomalyType.class);
        while (m.find()) {
            blocks++;
            History h = History.parse(m.group(4), Format.EDN_LINES);
            ElleResult r = m.group(1).equals("list-append") ? ListAppend.check(h)
                    : RwRegister.check(h, new RwRegister.Options(m.group(2) != null));
            Set<AnomalyType> expected = EnumSet.noneOf(AnomalyType.class);
            for (String name : m.group(3).split(",\\s*")) {
                expected.add(AnomalyType.named(name.trim()));
            }
            assertEquals(expected, r.types(), () -> m.group(0) + "\n" + r);
            covered.addAll(expected);
        }
        assertTrue(blocks >= 19, "the page's histories were found: " + blocks);
        for (AnomalyType t : AnomalyType.values()) {
            boolean variant = t.isProcess() || t.isRealtime();
            assertTrue(variant || covered.contains(t), "docs/checkers.md shows no history for " + t);
        }
    }
}
