package dev.dst.nemesis;

import dev.dst.sim.BadInputException;

import dev.dst.fault.Fault;
import dev.dst.fault.FaultLog;
import dev.dst.fault.FaultParser;
import dev.dst.fault.World;
import dev.dst.sim.BadInputException;
import dev.dst.trace.Durations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A fault schedule as a value: timed {@code apply} and {@code revert} steps, in time order.
 * It can be printed, saved, parsed back, edited by hand and replayed; replaying a plan on the
 * same seed gives the same run. Text form:
 *
 * <pre>
 * dst-plan 1
 * 0.250000000s apply partition-halves n0,n1 | n2,n3,n4
 * 1.100000000s revert partition-halves n0,n1 | n2,n3,n4
 * 2.000000000s apply clock-jump n3 -0.300000000s
 * </pre>
 *
 * Lines starting with {@code #} are comments. Times are simulated seconds from the start of
 * the run, printed to the nanosecond so that a plan parses back to exactly the same steps
 * (fewer digits are accepted when editing by hand).
 */
public record NemesisPlan(List<Step> steps) {
    public enum Action { APPLY, REVERT }

    public record Step(long atNanos, Action action, Fault fault) {}

    public static final NemesisPlan EMPTY = new NemesisPlan(List.of());

    public NemesisPlan {
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingLong(Step::atNanos)); // stable: same-time steps keep their order
        steps = List.copyOf(sorted);
    }

    /** Number of fault events (applies and reverts): the size shrinking minimizes. */
    public int size() {
        return steps.size();
    }

    /** Number of faults applied. */
    public long applications() {
        return steps.stream().filter(s -> s.action == Action.APPLY).count();
    }

    /** Schedules every step on the log's simulation (as test actions, visible in the trace). */
    public void schedule(FaultLog log) {
        schedule(log, () -> true);
    }

    /**
     * As {@link #schedule(FaultLog)}, but a step does nothing when {@code enabled} is false at its
     * time (a cluster turns its plan off at the heal, so that no fault fires in the heal phase).
     */
    public void schedule(FaultLog log, java.util.function.BooleanSupplier enabled) {
        World w = log.world();
        for (Step s : steps) {
            String label = (s.action == Action.APPLY ? "apply " : "revert ") + s.fault.toText(w);
            if (s.action == Action.APPLY) {
                w.sim().scheduleAt(s.atNanos, label, () -> {
                    if (enabled.getAsBoolean()) {
                        log.apply(s.fault);
                    }
                });
            } else {
                w.sim().scheduleAt(s.atNanos, label, () -> {
                    if (enabled.getAsBoolean()) {
                        log.revert(s.fault);
                    }
                });
            }
        }
    }

    public String toText(World w) {
        StringBuilder sb = new StringBuilder("dst-plan 1\n");
        for (Step s : steps) {
            sb.append(Durations.formatExact(s.atNanos)).append(' ').append(s.action == Action.APPLY ? "apply" : "revert")
                    .append(' ').append(s.fault.toText(w)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses {@link #toText}; errors name the line and say what was expected: an
     * {@link IllegalArgumentException} whose cause, a {@link BadInputException}, has the line
     * as a number.
     */
    public static NemesisPlan parse(String text, World w) {
        String[] lines = text.split("\n", -1);
        int header = 0; // comments and blank lines may come before the header too
        while (header < lines.length - 1 && (lines[header].isBlank() || lines[header].strip().startsWith("#"))) {
            header++;
        }
        if (!lines[header].strip().equals("dst-plan 1")) {
            throw atLine(header + 1, "expected 'dst-plan 1'");
        }
        List<Step> steps = new ArrayList<>();
        List<Fault> inForce = new ArrayList<>();
        long previous = 0;
        for (int i = header + 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3 || !(parts[1].equals("apply") || parts[1].equals("revert"))) {
                throw atLine(i + 1, "expected '<time>s apply|revert <fault>', got '" + line + "'");
            }
            try {
                long at = parseSeconds(parts[0]);
                if (at < 0) {
                    throw new IllegalArgumentException("a time must not be negative");
                }
                if (at < previous) {
                    throw new IllegalArgumentException("time " + parts[0] + " comes before the line above it ("
                            + Durations.formatExact(previous) + "): a plan lists its steps in time order");
                }
                previous = at;
                Fault f = FaultParser.parse(parts[2], w);
                boolean apply = parts[1].equals("apply");
                if (apply && !f.instantaneous()) {
                    inForce.add(f);
                } else if (!apply && !inForce.remove(f)) {
                    throw new IllegalArgumentException("revert of '" + parts[2] + "', which no line above applied (or it was"
                            + " reverted already)");
                }
                steps.add(new Step(at, apply ? Action.APPLY : Action.REVERT, f));
            } catch (IllegalArgumentException e) {
                throw atLine(i + 1, e.getMessage());
            }
        }
        return new NemesisPlan(steps);
    }

    private static IllegalArgumentException atLine(int line, String reason) {
        BadInputException where = new BadInputException("nemesis plan", null, line, reason, null);
        return new IllegalArgumentException("line " + line + ": " + reason, where);
    }

    public void write(Path file, World w) throws IOException {
        Files.writeString(file, toText(w), StandardCharsets.UTF_8);
    }

    public static NemesisPlan read(Path file, World w) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), w);
    }

    private static long parseSeconds(String s) {
        return Durations.parseExact(s);
    }
}
