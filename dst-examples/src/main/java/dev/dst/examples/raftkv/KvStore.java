package dev.dst.examples.raftkv;

import dev.dst.examples.raftkv.Messages.Command;
import dev.dst.node.Result;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

import java.util.List;

/**
 * The replicated key-value state machine: committed commands, applied in log order. Every key
 * starts at 0. A command a client's retry or a duplicating link put in the log twice is applied
 * once: per client, the highest request id applied is part of the state (a client has one
 * request outstanding at a time and its ids increase).
 */
final class KvStore {
    private final Long2LongOpenHashMap values = new Long2LongOpenHashMap();
    private final Int2LongOpenHashMap appliedUpTo = new Int2LongOpenHashMap();

    KvStore() {
        appliedUpTo.defaultReturnValue(-1);
    }

    long get(long key) {
        return values.get(key);
    }

    /** Applies {@code c}; the client's answer, or null for a no-op or a repeat (a repeat is answered by its first copy). */
    Result apply(Command c) {
        if (!c.isClientOp()) {
            return null;
        }
        if (c.requestId() <= appliedUpTo.get(c.client())) {
            return null;
        }
        appliedUpTo.put(c.client(), c.requestId());
        return switch (c.f()) {
            case "put" -> {
                values.put(c.key(), c.a());
                yield Result.ok(List.of(c.key(), c.a()));
            }
            case "cas" -> {
                if (values.get(c.key()) != c.a()) {
                    yield Result.fail("cas: expected " + c.a() + ", found " + values.get(c.key()));
                }
                values.put(c.key(), c.b());
                yield Result.ok(List.of(c.key(), List.of(c.a(), c.b())));
            }
            default -> throw new IllegalStateException("unknown command in the log: " + c);
        };
    }
}
