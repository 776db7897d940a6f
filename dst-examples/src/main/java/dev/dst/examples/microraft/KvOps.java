package dev.dst.examples.microraft;

import io.microraft.RaftEndpoint;

import java.util.TreeMap;

/** The values the MicroRaft scenario puts in the library's log, queries and snapshots: small records. */
final class KvOps {
    private KvOps() {}

    /** A server, as MicroRaft knows it: the simulation's node address. */
    record NodeEndpoint(int id) implements RaftEndpoint {
        @Override
        public Object getId() {
            return id;
        }

        @Override
        public String toString() {
            return "n" + id;
        }
    }

    /** A command in the log: which client (node address) and request it answers, for deduplication. */
    sealed interface Command permits Put, Cas, NewTerm {}

    record Put(int client, long request, long key, long value) implements Command {}

    record Cas(int client, long request, long key, long expected, long update) implements Command {}

    /** What a new leader appends first (MicroRaft commits it to learn what is committed in its term). */
    record NewTerm() implements Command {}

    /** A read, run by MicroRaft's query path (linearizable or leader lease), never logged. */
    record Get(long key) {}

    /** A snapshot chunk: one key's value, or the deduplication table. */
    sealed interface Chunk permits Value, Applied {}

    record Value(long key, long value) implements Chunk {}

    record Applied(TreeMap<Integer, Long> highestRequestByClient) implements Chunk {}
}
