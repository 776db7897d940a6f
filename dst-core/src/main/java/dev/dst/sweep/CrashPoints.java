package dev.dst.sweep;

import dev.dst.entropy.Entropy;
import dev.dst.sim.Simulation;
import dev.dst.sim.StepObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Crash points between steps: after every step, while the run has crashes left, a choice from
 * the stream {@value #STREAM} of which node to power off, if any (0: none, the simplest), among
 * those named that are up; the node loses its unsynced writes and restarts {@value #RESTART_MILLIS}
 * ms later. Exhaustive exploration enumerates these choices like any other; a run that uses them
 * carries their settings as the attachment {@value #ATTACHMENT}, so that its reproduction
 * replays and shrinks with the same crash points ({@link Runner#simulation} installs them).
 *
 * <p>Text form: {@code crashes=N nodes=a,b,c}, or {@code nodes=*} for every node.
 */
final class CrashPoints implements StepObserver {
    static final String ATTACHMENT = "crash-points";
    static final String STREAM = "crash-points";
    static final long RESTART_MILLIS = 1;

    private final List<String> names; // empty: every node
    private int left;
    private transient Entropy choices;
    private transient int[] ids;

    CrashPoints(int crashes, List<String> names) {
        if (crashes < 0) {
            throw new IllegalArgumentException("crash points: a negative number of crashes: " + crashes);
        }
        this.left = crashes;
        this.names = List.copyOf(names);
    }

    static String text(int crashes, List<String> names) {
        return "crashes=" + crashes + " nodes=" + (names.isEmpty() ? "*" : String.join(",", names));
    }

    /** Parses {@link #text}; anything else is refused with what was expected. */
    static CrashPoints parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].startsWith("crashes=") || !parts[1].startsWith("nodes=")) {
            throw new IllegalArgumentException("crash points: expected 'crashes=N nodes=a,b|*', got '" + text + "'");
        }
        int crashes;
        try {
            crashes = Integer.parseInt(parts[0].substring("crashes=".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("crash points: bad number of crashes in '" + text + "'");
        }
        String nodes = parts[1].substring("nodes=".length());
        List<String> names = nodes.equals("*") ? List.of() : List.of(nodes.split(","));
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("crash points: an empty node name in '" + text + "'");
        }
        return new CrashPoints(crashes, names);
    }

    @Override
    public void stepped(Simulation sim) {
        if (left == 0) {
            return;
        }
        if (ids == null) {
            ids = resolve(sim);
            choices = sim.entropy(STREAM);
        }
        List<Integer> up = new ArrayList<>();
        for (int id : ids) {
            if (sim.isUp(id)) {
                up.add(id);
            }
        }
        if (up.isEmpty()) {
            return;
        }
        int k = choices.below(up.size() + 1);
        if (k == 0) {
            return;
        }
        int id = up.get(k - 1);
        left--;
        sim.crash(id, true);
        sim.countFault("crash-point");
        sim.schedule(Duration.ofMillis(RESTART_MILLIS), "restart " + sim.nodeName(id) + " after its crash point", () -> {
            if (sim.isCrashed(id)) {
                sim.restart(id);
            }
        });
    }

    private int[] resolve(Simulation sim) {
        if (names.isEmpty()) {
            int[] all = new int[sim.nodeCount()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = -1;
            for (int id = 0; id < sim.nodeCount(); id++) {
                if (sim.nodeName(id).equals(names.get(i))) {
                    out[i] = id;
                }
            }
            if (out[i] < 0) {
                List<String> known = new ArrayList<>();
                for (int id = 0; id < sim.nodeCount(); id++) {
                    known.add(sim.nodeName(id));
                }
                throw new dev.dst.sim.BadInputException("crash points: no node named '" + names.get(i) + "'; the nodes are "
                        + String.join(", ", known));
            }
        }
        return out;
    }
}
