package dev.dst.junit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-test file of seeds that failed. */
final class FailingSeedsTest {
    @TempDir
    Path dir;

    @Test
    void aTestWithNoFileHasNoFailedSeeds() {
        assertEquals(List.of(), new FailingSeeds(dir, "a.B#c").load());
    }

    @Test
    void aFailedSeedIsWrittenAsHexAndLoadedBack() throws IOException {
        FailingSeeds store = new FailingSeeds(dir, "a.B#c");
        store.record(0x2a, true);
        store.record(-1, true);
        assertEquals(List.of(0x2aL, -1L), store.load());
        assertEquals("0x2a\n0xffffffffffffffff\n", Files.readString(store.file(), UTF_8));
        assertEquals(dir.resolve("failing-seeds").resolve("a.B#c.txt"), store.file());
    }

    @Test
    void aSeedIsRecordedOnce() {
        FailingSeeds store = new FailingSeeds(dir, "t");
        store.record(1, true);
        store.record(1, true);
        assertEquals(List.of(1L), store.load());
    }

    @Test
    void aSeedThatPassesIsRemovedAndAnEmptyFileDeleted() {
        FailingSeeds store = new FailingSeeds(dir, "t");
        store.record(1, true);
        store.record(2, true);
        store.record(1, false);
        assertEquals(List.of(2L), store.load());
        store.record(2, false);
        assertFalse(Files.exists(store.file()));
    }

    @Test
    void aPassingSeedThatWasNeverStoredWritesNothing() {
        FailingSeeds store = new FailingSeeds(dir, "t");
        store.record(5, false);
        assertFalse(Files.exists(store.file()));
    }

    @Test
    void handEditedLinesThatAreNotSeedsAreIgnored() throws IOException {
        FailingSeeds store = new FailingSeeds(dir, "t");
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), "0x10\n\nnot a seed\n  17 \n", UTF_8);
        assertEquals(List.of(16L, 17L), store.load());
    }

    @Test
    void awkwardTestIdsMakeSafeFileNames() {
        Path file = new FailingSeeds(dir, "a.Outer$Inner#m(long, Simulation)").file();
        assertTrue(file.getFileName().toString().matches("[A-Za-z0-9._#-]+\\.txt"), file.toString());
        assertEquals(dir.resolve("failing-seeds"), file.getParent());
    }

    @Test
    void seedsThatFailedUnderOtherPropertiesAreKeptApartAndLeftAlone() throws IOException {
        FailingSeeds plain = new FailingSeeds(dir, "t");
        FailingSeeds bug = new FailingSeeds(dir, "t", "-Dbug=on");
        plain.record(1, true);
        bug.record(2, true);
        bug.record(3, true);
        assertEquals(List.of(1L), plain.load());
        assertEquals(List.of(2L, 3L), bug.load());
        assertEquals("0x1\n0x2 -Dbug=on\n0x3 -Dbug=on\n", Files.readString(plain.file(), UTF_8));
        plain.replace(List.of());
        assertEquals(List.of(2L, 3L), bug.load(), "a clean run does not forget the bug's seeds");
        assertEquals(List.of(), plain.load());
    }
}
