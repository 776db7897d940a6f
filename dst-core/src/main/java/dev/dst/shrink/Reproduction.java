package dev.dst.shrink;

import dev.dst.entropy.ChoiceTape;
import dev.dst.entropy.Seeds;
import dev.dst.sim.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A failing run saved to a file: what to run (a scenario of the {@code dst} command, or a JUnit
 * test method), its options, the seed, the attachments (the nemesis plan), the choice tape, and
 * what it found (the violation and the trace hash), with the dst version that wrote it.
 * {@code dst replay F} and {@code @Replay("F")} run it again; kept under {@code src/test}, it is a
 * regression test.
 *
 * <p>Text form (blocks declare their line counts, so the plan and the tape are kept verbatim):
 * <pre>
 * dst-repro 1
 * # comments
 * dst-version 0.1.0
 * target scenario raft-kv
 * seed 0x2a
 * option bug duplicate-votes
 * violation INVARIANT one leader per term
 * headline invariant 'one leader per term' violated at step 812, t=1.204s
 * trace-hash 9c1e0f3a5b7d2e41
 * attachment nemesis-plan 3
 * dst-plan 1
 * 0.250000000s apply isolate n2
 * 1.100000000s revert isolate n2
 * tape 4
 * dst-tape 1
 * seed 0x2a
 * stream scheduler 2
 * 0 1
 * </pre>
 */
