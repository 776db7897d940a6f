package dev.dst.trace;

import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A run's trace: a running 64-bit hash over every event, the last {@code ringSize} events
 * kept as primitives (rendered only when a report asks), and optionally a sink that receives
 * every event. Recording an event costs a few multiplications and array stores.
 */
public final class Trace {
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xC2B2AE3D27D4EB4FL;

    private final int mask;
    private final long[] step;
    private final long[] time;
    private final byte[] kind;
    private final int[] node;
    private final int[] peer;
    private final long[] arg;
    private final long[] extra;
    private final Object[] payload;
    private long count;
    private long hash = 0x243F6A8885A308D3L;
    private final IntFunction<String> names;
    private TraceSink sink;
    private LongArrayList stepHashes;

    /** {@code ringSize} is rounded up to a power of two; {@code names} renders node addresses. */
    public Trace(int ringSize, IntFunction<String> names) {
        int size = Integer.highestOneBit(Math.max(1, ringSize - 1)) << 1;
        this.mask = size - 1;
        this.step = new long[size];
        this.time = new long[size];
        this.kind = new byte[size];
        this.node = new int[size];
        this.peer = new int[size];
        this.arg = new long[size];
        this.extra = new long[size];
        this.payload = new Object[size];
        this.names = names;
    }

    public void setSink(TraceSink sink) {
        this.sink = sink;
    }

    /** Keep the hash after every step, for the determinism self-check. */
    public void keepStepHashes() {
        this.stepHashes = new LongArrayList();
    }

    public LongArrayList stepHashes() {
        return stepHashes;
    }

    /**
     * Records one event. {@code argValue} and {@code extraValue} are kind-specific (timer id and
     * delay, message delay, byte count); {@code payloadHash} is {@link StableHash#of} of the
     * payload, computed once by the caller.
     */
    public void record(long stepNo, long timeNanos, TraceKind k, int nodeId, int peerId, long argValue,
                       long extraValue, long payloadHash, Object payloadRef) {
        long h = hash;
        h = (h ^ k.ordinal()) * M1;
        h = (h ^ ((long) nodeId << 32 | (peerId & 0xFFFFFFFFL))) * M2;
        h = (h ^ timeNanos) * M1;
        h = (h ^ argValue) * M2;
        h = (h ^ extraValue) * M1;
        h = (h ^ payloadHash) * M2;
        hash = h ^ (h >>> 29);
        int i = (int) (count++ & mask);
        step[i] = stepNo;
        time[i] = timeNanos;
        kind[i] = (byte) k.ordinal();
        node[i] = nodeId;
        peer[i] = peerId;
        arg[i] = argValue;
        extra[i] = extraValue;
        payload[i] = payloadRef;
        if (sink != null) {
            sink.accept(render(i));
        }
    }

    /** Marks the end of a step (for per-step hashes). */
    public void endStep() {
        if (stepHashes != null) {
            stepHashes.add(hash());
        }
    }

    /** The trace hash so far: equal for two runs exactly when they did the same things (with overwhelming probability). */
    public long hash() {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** Number of events recorded. */
    public long size() {
        return count;
    }

    /** The last {@code n} events still in the ring, oldest first. */
    public List<TraceEvent> last(int n) {
        int kept = (int) Math.min(Math.min(count, mask + 1L), n);
        List<TraceEvent> out = new ArrayList<>(kept);
        for (long j = count - kept; j < count; j++) {
            out.add(render((int) (j & mask)));
        }
        return out;
    }

    public void close() {
        if (sink != null) {
            sink.close();
        }
    }

    private TraceEvent render(int i) {
        TraceKind k = TraceKind.of(kind[i]);
        return new TraceEvent(step[i], time[i], k, name(node[i]), name(peer[i]), detail(k, arg[i], extra[i], payload[i]));
    }

    private String name(int id) {
        return id == NONE ? null : id == -1 ? "test" : names.apply(id);
    }

    /** Marks "no node" in {@link #record}. */
    public static final int NONE = Integer.MIN_VALUE;

    private static String detail(TraceKind k, long a, long x, Object p) {
        String text = p == null ? null : String.valueOf(p);
        String tag = text == null ? "" : " " + text;
        return switch (k) {
            case TIMER, TIMER_CANCEL -> "timer #" + (a >>> 32) + tag;
            case TIMER_SET -> "timer #" + (a >>> 32) + " in " + Durations.format(x) + tag;
            case WRITE -> text + " (" + a + " bytes)";
            default -> text;
        };
    }
}
