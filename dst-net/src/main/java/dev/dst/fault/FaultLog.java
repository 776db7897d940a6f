package dev.dst.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies and reverts faults on a {@link World}, and accounts for them: which are active, how
 * often each kind was applied, and for how long in total it was in force. {@link #revertAll()}
 * is the heal. Each application is counted in the simulation's report under the fault's kind.
 */
public final class FaultLog {
    /** Totals for one kind of fault. */
    public record Stats(String kind, long applied, long activeNanos) {}

    /** Told of every fault applied and reverted (a cluster records them in its history). */
    public interface Listener {
        void changed(boolean applied, Fault fault);
    }

    /**
     * Kinds the kernel already counts in the run report under the same name, when it performs them.
     * A restart fault is counted by the kernel's restart (the report's {@code restart} counts every
     * restart, including those that revert a kill).
     */
    private static final List<String> KERNEL_COUNTED = List.of("restart", "pause", "disk-full", "clock-drift", "clock-jump");

    private final World world;
    private Listener listener = (applied, fault) -> { };
    private final Map<Fault, Long> active = new LinkedHashMap<>(); // fault -> applied at; insertion order
    private final Map<String, long[]> stats = new TreeMap<>();     // kind -> {applied, activeNanos}

    public FaultLog(World world) {
        this.world = world;
    }

    public World world() {
        return world;
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Applies a fault now. Applying a fault that is already active (the same value) does nothing. */
    public void apply(Fault f) {
        if (active.containsKey(f)) {
            return;
        }
        f.apply(world);
        if (!KERNEL_COUNTED.contains(f.kind())) {
            world.sim().countFault(f.kind());
        }
        stats.computeIfAbsent(f.kind(), k -> new long[2])[0]++;
        if (!f.instantaneous()) {
            active.put(f, world.sim().now());
        }
        listener.changed(true, f);
    }

    /** Reverts an active fault now; a fault that is not active is ignored. */
    public void revert(Fault f) {
        Long since = active.remove(f);
        if (since == null) {
            return;
        }
        f.revert(world);
        long nanos = world.sim().now() - since;
        stats.get(f.kind())[1] += nanos;
        world.sim().countFaultTime(f.kind(), nanos);
        listener.changed(false, f);
    }

    /** Reverts every active fault (latest first) and resets every node's clock to true time: the heal. */
    public void revertAll() {
        List<Fault> faults = new ArrayList<>(active.keySet());
        for (int i = faults.size() - 1; i >= 0; i--) {
            revert(faults.get(i));
        }
        for (int n = 0; n < world.sim().nodeCount(); n++) {
            if (world.sim().clock(n).offset(world.sim().now()) != 0) {
                world.sim().setClockOffset(n, 0);
            }
            if (world.sim().clock(n).driftPpm() != 0) {
                world.sim().setClockDrift(n, 0);
            }
        }
    }

    public List<Fault> active() {
        return new ArrayList<>(active.keySet());
    }

    public boolean isActive(Fault f) {
        return active.containsKey(f);
    }

    /** Per kind: times applied and total time in force (faults still active count up to now). */
    public List<Stats> stats() {
        Map<String, long[]> now = new TreeMap<>();
        stats.forEach((k, v) -> now.put(k, v.clone()));
        active.forEach((f, since) -> now.get(f.kind())[1] += world.sim().now() - since);
        List<Stats> out = new ArrayList<>();
        now.forEach((k, v) -> out.add(new Stats(k, v[0], v[1])));
        return out;
    }
}
