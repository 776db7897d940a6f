package dev.dst.nemesis;

import dev.dst.trace.Durations;
import dev.dst.entropy.Entropy;
import dev.dst.fault.Fault;
import dev.dst.fault.FaultParser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Generates a {@link NemesisPlan} from entropy. The packages follow Jepsen's: {@code none},
 * {@code partition}, {@code kill}, {@code pause}, {@code clock}, {@code disk}, {@code link}
 * and {@code combined} (all of them); {@link #swarm()} also draws, per seed, which fault kinds
 * are on and how intense they are (swarm testing: many seeds each exploring a different mix).
 *
 * <p>Every fault starts and ends inside the fault phase, so a heal phase can follow. At most
 * {@code maxConcurrent} faults are in force at once, never the same one twice, and never two
 * that set the same thing (two slow-link delays on one link, two skews of one clock), since
 * reverting one would end the other.
 */
public final class Nemesis {
    /** Fault kinds by package. */
    public static final List<String> PARTITION = List.of("partition-pair", "partition-subset", "partition-halves", "isolate",
            "majorities-ring", "one-way");
    public static final List<String> KILL = List.of("kill", "power-loss", "burst-kill", "restart");
    public static final List<String> PAUSE = List.of("pause");
    public static final List<String> CLOCK = List.of("clock-skew", "clock-drift", "clock-jump");
    public static final List<String> DISK = List.of("disk-full", "power-loss");
    public static final List<String> LINK = List.of("flapping-link", "slow-link", "lossy-link", "duplicating-link", "connection-reset");
    /** Late copies of messages, delivered seconds later, with restarts so that some arrive at a new incarnation. */
    public static final List<String> LATE = List.of("replaying-link", "reversing-link", "kill", "restart");
    public static final List<String> PACKAGES = List.of("none", "partition", "kill", "pause", "clock", "disk", "link", "combined", "swarm",
            "aimed", "late");

    private final String name;
    private final List<String> kinds;
    private final boolean swarm;
    private final long meanGapNanos;
    private final long meanDurationNanos;
    private final int maxConcurrent;
    private boolean aimsAtWrites;

    private Nemesis(String name, List<String> kinds, boolean swarm, long meanGapNanos, long meanDurationNanos, int maxConcurrent) {
        this.name = name;
        this.kinds = List.copyOf(new LinkedHashSet<>(kinds));
        this.swarm = swarm;
        this.meanGapNanos = meanGapNanos;
        this.meanDurationNanos = meanDurationNanos;
        this.maxConcurrent = maxConcurrent;
    }

    public static Nemesis none() {
        return new Nemesis("none", List.of(), false, 1, 1, 0);
    }

    public static Nemesis of(String name, List<String> kinds) {
        for (String k : kinds) {
            if (!FaultParser.KINDS.contains(k)) { // else it would fail only when drawn, mid-run
                throw new IllegalArgumentException("unknown fault kind '" + k + "'; kinds: " + String.join(", ", FaultParser.KINDS));
            }
        }
        return new Nemesis(name, kinds, false, 400_000_000L, 300_000_000L, 2);
    }

    public static Nemesis partition() {
        return of("partition", PARTITION);
    }

    public static Nemesis kill() {
        return of("kill", KILL);
    }

    public static Nemesis pause() {
        return of("pause", PAUSE);
    }

    public static Nemesis clock() {
        return of("clock", CLOCK);
    }

    public static Nemesis disk() {
        return of("disk", DISK);
    }

    public static Nemesis link() {
        return of("link", LINK);
    }

    public static Nemesis combined() {
        return of("combined", allKinds());
    }

    /** Draws, per seed, which kinds are on (each with probability 1/2, at least one) and the intensity. */
    public static Nemesis swarm() {
        return new Nemesis("swarm", allKinds(), true, 0, 0, 0);
    }

    /** The package called {@code name} (see {@link #PACKAGES}); an error listing them otherwise. */
    public static Nemesis named(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "none": return none();
            case "partition": return partition();
            case "kill": return kill();
            case "pause": return pause();
            case "clock": return clock();
            case "disk": return disk();
            case "link": return link();
            case "combined": return combined();
            case "swarm": return swarm();
            case "aimed": return aimed();
            case "late": return of("late", LATE);
            default:
                throw new IllegalArgumentException("unknown fault package '" + name + "'; packages: " + String.join(", ", PACKAGES));
        }
    }

    /**
     * The {@code kill} package's plan plus {@link AimedFaults}: power losses aimed at the moments
     * just after a server writes, before it fsyncs.
     */
    public static Nemesis aimed() {
        Nemesis n = new Nemesis("aimed", KILL, false, 400_000_000L, 300_000_000L, 2);
        n.aimsAtWrites = true;
        return n;
    }

    /** True when the run also gets {@link AimedFaults} (the {@code aimed} package). */
    public boolean aimsAtWrites() {
        return aimsAtWrites;
    }

    /**
     * This nemesis with only those of its kinds that are in {@code allowed}, for a world that
     * cannot do the others (real processes: {@code dev.dst.chaos.ChaosCluster.KINDS}); a swarm
     * still draws, per seed, which of the remaining kinds are on. The plans differ from the
     * unrestricted nemesis's for the same seed, since fewer kinds mean fewer draws.
     */
    public Nemesis restrictedTo(java.util.Collection<String> allowed) {
        List<String> kept = kinds.stream().filter(allowed::contains).toList();
        return new Nemesis(name, kept, swarm, meanGapNanos, meanDurationNanos, maxConcurrent);
    }

    public String name() {
        return name;
    }

    public List<String> kinds() {
        return kinds;
    }

    private static List<String> allKinds() {
        Set<String> all = new LinkedHashSet<>();
        all.addAll(PARTITION);
        all.addAll(KILL);
        all.addAll(PAUSE);
        all.addAll(CLOCK);
        all.addAll(DISK);
        all.addAll(LINK);
        return new ArrayList<>(all);
    }

    /** A plan for a fault phase of {@code phaseNanos}, drawn from {@code e}. */
    public NemesisPlan plan(Entropy e, Targets targets, long phaseNanos) {
        return plan(e, targets, phaseNanos, knobs -> { });
    }

    /**
     * As {@link #plan(Entropy, Targets, long)}, and tells {@code knobs} what this seed drew, when
     * the nemesis draws per seed (swarm): the fault kinds on, the mean gap and duration and how
     * many at once (what a failure report prints beside the seed, so that it says what world the
     * seed ran in).
     */
    public NemesisPlan plan(Entropy e, Targets targets, long phaseNanos, java.util.function.Consumer<String> knobs) {
        if (kinds.isEmpty()) {
            return NemesisPlan.EMPTY;
        }
        List<String> on = kinds;
        long gap = meanGapNanos;
        long duration = meanDurationNanos;
        int concurrent = maxConcurrent;
        if (swarm) {
            on = new ArrayList<>();
            for (String k : kinds) {
                if (!e.chance(0.5)) { // drawn as 0 = on, so the simplest tape keeps every kind
                    on.add(k);
                }
            }
            if (on.isEmpty()) {
                on.add(e.pick(kinds));
            }
            gap = 50_000_000L + e.below(1_950_000_000L);
            duration = 10_000_000L + e.below(990_000_000L);
            concurrent = 1 + e.below(3);
        }
        on = usable(on, targets);
        if (swarm) { // a package's knobs are the same for every seed: only swarm's say something about the seed
            knobs.accept(name + ": " + (on.isEmpty() ? "no usable kinds" : String.join(" ", on)) + "; mean gap "
                    + Durations.format(gap) + ", mean duration " + Durations.format(duration) + ", at most " + concurrent + " at once");
        }
        if (on.isEmpty()) {
            return NemesisPlan.EMPTY;
        }
        List<NemesisPlan.Step> steps = new ArrayList<>();
        List<long[]> ends = new ArrayList<>();        // end times of faults in force
        List<Fault> inForce = new ArrayList<>();
        long t = 0;
        while (true) {
            t += 1 + e.exponential(gap);
            if (t >= phaseNanos) {
                break;
            }
            for (int i = ends.size() - 1; i >= 0; i--) {
                if (ends.get(i)[0] <= t) {
                    ends.remove(i);
                    inForce.remove(i);
                }
            }
            Fault f = fault(e.pick(on), e, targets);
            long end = Math.min(phaseNanos - 1, t + 1 + e.exponential(duration));
            if (f == null || (!f.instantaneous() && (ends.size() >= concurrent || conflicts(f, inForce) || end <= t))) {
                continue;
            }
            steps.add(new NemesisPlan.Step(t, NemesisPlan.Action.APPLY, f));
            if (!f.instantaneous()) {
                steps.add(new NemesisPlan.Step(end, NemesisPlan.Action.REVERT, f));
                ends.add(new long[] {end});
                inForce.add(f);
            }
        }
        return new NemesisPlan(steps);
    }

    /**
     * True when {@code f} would act on the same setting as a fault in force: the same fault, or
     * a link or clock fault of the same kind on the same link or node. Those set a value rather
     * than stack (as cuts do), so reverting one would silently end the other.
     */
    static boolean conflicts(Fault f, List<Fault> inForce) {
        String key = settingKey(f);
        for (Fault g : inForce) {
            if (g.equals(f) || (key != null && key.equals(settingKey(g)))) {
                return true;
            }
        }
        return false;
    }

    private static String settingKey(Fault f) {
        if (f instanceof Fault.SlowLink l) {
            return "slow " + Math.min(l.a(), l.b()) + " " + Math.max(l.a(), l.b());
        } else if (f instanceof Fault.LossyLink l) {
            return "lossy " + Math.min(l.a(), l.b()) + " " + Math.max(l.a(), l.b());
        } else if (f instanceof Fault.DuplicatingLink l) {
            return "dup " + Math.min(l.a(), l.b()) + " " + Math.max(l.a(), l.b());
        } else if (f instanceof Fault.ReplayingLink l) {
            return "replay " + Math.min(l.a(), l.b()) + " " + Math.max(l.a(), l.b());
        } else if (f instanceof Fault.ReversingLink l) {
            return "reverse " + Math.min(l.a(), l.b()) + " " + Math.max(l.a(), l.b());
        } else if (f instanceof Fault.FlappingLink l) {
            return "flap " + Math.min(l.a(), l.b()) + " " + Math.max(l.a(), l.b());
        } else if (f instanceof Fault.ClockSkew c) {
            return "skew " + c.node();
        } else if (f instanceof Fault.ClockDrift c) {
            return "drift " + c.node();
        }
        return null;
    }

    private static List<String> usable(List<String> kinds, Targets t) {
        List<String> out = new ArrayList<>();
        int n = t.servers().size();
        int all = t.all().size();
        for (String k : kinds) {
            boolean ok = switch (k) {
                case "partition-pair", "partition-subset", "partition-halves", "isolate", "burst-kill" -> n >= 2;
                case "majorities-ring" -> n >= 4;
                case "one-way", "flapping-link", "slow-link", "lossy-link", "duplicating-link", "connection-reset",
                     "replaying-link", "reversing-link" -> all >= 2;
                default -> true;
            };
            if (ok) {
                out.add(k);
            }
        }
        return out;
    }

    /** One fault of {@code kind}, with targets and parameters drawn from {@code e}. */
    static Fault fault(String kind, Entropy e, Targets t) {
        List<Integer> s = t.servers();
        switch (kind) {
            case "kill": return new Fault.Kill(e.pick(s));
            case "power-loss": return new Fault.PowerLoss(e.pick(s));
            case "restart": return new Fault.Restart(e.pick(s));
            case "pause": return new Fault.Pause(e.pick(s));
            case "disk-full": return new Fault.DiskFull(e.pick(s));
            case "burst-kill": return new Fault.BurstKill(sorted(shuffled(s, e).subList(0, 2 + e.below(s.size() - 1))));
            case "clock-skew": return new Fault.ClockSkew(e.pick(s), signedNanos(e, 1_000_000L, 1_000_000_000L));
            case "clock-drift": return new Fault.ClockDrift(e.pick(s), signedNanos(e, 100, 100_000));
            case "clock-jump": return new Fault.ClockJump(e.pick(s), signedNanos(e, 1_000_000L, 1_000_000_000L));
            case "partition-pair": {
                List<Integer> two = shuffled(s, e).subList(0, 2);
                return new Fault.Partition(kind, List.of(List.of(two.get(0)), List.of(two.get(1))));
            }
            case "isolate": {
                List<Integer> sh = shuffled(s, e);
                return new Fault.Partition(kind, List.of(List.of(sh.get(0)), sorted(sh.subList(1, sh.size()))));
            }
            case "partition-halves": {
                List<Integer> sh = shuffled(s, e);
                int half = sh.size() / 2;
                return new Fault.Partition(kind, List.of(sorted(sh.subList(0, half)), sorted(sh.subList(half, sh.size()))));
            }
            case "partition-subset": {
                List<Integer> sh = shuffled(s, e);
                int k = 1 + e.below(sh.size() - 1);
                return new Fault.Partition(kind, List.of(sorted(sh.subList(0, k)), sorted(sh.subList(k, sh.size()))));
            }
            case "majorities-ring": return new Fault.MajoritiesRing(shuffled(s, e));
            default: break;
        }
        List<Integer> a = t.all();
        List<Integer> pair = shuffled(a, e).subList(0, 2);
        int x = pair.get(0);
        int y = pair.get(1);
        switch (kind) {
            case "one-way": return new Fault.OneWay(x, y);
            case "flapping-link": return new Fault.FlappingLink(x, y, 5_000_000L + e.below(95_000_000L));
            case "slow-link": return new Fault.SlowLink(x, y, 1_000_000L + e.below(199_000_000L));
            case "lossy-link": return new Fault.LossyLink(x, y, (1 + e.below(9)) / 10.0);
            case "duplicating-link": return new Fault.DuplicatingLink(x, y, (1 + e.below(5)) / 10.0);
            case "connection-reset": return new Fault.ConnectionReset(x, y);
            case "replaying-link": return new Fault.ReplayingLink(x, y, (1 + e.below(5)) / 10.0);
            case "reversing-link": return new Fault.ReversingLink(x, y, 1_000_000L + e.below(49_000_000L));
            default: throw new IllegalArgumentException("unknown fault kind '" + kind + "'");
        }
    }

    /** A magnitude in [min, max] with a drawn sign (draw 0: positive, smallest). */
    private static long signedNanos(Entropy e, long min, long max) {
        long v = e.between(min, max);
        return e.chance(0.5) ? -v : v;
    }

    /** A Fisher-Yates shuffle from entropy (all draws 0: the original order). */
    private static List<Integer> shuffled(List<Integer> in, Entropy e) {
        List<Integer> out = new ArrayList<>(in);
        for (int i = 0; i < out.size() - 1; i++) {
            int j = i + e.below(out.size() - i);
            Integer tmp = out.get(i);
            out.set(i, out.get(j));
            out.set(j, tmp);
        }
        return out;
    }

    private static List<Integer> sorted(List<Integer> in) {
        List<Integer> out = new ArrayList<>(in);
        out.sort(null);
        return out;
    }

    @Override
    public String toString() {
        return "Nemesis[" + name + "]";
    }
}
