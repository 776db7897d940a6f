package dev.dst.examples.maelstrom;

import dev.dst.examples.broadcast.Broadcast;
import dev.dst.examples.gcounter.GCounter;
import dev.dst.examples.kafkalog.KafkaLog;
import dev.dst.examples.raftkv.RaftKv;
import dev.dst.examples.uniqueids.UniqueIds;
import dev.dst.maelstrom.MaelstromNode;
import dev.dst.maelstrom.MaelstromWorkload;
import dev.dst.node.NodeFactory;
import dev.dst.scenario.ScenarioOptions;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The Maelstrom workloads that bundled scenarios mirror, each with the scenario whose node serves
 * it and the codec between the two: {@code broadcast} (scenario {@code broadcast}),
 * {@code g-counter} ({@code g-counter}), {@code unique-ids} ({@code unique-ids}), {@code kafka}
 * ({@code kafka-log}) and {@code lin-kv} ({@code raft-kv}).
 */
public final class MaelstromWorkloads {
    /** A workload, the scenario whose node serves it, and how to build that node for a cluster of n. */
    public record Bundled(String name, String scenario, MaelstromWorkload codec, BiFunction<Integer, ScenarioOptions, NodeFactory> nodes) {
        /** An adapter for this workload's node, with {@code options}' planted bug (if any) on. */
        public MaelstromNode.Builder builder(ScenarioOptions options) {
            return MaelstromNode.builder(codec, n -> nodes.apply(n, options));
        }
    }

    private static final List<Bundled> ALL = List.of(
            new Bundled("broadcast", Broadcast.NAME, new BroadcastCodec(), Broadcast::nodeFactory),
            new Bundled("g-counter", GCounter.NAME, new GCounterCodec(), GCounter::nodeFactory),
            new Bundled("unique-ids", UniqueIds.NAME, new UniqueIdsCodec(), UniqueIds::nodeFactory),
            new Bundled("kafka", KafkaLog.NAME, new KafkaCodec(), KafkaLog::nodeFactory),
            new Bundled("lin-kv", RaftKv.NAME, new LinKvCodec(), RaftKv::nodeFactory));

    private MaelstromWorkloads() {}

    public static List<Bundled> all() {
        return ALL;
    }

    /**
     * The workload called {@code name}.
     *
     * @throws IllegalArgumentException for a name that is none of them (the message lists them)
     */
    public static Bundled named(String name) {
        for (Bundled b : ALL) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no Maelstrom workload '" + name + "'; known: "
                + ALL.stream().map(b -> b.name() + " (scenario " + b.scenario() + ")").collect(Collectors.joining(", ")));
    }
}
