package dev.dst.examples;

import dev.dst.examples.broadcast.Broadcast;
import dev.dst.examples.gcounter.GCounter;
import dev.dst.examples.kafkalog.KafkaLog;
import dev.dst.examples.leaselock.LeaseLock;
import dev.dst.examples.pingpong.PingPong;
import dev.dst.examples.quorum.QuorumRegister;
import dev.dst.examples.raftkv.RaftKv;
import dev.dst.examples.uniqueids.UniqueIds;

import java.util.List;
import java.util.stream.Collectors;

/** The bundled scenarios, by name. */
public final class Scenarios {
    private static final List<Scenario> ALL = List.of(new PingPong(), new UniqueIds(), new GCounter(), new Broadcast(),
            new LeaseLock(), new KafkaLog(), new QuorumRegister(), new RaftKv());

    private Scenarios() {}

    public static List<Scenario> all() {
        return ALL;
    }

    /** The scenario called {@code name}; an {@link IllegalArgumentException} listing the known names otherwise. */
    public static Scenario named(String name) {
        for (Scenario s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known scenarios: "
                + ALL.stream().map(Scenario::name).collect(Collectors.joining(", ")));
    }

    /** Checks that {@code bug} is one of the scenario's planted bugs (null means none). */
    public static String checkBug(Scenario s, String bug) {
        if (bug == null || s.bugs().stream().anyMatch(b -> b.name().equals(bug))) {
            return bug;
        }
        throw new IllegalArgumentException("unknown bug '" + bug + "' for scenario " + s.name() + "; its bugs: "
                + (s.bugs().isEmpty() ? "none" : s.bugs().stream().map(Scenario.Bug::name).collect(Collectors.joining(", "))));
    }
}
