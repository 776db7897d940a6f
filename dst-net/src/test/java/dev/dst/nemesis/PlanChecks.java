package dev.dst.nemesis;

import dev.dst.fault.Fault;

import java.util.ArrayList;
import java.util.List;

/** Structural checks every generated plan must pass; each returns what is wrong, or null. */
final class PlanChecks {
    private PlanChecks() {}

    /** Every step inside the phase; every lasting fault reverted after it was applied; never an equal fault, nor one setting the same link or clock, applied while in force; at most {@code maxConcurrent} lasting faults at once. */
    static String problems(NemesisPlan plan, long phaseNanos, int maxConcurrent, List<String> kinds) {
        List<Fault> inForce = new ArrayList<>();
        long last = -1;
        for (NemesisPlan.Step s : plan.steps()) {
            Fault f = s.fault();
            if (s.atNanos() < last) {
                return "steps out of time order at " + s;
            }
            last = s.atNanos();
            if (s.atNanos() < 0 || s.atNanos() >= phaseNanos) {
                return s + " is outside the fault phase";
            }
            if (!kinds.contains(f.kind())) {
                return s + " is of a kind outside " + kinds;
            }
            if (s.action() == NemesisPlan.Action.APPLY) {
                if (f.instantaneous()) {
                    continue;
                }
                if (inForce.contains(f)) {
                    return s + " applies a fault already in force";
                }
                for (Fault g : inForce) {
                    if (sameSetting(f, g)) {
                        return s + " sets what " + g + " (in force) sets";
                    }
                }
                inForce.add(f);
                if (inForce.size() > maxConcurrent) {
                    return "more than " + maxConcurrent + " faults in force at " + s + ": " + inForce;
                }
            } else {
                if (f.instantaneous()) {
                    return s + " reverts an instantaneous fault";
                }
                if (!inForce.remove(f)) {
                    return s + " reverts a fault not in force";
                }
            }
        }
        return inForce.isEmpty() ? null : "never reverted: " + inForce;
    }

    /** Link faults of one kind on one link (either direction), or clock skews or drifts of one node: they overwrite each other. */
    static boolean sameSetting(Fault f, Fault g) {
        if (f.getClass() != g.getClass()) {
            return false;
        }
        if (f instanceof Fault.ClockSkew a && g instanceof Fault.ClockSkew b) {
            return a.node() == b.node();
        }
        if (f instanceof Fault.ClockDrift a && g instanceof Fault.ClockDrift b) {
            return a.node() == b.node();
        }
        int[] x = link(f);
        int[] y = link(g);
        return x != null && y != null && ((x[0] == y[0] && x[1] == y[1]) || (x[0] == y[1] && x[1] == y[0]));
    }

    private static int[] link(Fault f) {
        if (f instanceof Fault.SlowLink l) {
            return new int[] {l.a(), l.b()};
        } else if (f instanceof Fault.LossyLink l) {
            return new int[] {l.a(), l.b()};
        } else if (f instanceof Fault.DuplicatingLink l) {
            return new int[] {l.a(), l.b()};
        } else if (f instanceof Fault.FlappingLink l) {
            return new int[] {l.a(), l.b()};
        }
        return null;
    }
}