public record Reproduction(String dstVersion, String targetKind, String target, long seed, Map<String, String> options,
                           Violation.Kind violationKind, String violationName, String headline, long traceHash,
                           Map<String, String> attachments, ChoiceTape tape, List<String> comments) {
    public static final String SCENARIO = "scenario";
    public static final String TEST = "test";

    public Reproduction {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        attachments = Collections.unmodifiableMap(new TreeMap<>(attachments));
        comments = List.copyOf(comments);
        if (tape != null && tape.seed() != seed) {
            throw new IllegalArgumentException("the tape was recorded with seed " + Seeds.format(tape.seed()) + ", not "
                    + Seeds.format(seed));
        }
    }

    /** What to run: the seed, the tape and the attachments. */
    public Shrinker.Candidate candidate() {
        return new Shrinker.Candidate(seed, tape, attachments);
    }

    /** The failure this file reproduces. */
    public ShrinkFailure failure() {
        return new ShrinkFailure(violationKind, violationName);
    }

    /** The version of dst on the class path (from the build), or "unknown". */
    public static String currentDstVersion() {
        try (InputStream in = Reproduction.class.getResourceAsStream("/dev/dst/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("dst-repro 1\n");
        for (String c : comments) {
            sb.append("# ").append(c.replace("\n", " ")).append('\n');
        }
        sb.append("dst-version ").append(dstVersion).append('\n');
        sb.append("target ").append(targetKind).append(' ').append(target).append('\n');
        sb.append("seed ").append(Seeds.format(seed)).append('\n');
        options.forEach((k, v) -> sb.append("option ").append(k).append(' ').append(v.replace("\n", " ")).append('\n'));
        sb.append("violation ").append(violationKind.name()).append(' ').append(violationName.replace("\n", " ")).append('\n');
        sb.append("headline ").append(headline.replace("\n", " ")).append('\n');
        sb.append("trace-hash ").append(String.format(Locale.ROOT, "%016x", traceHash)).append('\n');
        attachments.forEach((k, v) -> block(sb, "attachment " + k, v));
        if (tape != null) {
            block(sb, "tape", tape.toText());
        }
        return sb.toString();
    }

    private static void block(StringBuilder sb, String header, String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        String[] lines = body.isEmpty() ? new String[0] : body.split("\n", -1);
        sb.append(header).append(' ').append(lines.length).append('\n');
        for (String l : lines) {
            sb.append(l).append('\n');
        }
    }

    /**
     * The line of {@code text} (1-based) on which the attachment {@code key}'s own text begins
     * (the line after its {@code attachment KEY LINES} line), or 0 when it has none: so that a
     * mistake at line n of an attachment can be named as line {@code begin + n - 1} of the file.
     */
    public static int attachmentLine(String text, String key) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String[] p = lines[i].strip().split(" ");
            if (p.length == 3 && p[0].equals("attachment") && p[1].equals(key)) {
                return i + 2;
            }
        }
        return 0;
    }

    /** Parses {@link #toText()}; a malformed file gives an {@link IllegalArgumentException} naming the line. */
    public static Reproduction parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("dst-repro 1")) {
            String first = lines.length == 0 ? "" : lines[0].strip();
            String hint = first.equals("dst-plan 1") ? " (this is a nemesis plan: run it with `dst run SCENARIO --seed S --plan F`)"
                    : first.equals("dst-tape 1") ? " (this is a bare choice tape, without the scenario it belongs to)" : "";
            throw new IllegalArgumentException("line 1: expected 'dst-repro 1'" + hint);
        }
        String version = null;
        String targetKind = null;
        String target = null;
        Long seed = null;
        Map<String, String> options = new LinkedHashMap<>();
        Violation.Kind kind = null;
        String name = null;
        String headline = "";
        Long hash = null;
        Map<String, String> attachments = new TreeMap<>();
        ChoiceTape tape = null;
        List<String> comments = new ArrayList<>();
        int i = 1;
        while (i < lines.length) {
            String line = lines[i];
            int n = i + 1;
            i++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            String word = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
            String rest = line.contains(" ") ? line.substring(line.indexOf(' ') + 1) : "";
            switch (word) {
                case "dst-version" -> version = rest.strip();
                case "target" -> {
                    String[] p = rest.strip().split(" ", 2);
                    if (p.length < 2 || !(p[0].equals(SCENARIO) || p[0].equals(TEST))) {
                        throw new IllegalArgumentException("line " + n + ": expected 'target scenario NAME' or 'target test CLASS#METHOD'");
                    }
                    targetKind = p[0];
                    target = p[1].strip();
                }
                case "seed" -> {
                    try {
                        seed = Seeds.parse(rest.strip());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("line " + n + ": " + e.getMessage());
                    }
                }
                case "option" -> {
                    String[] p = rest.split(" ", 2);
                    options.put(p[0], p.length > 1 ? p[1] : "");
                }
                case "violation" -> {
                    String[] p = rest.split(" ", 2);
                    try {
                        kind = Violation.Kind.valueOf(p[0]);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("line " + n + ": unknown violation kind '" + p[0] + "'; expected one of "
                                + java.util.Arrays.toString(Violation.Kind.values()));
                    }
                    name = p.length > 1 ? p[1] : "";
                }
                case "headline" -> headline = rest;
                case "trace-hash" -> {
                    try {
                        hash = Long.parseUnsignedLong(rest.strip(), 16);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("line " + n + ": bad trace hash '" + rest.strip() + "'; expected 16 hex digits");
                    }
                }
                case "attachment", "tape" -> {
                    String[] p = rest.strip().split(" ");
                    String key = word.equals("tape") ? null : p[0];
                    String countText = p[p.length - 1];
                    int count;
                    try {
                        count = Integer.parseInt(countText);
                    } catch (NumberFormatException e) {
                        count = -1;
                    }
                    if (count < 0 || (key != null && p.length != 2) || (key == null && p.length != 1)) {
                        throw new IllegalArgumentException("line " + n + ": expected '" + (key == null ? "tape" : "attachment KEY")
                                + " LINES', got '" + line + "'");
                    }
                    if (i + count > lines.length) {
                        throw new IllegalArgumentException("line " + n + ": the block declares " + count + " lines but the file ends after "
                                + (lines.length - i));
                    }
                    StringBuilder body = new StringBuilder();
                    for (int k = 0; k < count; k++) {
                        body.append(lines[i + k]).append('\n');
                    }
                    if (key == null) {
                        try {
                            tape = ChoiceTape.parse(body.toString());
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("tape block at line " + n + ": " + e.getMessage());
                        }
                    } else {
                        attachments.put(key, body.toString());
                    }
                    i += count;
                }
                default -> throw new IllegalArgumentException("line " + n + ": unknown entry '" + word
                        + "'; expected dst-version, target, seed, option, violation, headline, trace-hash, attachment or tape");
            }
        }
        if (target == null || seed == null || kind == null || hash == null) {
            throw new IllegalArgumentException("incomplete reproduction: it needs target, seed, violation and trace-hash lines");
        }
        return new Reproduction(version == null ? "unknown" : version, targetKind, target, seed, options, kind, name, headline, hash,
                attachments, tape, comments);
    }

    public void write(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, toText(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a file; a malformed one gives an {@link IllegalArgumentException} naming the file and the line. */
    public static Reproduction read(Path file) throws IOException {
        String text = dev.dst.io.TextFile.read(file, "reproduction file", 256L << 20);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
