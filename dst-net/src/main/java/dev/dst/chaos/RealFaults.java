package dev.dst.chaos;

import dev.dst.fault.Fault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults of a nemesis plan done for real on a {@link ChaosCluster}'s processes and proxy
 * (the table in {@link ChaosCluster}'s description). Not thread-safe: the cluster calls it
 * under its lock.
 */
final class RealFaults {
    private final List<NodeProcess> nodes;
    private final LinkProxy proxy;

    RealFaults(List<NodeProcess> nodes, LinkProxy proxy) {
        this.nodes = nodes;
        this.proxy = proxy;
    }

    /**
     * Why {@code f} cannot be done on a cluster of {@code servers} real processes, or null when
     * it can: a kind real processes cannot have ({@link ChaosCluster#refusal(String)}), or a target that is
     * not a server (named by {@code names}).
     */
    static String refusal(Fault f, int servers, java.util.function.IntFunction<String> names) {
        String refused = ChaosCluster.refusal(f.kind());
        if (refused != null) {
            return f.kind() + " is not done on real processes: " + refused;
        }
        for (int n : targets(f)) {
            if (n < 0 || n >= servers) {
                return names.apply(n) + " is not a server: on real processes clients connect to the nodes directly, so faults name servers only";
            }
        }
        return null;
    }

    /** Applies {@code f} for real; a description of what was done (or why nothing was: a node already down). */
    String apply(Fault f) throws IOException, InterruptedException {
        String refused = refusal(f, nodes.size(), i -> "node " + i);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        if (f instanceof Fault.Kill k) {
            return kill(k.node());
        } else if (f instanceof Fault.BurstKill b) {
            List<String> done = new ArrayList<>();
            for (int n : b.nodes()) {
                done.add(kill(n));
            }
            return String.join("; ", done);
        } else if (f instanceof Fault.Restart r) {
            String killed = kill(r.node());
            nodes.get(r.node()).start();
            return killed + ", started again";
        } else if (f instanceof Fault.Pause p) {
            NodeProcess n = nodes.get(p.node());
            Long pid = n.pid();
            return n.pause() ? "SIGSTOP " + pid : n.name + " is down or paused: nothing to pause";
        } else if (f instanceof Fault.DiskFull d) {
            nodes.get(d.node()).diskFull(true);
            return "quota 0 bytes";
        } else if (f instanceof Fault.ClockSkew c) {
            nodes.get(c.node()).clockOffsetNanos(c.offsetNanos());
            return "ctx.now() offset " + c.offsetNanos() / 1_000_000 + " ms";
        } else if (f instanceof Fault.ClockJump c) {
            NodeProcess n = nodes.get(c.node());
            n.clockOffsetNanos(n.clockOffsetNanos() + c.deltaNanos());
            return "ctx.now() offset " + n.clockOffsetNanos() / 1_000_000 + " ms";
        } else if (f instanceof Fault.ConnectionReset r) {
            return proxy.reset(r.a(), r.b()) + " connections reset";
        }
        return links(f, true);
    }

    /** Takes {@code f} back: restarts what it killed, resumes, heals, frees the disk, sets the clock back. */
    String revert(Fault f) throws IOException {
        if (f instanceof Fault.Kill k) {
            return startIfDown(k.node());
        } else if (f instanceof Fault.BurstKill b) {
            List<String> done = new ArrayList<>();
            for (int n : b.nodes()) {
                done.add(startIfDown(n));
            }
            return String.join("; ", done);
        } else if (f instanceof Fault.Pause p) {
            try {
                return nodes.get(p.node()).resume() ? "SIGCONT" : "not paused";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        } else if (f instanceof Fault.DiskFull d) {
            nodes.get(d.node()).diskFull(false);
            return "no quota";
        } else if (f instanceof Fault.ClockSkew c) {
            nodes.get(c.node()).clockOffsetNanos(0);
            return "ctx.now() offset 0";
        } else if (f.instantaneous()) {
            return "";
        }
        return links(f, false);
    }

    /**
     * The heal: every node resumed and running (killed ones started again), every link as at the
     * start, every clock true and every disk free.
     */
    void healAll() throws IOException, InterruptedException {
        proxy.healAll();
        for (NodeProcess n : nodes) {
            n.resume();
            if (n.clockOffsetNanos() != 0) {
                n.clockOffsetNanos(0);
            }
            if (n.diskFull()) {
                n.diskFull(false);
            }
            n.start();
        }
    }

    private String kill(int node) throws InterruptedException {
        NodeProcess n = nodes.get(node);
        Long pid = n.pid();
        proxy.upstream(node, null);
        return n.kill() ? "SIGKILL " + n.name + " (pid " + pid + ")" : n.name + " is down already";
    }

    private String startIfDown(int node) throws IOException {
        NodeProcess n = nodes.get(node);
        if (n.isRunning()) {
            return n.name + " runs already";
        }
        n.start();
        return "started " + n.name;
    }

    /** The directed links {@code f} cuts, delays or makes lossy, set ({@code on}) or taken back. */
    private String links(Fault f, boolean on) {
        int count = 0;
        int size = nodes.size();
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                if (a == b) {
                    continue;
                }
                boolean hit;
                if (f instanceof Fault.Partition p) {
                    hit = p.separates(a, b);
                } else if (f instanceof Fault.MajoritiesRing r) {
                    hit = r.ring().contains(a) && r.ring().contains(b) && r.cuts(r.ring().indexOf(a), r.ring().indexOf(b));
                } else if (f instanceof Fault.OneWay o) {
                    hit = o.from() == a && o.to() == b;
                } else if (f instanceof Fault.FlappingLink l) {
                    hit = l.a() == a && l.b() == b || l.a() == b && l.b() == a;
                } else if (f instanceof Fault.SlowLink l) {
                    hit = l.a() == a && l.b() == b || l.a() == b && l.b() == a;
                } else if (f instanceof Fault.LossyLink l) {
                    hit = l.a() == a && l.b() == b || l.a() == b && l.b() == a;
                } else {
                    throw new IllegalArgumentException("no real form for " + f.kind());
                }
                if (!hit) {
                    continue;
                }
                count++;
                if (f instanceof Fault.FlappingLink l) {
                    proxy.flap(a, b, on ? l.periodNanos() : 0);
                } else if (f instanceof Fault.SlowLink l) {
                    proxy.delay(a, b, on ? l.extraNanos() : 0);
                } else if (f instanceof Fault.LossyLink l) {
                    proxy.loss(a, b, on ? l.p() : 0);
                } else if (on) {
                    proxy.cut(a, b);
                } else {
                    proxy.heal(a, b);
                }
            }
        }
        return count + " directed links " + (on ? "set" : "back");
    }

    private static List<Integer> targets(Fault f) {
        if (f instanceof Fault.Kill k) {
            return List.of(k.node());
        } else if (f instanceof Fault.PowerLoss p) {
            return List.of(p.node());
        } else if (f instanceof Fault.BurstKill b) {
            return b.nodes();
        } else if (f instanceof Fault.Restart r) {
            return List.of(r.node());
        } else if (f instanceof Fault.Pause p) {
            return List.of(p.node());
        } else if (f instanceof Fault.DiskFull d) {
            return List.of(d.node());
        } else if (f instanceof Fault.ClockSkew c) {
            return List.of(c.node());
        } else if (f instanceof Fault.ClockDrift c) {
            return List.of(c.node());
        } else if (f instanceof Fault.ClockJump c) {
            return List.of(c.node());
        } else if (f instanceof Fault.Partition p) {
            return p.groups().stream().flatMap(List::stream).toList();
        } else if (f instanceof Fault.MajoritiesRing r) {
            return r.ring();
        } else if (f instanceof Fault.OneWay o) {
            return List.of(o.from(), o.to());
        } else if (f instanceof Fault.FlappingLink l) {
            return List.of(l.a(), l.b());
        } else if (f instanceof Fault.SlowLink l) {
            return List.of(l.a(), l.b());
        } else if (f instanceof Fault.LossyLink l) {
            return List.of(l.a(), l.b());
        } else if (f instanceof Fault.DuplicatingLink l) {
            return List.of(l.a(), l.b());
        } else if (f instanceof Fault.ConnectionReset r) {
            return List.of(r.a(), r.b());
        }
        throw new IllegalArgumentException("unknown fault " + f);
    }
}
