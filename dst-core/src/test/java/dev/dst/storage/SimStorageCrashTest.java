package dev.dst.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.EntropySource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a power loss leaves behind: the synced state plus a prefix of the unsynced operations,
 * of which only the first one not kept may survive in part, and only if it is an append.
 */
final class SimStorageCrashTest {
    private static final int SEEDS = 300;

    /** An operation of the model, applied both to a {@link SimStorage} and to a plain map. */
    private record Op(String kind, String file, String data) {
        void applyTo(SimStorage s) {
            switch (kind) {
                case "write" -> s.write(file, data.getBytes(UTF_8));
                case "append" -> s.append(file, data.getBytes(UTF_8));
                default -> s.delete(file);
            }
        }

        void applyTo(TreeMap<String, String> files, int appendBytes) {
            switch (kind) {
                case "write" -> files.put(file, data);
                case "append" -> files.merge(file, data.substring(0, appendBytes), String::concat);
                default -> files.remove(file);
            }
        }

        void applyTo(TreeMap<String, String> files) {
            applyTo(files, data == null ? 0 : data.length());
        }
    }

    private static final List<Op> SYNCED = List.of(
            new Op("write", "meta", "term=1"),
            new Op("append", "log", "[1]"),
            new Op("write", "tmp", "scratch"));

    private static final List<Op> PENDING = List.of(
            new Op("append", "log", "[2:abcdef]"),
            new Op("write", "meta", "term=2, a longer value"),
            new Op("append", "log", "[3:ghijkl]"),
            new Op("delete", "tmp", null),
            new Op("append", "log2", "[x]"),
            new Op("write", "meta", "term=3"));

    private static TreeMap<String, String> contents(SimStorage s) {
        TreeMap<String, String> files = new TreeMap<>();
        for (String f : s.files()) {
            files.put(f, new String(s.read(f), UTF_8));
        }
        return files;
    }

    /** Every state a crash may leave: synced, plus k pending ops, plus perhaps part of the next append. */
    private static List<TreeMap<String, String>> allowedStates() {
        List<TreeMap<String, String>> allowed = new ArrayList<>();
        TreeMap<String, String> base = new TreeMap<>();
        SYNCED.forEach(op -> op.applyTo(base));
        for (int kept = 0; kept <= PENDING.size(); kept++) {
            TreeMap<String, String> state = new TreeMap<>(base);
            PENDING.subList(0, kept).forEach(op -> op.applyTo(state));
            allowed.add(state);
            if (kept < PENDING.size() && PENDING.get(kept).kind().equals("append")) {
                Op next = PENDING.get(kept);
                for (int torn = 1; torn < next.data().length(); torn++) {
                    TreeMap<String, String> tornState = new TreeMap<>(state);
                    next.applyTo(tornState, torn);
                    allowed.add(tornState);
                }
            }
        }
        return allowed;
    }

    /** The state the crash says it left. */
    private static TreeMap<String, String> stateOf(CrashLoss loss) {
        TreeMap<String, String> state = new TreeMap<>();
        SYNCED.forEach(op -> op.applyTo(state));
        PENDING.subList(0, loss.keptWrites()).forEach(op -> op.applyTo(state));
        if (loss.mode() == CrashLoss.Mode.TORN_WRITE) {
            PENDING.get(loss.keptWrites()).applyTo(state, loss.tornBytesKept());
        }
        return state;
    }

    private static SimStorage prepared() {
        SimStorage s = new SimStorage();
        SYNCED.forEach(op -> op.applyTo(s));
        s.fsync();
        PENDING.forEach(op -> op.applyTo(s));
        return s;
    }

    @Test
    void crashesOverManySeedsLoseAllKeepAPrefixAndTearAnAppend() {
        Set<CrashLoss.Mode> seen = EnumSet.noneOf(CrashLoss.Mode.class);
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = prepared();
            seen.add(s.crash(EntropySource.seeded(seed).stream("storage"), true).mode());
        }
        assertEquals(EnumSet.of(CrashLoss.Mode.ALL_LOST, CrashLoss.Mode.PREFIX_KEPT, CrashLoss.Mode.TORN_WRITE), seen);
    }

    @Test
    void afterACrashTheFilesAreSyncedStatePlusAPrefixOfThePendingWrites() {
        List<TreeMap<String, String>> allowed = allowedStates();
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = prepared();
            s.crash(EntropySource.seeded(seed).stream("storage"), true);
            TreeMap<String, String> after = contents(s);
            assertTrue(allowed.contains(after), "seed " + seed + " left " + after);
        }
    }

    @Test
    void theCrashReportSaysWhatWasKept() {
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = prepared();
            CrashLoss loss = s.crash(EntropySource.seeded(seed).stream("storage"), true);
            assertEquals(PENDING.size(), loss.pendingWrites());
            assertEquals(stateOf(loss), contents(s), "seed " + seed + ": " + loss);
            if (loss.mode() == CrashLoss.Mode.ALL_LOST) {
                assertEquals(0, loss.keptWrites());
            }
            if (loss.mode() == CrashLoss.Mode.TORN_WRITE) {
                Op torn = PENDING.get(loss.keptWrites());
                assertEquals("append", torn.kind(), "only appends tear");
                assertTrue(loss.tornBytesKept() >= 1 && loss.tornBytesKept() < torn.data().length(), loss.toString());
            }
        }
    }

    @Test
    void aWriteIsNeverTorn() {
        byte[] oldContent = new byte[4096];
        byte[] newContent = new byte[4096];
        Arrays.fill(oldContent, (byte) 'o');
        Arrays.fill(newContent, (byte) 'n');
        Set<CrashLoss.Mode> seen = EnumSet.noneOf(CrashLoss.Mode.class);
        for (long seed = 0; seed < SEEDS; seed++) {
            SimStorage s = new SimStorage();
            s.write("state", oldContent);
            s.fsync();
            s.write("state", newContent);
            s.write("other", newContent);
            CrashLoss loss = s.crash(EntropySource.seeded(seed).stream("storage"), true);
            seen.add(loss.mode());
            byte[] after = s.read("state");
            assertTrue(Arrays.equals(after, oldContent) || Arrays.equals(after, newContent), "seed " + seed + ": " + loss);
            assertNotEquals(CrashLoss.Mode.TORN_WRITE, loss.mode());
        }
        assertTrue(seen.contains(CrashLoss.Mode.ALL_LOST) && seen.contains(CrashLoss.Mode.PREFIX_KEPT), seen.toString());
    }

    @Test
    void crashLossesDescribeThemselves() {
        assertEquals("lost all 3 unsynced writes", new CrashLoss(CrashLoss.Mode.ALL_LOST, 3, 0, 0).toString());
        assertEquals("kept 1 of 3 unsynced writes, then a torn append of 5 bytes",
                new CrashLoss(CrashLoss.Mode.TORN_WRITE, 3, 1, 5).toString());
    }
}
