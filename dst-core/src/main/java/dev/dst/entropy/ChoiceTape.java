package dev.dst.entropy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequence of draws a run made, per named stream: replaying it reproduces the run, and
 * an edited tape (spans deleted, values lowered) runs a simpler variant of it. Immutable.
 *
 * <p>Text form, one stream per section:
 * <pre>
 * dst-tape 1
 * seed 0x2a
 * stream scheduler 3
 * 0 1 0
 * </pre>
 */
public final class ChoiceTape {
    private static final int PER_LINE = 32;
    private static final long[] EMPTY = new long[0];

    private final long seed;
    private final Map<String, long[]> streams;

    public ChoiceTape(long seed, Map<String, long[]> streams) {
        this.seed = seed;
        Map<String, long[]> copy = new LinkedHashMap<>();
        streams.forEach((name, draws) -> copy.put(name, draws.clone()));
        this.streams = Collections.unmodifiableMap(copy);
    }

    public long seed() {
        return seed;
    }

    /** Stream names in order of first use. */
    public List<String> streamNames() {
        return new ArrayList<>(streams.keySet());
    }

    /** A copy of one stream's draws; empty when the tape has no such stream. */
    public long[] draws(String stream) {
        long[] d = streams.get(stream);
        return d == null ? EMPTY : d.clone();
    }

    /** Total number of draws over all streams. */
    public long size() {
        long n = 0;
        for (long[] d : streams.values()) {
            n += d.length;
        }
        return n;
    }

    /** A tape with one stream's draws replaced. */
    public ChoiceTape with(String stream, long[] draws) {
        Map<String, long[]> copy = new LinkedHashMap<>(streams);
        copy.put(stream, draws);
        return new ChoiceTape(seed, copy);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("dst-tape 1\n");
        sb.append("seed ").append(Seeds.format(seed)).append('\n');
        streams.forEach((name, draws) -> {
            sb.append("stream ").append(name).append(' ').append(draws.length).append('\n');
            for (int i = 0; i < draws.length; i++) {
                sb.append(draws[i]).append(i % PER_LINE == PER_LINE - 1 || i == draws.length - 1 ? '\n' : ' ');
            }
        });
        return sb.toString();
    }

    /** Parses {@link #toText()}; a malformed tape gives an {@link IllegalArgumentException} naming the line. */
    public static ChoiceTape parse(String text) {
        String[] lines = text.split("\n", -1);
        int i = 0;
        if (lines.length == 0 || !lines[0].strip().equals("dst-tape 1")) {
            throw new IllegalArgumentException("line 1: expected 'dst-tape 1'");
        }
        i++;
        if (i >= lines.length || !lines[i].startsWith("seed ")) {
            throw new IllegalArgumentException("line 2: expected 'seed <seed>'");
        }
        long seed;
        try {
            seed = Seeds.parse(lines[i].substring(5).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line 2: " + e.getMessage());
        }
        i++;
        Map<String, long[]> streams = new LinkedHashMap<>();
        while (i < lines.length) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                i++;
                continue;
            }
            // "stream <name> <count>": the name is everything between, so it may contain spaces
            int lastSpace = line.lastIndexOf(' ');
            if (!line.startsWith("stream ") || lastSpace <= "stream".length()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 'stream <name> <count>', got '" + line + "'");
            }
            String name = line.substring("stream ".length(), lastSpace);
            String countText = line.substring(lastSpace + 1);
            if (streams.containsKey(name)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": stream '" + name + "' appears twice");
            }
            int count;
            try {
                count = Integer.parseInt(countText);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": bad draw count '" + countText + "'");
            }
            long[] draws = new long[count];
            int filled = 0;
            i++;
            while (filled < count) {
                if (i >= lines.length) {
                    throw new IllegalArgumentException("line " + lines.length + ": stream " + name + ": expected " + count
                            + " draws, found " + filled);
                }
                for (String tok : lines[i].strip().split("\\s+")) {
                    if (tok.isEmpty()) {
                        continue;
                    }
                    if (filled == count) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": more draws than the " + count + " declared");
                    }
                    try {
                        draws[filled++] = Long.parseLong(tok);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": bad draw '" + tok + "'");
                    }
                }
                i++;
            }
            streams.put(name, draws);
        }
        return new ChoiceTape(seed, streams);
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toText(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ChoiceTape read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChoiceTape t) || t.seed != seed || !t.streams.keySet().equals(streams.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : streams.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), t.streams.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + streams.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "ChoiceTape[seed=" + Seeds.format(seed) + ", streams=" + streams.size() + ", draws=" + size() + "]";
    }
}
