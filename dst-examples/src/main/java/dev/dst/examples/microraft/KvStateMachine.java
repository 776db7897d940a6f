package dev.dst.examples.microraft;

import dev.dst.examples.microraft.KvOps.Applied;
import dev.dst.examples.microraft.KvOps.Cas;
import dev.dst.examples.microraft.KvOps.Get;
import dev.dst.examples.microraft.KvOps.NewTerm;
import dev.dst.examples.microraft.KvOps.Put;
import dev.dst.examples.microraft.KvOps.Value;
import dev.dst.node.Result;
import io.microraft.statemachine.StateMachine;

import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The key-value state machine MicroRaft replicates: every key starts at 0. A command that a
 * duplicating link delivered twice (so the server replicated it twice) is applied once, and
 * answered once, by its first copy (null for the repeat: an answer "failed" to a request that took
 * effect would be a lie, and the network can deliver it first): per client, the highest request
 * applied is part of the state, and of its snapshots. Every
 * applied command is reported to the {@link RaftWatch}, which compares the nodes.
 */
final class KvStateMachine implements StateMachine {
    private final int node;
    private final RaftWatch watch;
    private final TreeMap<Long, Long> values = new TreeMap<>();
    private final TreeMap<Integer, Long> applied = new TreeMap<>();

    KvStateMachine(int node, RaftWatch watch) {
        this.node = node;
        this.watch = watch;
    }

    @Override
    public Object runOperation(long commitIndex, Object operation) {
        if (operation instanceof Get g) {
            return Result.ok(List.of(g.key(), values.getOrDefault(g.key(), 0L)));
        }
        watch.applied(node, commitIndex, operation);
        if (operation instanceof NewTerm) {
            return null;
        }
        if (operation instanceof Put p) {
            return first(p.client(), p.request()) ? put(p) : null;
        }
        if (operation instanceof Cas c) {
            return first(c.client(), c.request()) ? cas(c) : null;
        }
        throw new IllegalStateException("unknown operation in the log: " + operation);
    }

    private boolean first(int client, long request) {
        if (request <= applied.getOrDefault(client, -1L)) {
            return false;
        }
        applied.put(client, request);
        return true;
    }

    private Result put(Put p) {
        values.put(p.key(), p.value());
        return Result.ok(List.of(p.key(), p.value()));
    }

    private Result cas(Cas c) {
        long current = values.getOrDefault(c.key(), 0L);
        if (current != c.expected()) {
            return Result.fail("cas: expected " + c.expected() + ", found " + current);
        }
        values.put(c.key(), c.update());
        return Result.ok(List.of(c.key(), List.of(c.expected(), c.update())));
    }

    @Override
    public void takeSnapshot(long commitIndex, Consumer<Object> chunks) {
        values.forEach((k, v) -> chunks.accept(new Value(k, v))); // a chunk per key: MicroRaft transfers them one by one
        chunks.accept(new Applied(new TreeMap<>(applied))); // a TreeMap: Map.copyOf's order is salted per JVM
    }

    @Override
    public void installSnapshot(long commitIndex, List<Object> chunks) {
        values.clear();
        applied.clear();
        for (Object o : chunks) {
            if (o instanceof Value v) {
                values.put(v.key(), v.value());
            } else if (o instanceof Applied a) {
                applied.putAll(a.highestRequestByClient());
            } else {
                throw new IllegalStateException("unknown snapshot chunk: " + o);
            }
        }
        watch.installed(node, commitIndex);
    }

    @Override
    public Object getNewTermOperation() {
        return new NewTerm();
    }

    long value(long key) {
        return values.getOrDefault(key, 0L);
    }
}
