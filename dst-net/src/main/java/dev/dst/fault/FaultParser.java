package dev.dst.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text form of a fault ({@link Fault#toText}) back, resolving node names against a
 * {@link World}. Errors are {@link IllegalArgumentException}s that quote the text and say what
 * was expected.
 */
public final class FaultParser {
    /** Every fault kind, as written in plans. */
    public static final List<String> KINDS = List.of("kill", "power-loss", "burst-kill", "restart", "pause", "disk-full",
            "clock-skew", "clock-drift", "clock-jump", "partition-pair", "partition-subset", "partition-halves", "isolate",
            "majorities-ring", "one-way", "flapping-link", "slow-link", "lossy-link", "duplicating-link", "connection-reset",
            "replaying-link", "reversing-link");

    private FaultParser() {}

    public static Fault parse(String text, World w) {
        String line = text.strip();
        int space = line.indexOf(' ');
        if (space < 0) {
            if (!line.isEmpty() && !KINDS.contains(line)) {
                throw unknownKind(line, text);
            }
            throw bad(text, "a fault kind followed by its targets");
        }
        String kind = line.substring(0, space);
        String rest = line.substring(space + 1).strip();
        String[] t = rest.split("\\s+");
        switch (kind) {
            case "kill":
                return new Fault.Kill(one(w, t, text));
            case "power-loss":
                return new Fault.PowerLoss(one(w, t, text));
            case "burst-kill":
                return new Fault.BurstKill(list(w, rest, text));
            case "restart":
                return new Fault.Restart(one(w, t, text));
            case "pause":
                return new Fault.Pause(one(w, t, text));
            case "disk-full":
                return new Fault.DiskFull(one(w, t, text));
            case "clock-skew":
                need(t, 2, text, "clock-skew NODE +0.100000s");
                return new Fault.ClockSkew(w.node(t[0]), seconds(t[1], text));
            case "clock-drift":
                need(t, 2, text, "clock-drift NODE +5000ppm");
                return new Fault.ClockDrift(w.node(t[0]), ppm(t[1], text));
            case "clock-jump":
                need(t, 2, text, "clock-jump NODE -0.500000s");
                return new Fault.ClockJump(w.node(t[0]), seconds(t[1], text));
            case "partition-pair":
            case "partition-subset":
            case "partition-halves":
            case "isolate": {
                List<List<Integer>> groups = new ArrayList<>();
                for (String g : rest.split("\\|")) {
                    groups.add(list(w, g, text));
                }
                if (groups.size() < 2) {
                    throw bad(text, kind + " A,B | C,D (groups separated by |)");
                }
                return new Fault.Partition(kind, groups);
            }
            case "majorities-ring":
                return new Fault.MajoritiesRing(list(w, rest, text));
            case "one-way":
                if (t.length != 3 || !t[1].equals("->")) {
                    throw bad(text, "one-way FROM -> TO");
                }
                return new Fault.OneWay(w.node(t[0]), w.node(t[2]));
            case "flapping-link":
                need(t, 3, text, "flapping-link A B 0.050000s");
                return new Fault.FlappingLink(w.node(t[0]), w.node(t[1]), seconds(t[2], text));
            case "slow-link":
                need(t, 3, text, "slow-link A B +0.050000s");
                return new Fault.SlowLink(w.node(t[0]), w.node(t[1]), seconds(t[2], text));
            case "lossy-link":
                need(t, 3, text, "lossy-link A B 0.25");
                return new Fault.LossyLink(w.node(t[0]), w.node(t[1]), probability(t[2], text));
            case "duplicating-link":
                need(t, 3, text, "duplicating-link A B 0.25");
                return new Fault.DuplicatingLink(w.node(t[0]), w.node(t[1]), probability(t[2], text));
            case "replaying-link":
                need(t, 3, text, "replaying-link A B 0.25");
                return new Fault.ReplayingLink(w.node(t[0]), w.node(t[1]), probability(t[2], text));
            case "reversing-link":
                need(t, 3, text, "reversing-link A B 0.020000s");
                return new Fault.ReversingLink(w.node(t[0]), w.node(t[1]), seconds(t[2], text));
            case "connection-reset":
                need(t, 2, text, "connection-reset A B");
                return new Fault.ConnectionReset(w.node(t[0]), w.node(t[1]));
            default:
                throw unknownKind(kind, text);
        }
    }

    private static IllegalArgumentException unknownKind(String kind, String text) {
        return new IllegalArgumentException("unknown fault kind '" + kind + "' in '" + text + "'; kinds: " + String.join(", ", KINDS));
    }

    private static int one(World w, String[] t, String text) {
        need(t, 1, text, "KIND NODE");
        return w.node(t[0]);
    }

    private static List<Integer> list(World w, String names, String text) {
        List<Integer> out = new ArrayList<>();
        for (String n : names.strip().split(",")) {
            if (n.isBlank()) {
                throw bad(text, "node names separated by commas");
            }
            out.add(w.node(n.strip()));
        }
        return out;
    }

    private static void need(String[] t, int n, String text, String form) {
        if (t.length != n) {
            throw bad(text, "'" + form + "'");
        }
    }

    /** {@code +0.050000s}, {@code -1.5s}, {@code 0.2s}: seconds with an optional sign, to the nanosecond. */
    static long seconds(String s, String text) {
        if (!s.endsWith("s")) {
            throw bad(text, "a duration in seconds such as +0.050000s, not '" + s + "'");
        }
        try {
            return dev.dst.trace.Durations.parseExact(s);
        } catch (IllegalArgumentException e) {
            throw bad(text, "a duration in seconds such as +0.050000s, not '" + s + "'");
        }
    }

    private static long ppm(String s, String text) {
        try {
            if (!s.endsWith("ppm")) {
                throw new NumberFormatException();
            }
            return Long.parseLong(s.substring(0, s.length() - 3).replace("+", ""));
        } catch (NumberFormatException e) {
            throw bad(text, "a drift such as +5000ppm, not '" + s + "'");
        }
    }

    private static double probability(String s, String text) {
        try {
            double p = Double.parseDouble(s);
            if (!(p >= 0 && p <= 1)) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw bad(text, "a probability in [0, 1], not '" + s + "'");
        }
    }

    private static IllegalArgumentException bad(String text, String expected) {
        return new IllegalArgumentException("bad fault '" + text.strip() + "': expected " + expected);
    }
}
