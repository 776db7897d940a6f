package dev.dst.sweep;

import dev.dst.io.TextFile;
import dev.dst.shrink.Reproduction;
import dev.dst.sim.BadInputException;
import dev.dst.trace.Json;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A sweep's result file: JSON lines, one per seed as it finishes, after a header line that
 * says what produced them (the target, its options, the seed list and shard, the dst version).
 * A sweep killed at any moment keeps every seed whose line was written; a resumed sweep skips
 * them. A file is resumed, or merged with others, only under the same target and options: the
 * results of {@code --bug x} are never counted as those of a clean build.
 *
 * <pre>
 * {"dst-sweep":1,"target":"raft-kv","kind":"scenario","options":{"faults":"swarm"},"seeds":"1..1000","shard":"1/2","dstVersion":"0.1.0"}
 * {"scenario":"raft-kv","seed":"0x1","bug":null,"result":"pass", ... ,"index":0}
 * </pre>
 */
public final class SweepFile {
    /** The first field of a header line, and the format's version. */
    public static final String HEADER_FIELD = "dst-sweep";
    static final int VERSION = 1;

    private SweepFile() {}

    /** What produced the lines after it. */
    public record Header(String target, String kind, Map<String, String> options, String seeds, String shard, String dstVersion) {
        public Header {
            Objects.requireNonNull(target, "target");
            options = Collections.unmodifiableMap(new TreeMap<>(options));
        }

        public static Header of(Target target, SeedList seeds) {
            String shard = seeds instanceof SeedList.Slice s ? s.shard().toString() : null;
            String spec = seeds instanceof SeedList.Slice s ? s.whole().spec() : seeds.spec();
            return new Header(target.name(), target.kind(), target.options(), spec, shard, Reproduction.currentDstVersion());
        }

        /** Whether lines under {@code other} come from the same runs (the same target and options; seeds and shard may differ). */
        public boolean sameRuns(Header other) {
            return target.equals(other.target) && Objects.equals(kind, other.kind) && options.equals(other.options);
        }

        /** Whether {@code other} is the same sweep: the same runs, of the same seed list and shard (what a resume continues). */
        public boolean sameSweep(Header other) {
            return sameRuns(other) && Objects.equals(seeds, other.seeds) && Objects.equals(shard, other.shard);
        }

        /** {@code seeds 1..1000, shard 1/2}. */
        public String describeSeeds() {
            return "seeds " + seeds + (shard == null ? "" : ", shard " + shard);
        }

        /** {@code raft-kv (bug duplicate-votes, faults swarm)}. */
        public String describe() {
            StringBuilder sb = new StringBuilder(target);
            if (!options.isEmpty()) {
                sb.append(" (");
                options.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(k).append(' ').append(v));
                sb.append(')');
            } else {
                sb.append(" (no options)");
            }
            return sb.toString();
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(HEADER_FIELD, VERSION);
            m.put("target", target);
            m.put("kind", kind);
            m.put("options", options);
            m.put("seeds", seeds);
            m.put("shard", shard);
            m.put("dstVersion", dstVersion);
            return m;
        }

