package dev.dst.examples.raftkv;

import dev.dst.chaos.Aim;
import dev.dst.entropy.Entropy;
import dev.dst.fault.Fault;

import java.util.ArrayList;
import java.util.List;

/**
 * raft-kv's aimed fault on real processes, as {@link ElectionNemesis} in a simulation: when a
 * server reports {@code leader TERM}, with a chance drawn per run (1 in 4, 2 in 4 or 3 in 4
 * elections), it is isolated from the other servers 0–2 ms later for 50 ms to 3 s. The
 * leader whose new term reached a minority (Raft's Figure 8), and the deposed leader that
 * still answers its clients while a new one takes writes (a stale read, when reads are not
 * confirmed by a majority), come from exactly this moment, which random plans reach by luck.
 * The simulation isolates for at most 1.5 s; real processes get twice that, because a client
 * that asked the isolated leader for a write waits 1 s (the chaos run's timeout, against the
 * simulation's 200 ms) before it asks another node, so the new leader takes writes later.
 */
final class LeaderIsolation implements Aim {
    static final long MIN_ISOLATION_NANOS = 50_000_000L;
    static final long MAX_ISOLATION_NANOS = 3_000_000_000L;
    private final Entropy e;
    private final int servers;
    private final int chanceInFour;

    LeaderIsolation(Entropy e, int servers) {
        this.e = e;
        this.servers = servers;
        this.chanceInFour = 1 + e.below(3);
    }

    @Override
    public Shot onEvent(int node, String event) {
        if (!event.startsWith("leader ") || e.below(4) >= chanceInFour) {
            return null;
        }
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            if (i != node) {
                others.add(i);
            }
        }
        Fault isolate = new Fault.Partition("isolate", List.of(List.of(node), others));
        return new Shot(isolate, e.below(ElectionNemesis.AIM_NANOS_MAX), MIN_ISOLATION_NANOS + e.below(MAX_ISOLATION_NANOS - MIN_ISOLATION_NANOS));
    }

    @Override
    public String description() {
        return "isolate a server from the others just after it reports it is leader (" + chanceInFour + " in 4 elections), for 50 ms to 3 s";
    }
}
