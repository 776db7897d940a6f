package dev.dst.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.ChoiceTape;
import dev.dst.sim.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reproduction file: written, read back the same, and malformed files named by line. */
final class ReproductionTest {
    @TempDir
    Path dir;

    private static Reproduction sample() {
        Map<String, long[]> streams = new LinkedHashMap<>();
        streams.put("scheduler", new long[] {0, 7, 1L << 40});
        streams.put("node/n0", new long[] {-1, 3});
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bug", "no-fencing");
        options.put("faults", "swarm");
        return new Reproduction("0.1.0", Reproduction.SCENARIO, "lease-lock", 0xe, options, Violation.Kind.INVARIANT,
                "the store never accepts an older token", "invariant 'the store never accepts an older token' violated at step 5, t=1s",
                0x9c1e0f3a5b7d2e41L, Map.of("nemesis-plan", "dst-plan 1\n1.000000000s apply isolate n2\n"),
                new ChoiceTape(0xe, streams), List.of("shrunk by a test"));
    }

    @Test
    void aFileReadsBackAsTheSameReproduction() throws IOException {
        Reproduction r = sample();
        Path f = dir.resolve("sub/x.repro");
        r.write(f);
        Reproduction back = Reproduction.read(f);
        assertEquals(r.toText(), back.toText());
        assertEquals(r.tape(), back.tape());
        assertEquals(r.attachments(), back.attachments());
        assertEquals(r.options(), back.options());
        assertEquals(r.failure(), back.failure());
        assertEquals(r.traceHash(), back.traceHash());
        assertEquals(List.of("shrunk by a test"), back.comments());
    }

    @Test
    void theTextStartsWithTheHeaderAndKeepsThePlanVerbatim() {
        String text = sample().toText();
        assertTrue(text.startsWith("dst-repro 1\n# shrunk by a test\ndst-version 0.1.0\ntarget scenario lease-lock\nseed 0xe\n"), text);
        assertTrue(text.contains("attachment nemesis-plan 2\ndst-plan 1\n1.000000000s apply isolate n2\n"), text);
        assertTrue(text.contains("trace-hash 9c1e0f3a5b7d2e41\n"), text);
    }

    @Test
    void aFileWithoutTapeOrAttachmentsIsFine() {
        Reproduction r = Reproduction.parse("dst-repro 1\ntarget test a.B#c\nseed 0x1\nviolation END_CHECK sum\ntrace-hash 00000000000000ff\n");
        assertEquals(Reproduction.TEST, r.targetKind());
        assertEquals("a.B#c", r.target());
        assertEquals(null, r.tape());
        assertEquals(Map.of(), r.attachments());
        assertEquals("unknown", r.dstVersion());
        assertEquals(255L, r.traceHash());
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Reproduction.parse(text)).getMessage();
    }

    @Test
    void malformedFilesNameTheLine() {
        String head = "dst-repro 1\ntarget scenario x\n";
        assertEquals("line 1: expected 'dst-repro 1'", error("hello\n"));
        assertTrue(error("dst-plan 1\n0.1s apply isolate n1\n").contains("this is a nemesis plan"));
        assertTrue(error("dst-tape 1\nseed 0x1\n").contains("bare choice tape"));
        assertTrue(error(head + "seed banana\n").startsWith("line 3: "), error(head + "seed banana\n"));
        assertTrue(error(head + "violation OOPS x\n").startsWith("line 3: unknown violation kind 'OOPS'"));
        assertTrue(error(head + "trace-hash xyz\n").startsWith("line 3: bad trace hash"));
        assertTrue(error(head + "frobnicate 3\n").startsWith("line 3: unknown entry 'frobnicate'"));
        assertTrue(error("dst-repro 1\ntarget nothing\n").startsWith("line 2: expected 'target scenario NAME'"));
        assertTrue(error(head + "attachment p 5\na\n").contains("declares 5 lines but the file ends"));
        assertTrue(error(head + "tape 1\nnot a tape\n").startsWith("tape block at line 3: "));
        assertTrue(error(head + "seed 0x1\n").startsWith("incomplete reproduction"));
    }

    @Test
    void aTapeOfAnotherSeedIsRefused() {
        String text = sample().toText().replaceFirst("\nseed 0xe\n", "\nseed 0xf\n"); // the header's seed, not the tape's
        String msg = error(text);
        assertTrue(msg.contains("recorded with seed"), msg);
    }

    @Test
    void readingNamesTheFile() throws IOException {
        Path f = dir.resolve("bad.repro");
        Files.writeString(f, "dst-repro 1\nseed x\n");
        String msg = assertThrows(IllegalArgumentException.class, () -> Reproduction.read(f)).getMessage();
        assertTrue(msg.startsWith(f + ": line 2: "), msg);
    }
}