        @SuppressWarnings("unchecked")
        static Header fromJson(Map<String, Object> j) {
            if (!(j.get(HEADER_FIELD) instanceof Long v) || v != VERSION) {
                throw new IllegalArgumentException("a header of sweep format " + j.get(HEADER_FIELD) + "; this dst reads format " + VERSION);
            }
            if (!(j.get("target") instanceof String target)) {
                throw new IllegalArgumentException("a header without a 'target'");
            }
            Map<String, String> options = new TreeMap<>();
            if (j.get("options") instanceof Map<?, ?> o) {
                for (Map.Entry<?, ?> e : o.entrySet()) {
                    options.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                }
            } else if (j.get("options") != null) {
                throw new IllegalArgumentException("a header whose 'options' is not an object");
            }
            return new Header(target, j.get("kind") instanceof String k ? k : null, options,
                    j.get("seeds") instanceof String s ? s : null, j.get("shard") instanceof String s ? s : null,
                    j.get("dstVersion") instanceof String s ? s : null);
        }
    }

    /** Told what a file holds, line by line. */
    public interface Visitor {
        void header(Header header, int line);

        /** A result line, under the last header seen. */
        void result(SeedResult result, Header header, int line);
    }

    /** What reading a file found besides its lines: its line count and a torn last line, if any. */
    public record Scan(Path file, int lines, boolean tornLastLine, int tornLine, String tornReason) {}

    /**
     * Reads every line of {@code file}. A last line that does not parse is reported as torn (a
     * sweep killed while writing it), not an error; any other malformed line, a result line
     * before the first header, or bytes that are not UTF-8 text are a {@link BadInputException}
     * that names the file and the line.
     */
    public static Scan scan(Path file, Visitor visitor) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("sweep file '" + file + "' is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException("no sweep file '" + file + "': no such file");
        }
        int lineNo = 0;
        Header header = null;
        byte[] pending = null; // one line behind, so the last line is known when it is read
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(1024);
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                if (pending != null) {
                    header = parse(file, decode(file, pending, lineNo, false), lineNo, header, visitor, false);
                }
                pending = line.toByteArray();
                line.reset();
                lineNo++;
            }
            if (line.size() > 0) { // a last line without its newline: read it as the last line
                if (pending != null) {
                    header = parse(file, decode(file, pending, lineNo, false), lineNo, header, visitor, false);
                }
                pending = line.toByteArray();
                lineNo++;
            }
        } catch (IOException e) {
            throw new BadInputException(TextFile.describe(e, file, "sweep file"), e);
        }
        if (pending == null) {
            return new Scan(file, 0, false, 0, null);
        }
        try {
            parse(file, decode(file, pending, lineNo, true), lineNo, header, visitor, true);
        } catch (TornLine t) {
            return new Scan(file, lineNo, true, lineNo, t.getMessage());
        }
        return new Scan(file, lineNo, false, 0, null);
    }

    /** A line's bytes as UTF-8 text; bytes that are not are an error, except in the last line (cut in the middle of a character). */
    private static String decode(Path file, byte[] bytes, int lineNo, boolean last) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            if (last) {
                throw new TornLine("not UTF-8 text: cut in the middle of a character");
            }
            throw new BadInputException("sweep file '" + file + "' is not UTF-8 text at line " + lineNo
                    + " (binary data, or a file of another kind)");
        }
    }

    private static final class TornLine extends RuntimeException {
        TornLine(String reason) {
            super(reason, null, false, false);
        }
    }

    private static Header parse(Path file, String line, int lineNo, Header header, Visitor visitor, boolean last) {
        if (line == null || line.isBlank()) {
            return header;
        }
        Map<String, Object> j;
        try {
            j = Json.parseObject(line);
        } catch (Json.ParseException e) {
            if (last) {
                throw new TornLine(e.reason());
            }
            throw new BadInputException(file + ":" + lineNo + ": not a sweep result line (" + e.getMessage() + ")");
        }
        try {
            if (j.containsKey(HEADER_FIELD)) {
                Header h = Header.fromJson(j);
                visitor.header(h, lineNo);
                return h;
            }
            if (header == null) {
                throw new IllegalArgumentException("a result line before any header line (a file written by an older dst,"
                        + " or not a sweep file)");
            }
            visitor.result(SeedResult.fromJson(j), header, lineNo);
            return header;
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (last && !j.containsKey(HEADER_FIELD) && header != null) {
                throw new TornLine(e.getMessage());
            }
            throw new BadInputException(file + ":" + lineNo + ": not a sweep result line: " + e.getMessage());
        }
    }

    private static boolean endsWithNewline(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0) == '\n';
        } catch (IOException e) {
            return true; // the scan reports what is wrong with the file
        }
    }

    /**
     * Appends result lines; one line per seed, flushed to the operating system as it is
     * written (a killed process loses nothing written), and forced to the disk at most
     * {@value #FORCE_NANOS} ns apart (a machine that loses power loses at most the last second's
     * lines). Not thread-safe: one writer thread.
     */
    public static final class Writer implements Closeable {
        static final long FORCE_NANOS = 1_000_000_000L;
        private final Path file;
        private final FileChannel channel;
        private final BufferedWriter out;
        private long forcedNanos = System.nanoTime(); // wall time decides only when to fsync, never a result

        private Writer(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
            this.out = new BufferedWriter(new OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                    1 << 16);
        }

        public Path file() {
            return file;
        }

        /** Writes {@code outcome}'s line (index {@code index} of the sweep's list) and flushes it to the operating system. */
        public void append(RunOutcome outcome, long index) {
            Map<String, Object> m = outcome.toJson();
            m.put("index", index);
            write(Json.write(m));
        }

        private void write(String line) {
            try {
                out.write(line);
                out.write('\n');
                out.flush(); // a killed sweep keeps every finished seed
                if (System.nanoTime() - forcedNanos > FORCE_NANOS) {
                    channel.force(false);
                    forcedNanos = System.nanoTime();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write sweep file '" + file + "': " + TextFile.reason(e), e);
            }
        }

        @Override
        public void close() {
            try {
                out.flush();
                channel.force(false);
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close sweep file '" + file + "': " + TextFile.reason(e), e);
            }
        }
    }

    /**
     * Opens {@code file} for a sweep under {@code header}. A missing or empty file is created. A
     * file with results is continued only when {@code resume}: its headers must all be
     * {@linkplain Header#sameSweep the same sweep}, each of its results is handed to
     * {@code previous}, a torn last line is cut off, and the new lines follow a new header.
     */
    public static Writer open(Path file, Header header, boolean resume, Visitor previous) {
        boolean exists = Files.exists(file);
        if (exists && Files.isDirectory(file)) {
            throw new BadInputException("sweep file '" + file + "' is a directory, not a file");
        }
        try {
            if (exists && Files.size(file) > 0) {
                if (!resume) {
                    throw new BadInputException("sweep file '" + file + "' already holds results; continue it with --resume "
                            + file + " (the seeds it has are skipped), or write to another file");
                }
                boolean[] headerSeen = {false};
                Scan scan = scan(file, new Visitor() {
                    @Override
                    public void header(Header h, int line) {
                        headerSeen[0] = true;
                        if (!h.sameRuns(header)) {
                            throw new BadInputException(file + ":" + line + ": this file holds a sweep of " + h.describe()
                                    + ", not of " + header.describe() + "; resume it with the same options, or write to another file");
                        }
                        if (!h.sameSweep(header)) {
                            throw new BadInputException(file + ":" + line + ": this file holds the sweep of " + h.describeSeeds()
                                    + ", not of " + header.describeSeeds() + "; resume it with the same seeds and shard, or write to"
                                    + " another file (each shard its own)");
                        }
                        previous.header(h, line);
                    }

                    @Override
                    public void result(SeedResult r, Header h, int line) {
                        previous.result(r, h, line);
                    }
                });
                if (!headerSeen[0]) { // cutting its "torn" line would empty a file that dst never wrote
                    throw new BadInputException("'" + file + "' is not a sweep result file (no header line): resume only a file a"
                            + " sweep wrote, or write to another file");
                }
                repairEnd(file, scan);
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            Writer w = new Writer(file, channel);
            w.write(Json.write(header.toJson()));
            return w;
        } catch (IOException e) {
            throw new BadInputException("cannot write sweep file '" + file + "': " + TextFile.reason(e), e);
        }
    }

    /** Cuts a torn last line, or ends a complete last line that lacks its newline, so that appended lines start clean. */
    private static void repairEnd(Path file, Scan scan) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (scan.tornLastLine()) {
                long end = size;
                ByteBuffer b = ByteBuffer.allocate(1);
                while (end > 0) { // back to the newline before the torn line
                    b.clear();
                    ch.read(b, end - 1);
                    if (b.get(0) == '\n') {
                        break;
                    }
                    end--;
                }
                ch.truncate(end);
            } else if (!endsWithNewline(file)) {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            }
        }
    }
}
