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

    private static final int STRIDE = 8; // longs per record: one cache line
    private static final int STEP = 0;
    private static final int TIME = 1;
    private static final int META = 2;
    private static final int ARG = 3;
    private static final int EXTRA = 4;
    private static final long ID_MASK = 0xFFFFFFFL;

    private final int mask;
    private final long[] ring;
    private final Object[] payload;
    private long count;
    private long hash = 0x243F6A8885A308D3L;
    private final IntFunction<String> names;
    private TraceSink sink;
    private boolean closed;
    private LongArrayList stepHashes;
    private long[] log;          // every record from the start, for the determinism check (null: not kept)
    private Object[] logPayload;
    private int logged;
    private int logLimit;

    /** {@code ringSize} is rounded up to a power of two; {@code names} renders node addresses. */
    public Trace(int ringSize, IntFunction<String> names) {
        int size = Integer.highestOneBit(Math.max(1, ringSize - 1)) << 1;
        this.mask = size - 1;
        this.ring = new long[size * STRIDE];
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
     * Keep every event from the start, up to {@code maxEvents} (64 bytes and a reference each),
     * so that the determinism check can show the first run's own events at the step where a
     * second run parted from it.
     */
    public void keepEvents(int maxEvents) {
        this.logLimit = maxEvents;
        this.log = new long[Math.min(maxEvents, 1024) * STRIDE];
        this.logPayload = new Object[Math.min(maxEvents, 1024)];
    }

    /**
     * The last {@code n} kept events of steps up to {@code step}, oldest first; {@code null} when
     * the events of that step were not all kept (none kept, or the limit was reached before).
     */
    public List<TraceEvent> keptUpTo(long step, int n) {
        if (log == null || (logged == logLimit && log[(logged - 1) * STRIDE + STEP] <= step)) {
            return null;
        }
        int end = logged;
        while (end > 0 && log[(end - 1) * STRIDE + STEP] > step) {
            end--;
        }
        List<TraceEvent> out = new ArrayList<>();
        for (int i = Math.max(0, end - n); i < end; i++) {
            out.add(render(log, logPayload, i));
        }
        return out;
    }

    private void keep(int i) {
        if (logged == logLimit) {
            return;
        }
        if (logged == logPayload.length) {
            int size = (int) Math.min(logLimit, 2L * logPayload.length);
            log = java.util.Arrays.copyOf(log, size * STRIDE);
            logPayload = java.util.Arrays.copyOf(logPayload, size);
        }
        System.arraycopy(ring, i * STRIDE, log, logged * STRIDE, STRIDE);
        logPayload[logged++] = payload[i];
    }

    /**
     * Records one event. {@code argValue} and {@code extraValue} are kind-specific (timer id and
     * delay, message delay, byte count); {@code payloadHash} is {@link StableHash#of} of the
     * payload, computed once by the caller.
     */
    public void record(long stepNo, long timeNanos, TraceKind k, int nodeId, int peerId, long argValue,
                       long extraValue, long payloadHash, Object payloadRef) {
        // kind, node and peer in one long: 8 bits of kind, 28 bits per address (see pack)
        long meta = (long) k.ordinal() << 56 | pack(nodeId) << 28 | pack(peerId);
        long h = hash;
        h = (h ^ meta) * M1;
        h = (h ^ timeNanos) * M2;
        h = (h ^ argValue) * M1;
        h = (h ^ extraValue) * M2;
        h = (h ^ payloadHash) * M1;
        hash = h ^ (h >>> 29);
        int i = (int) (count++ & mask);
        int base = i * STRIDE;
        long[] r = ring;
        r[base + STEP] = stepNo;
        r[base + TIME] = timeNanos;
        r[base + META] = meta;
        r[base + ARG] = argValue;
        r[base + EXTRA] = extraValue;
        payload[i] = payloadRef;
        if (log != null) {
            keep(i);
        }
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

    /** Closes the sink once; later calls do nothing. */
    public void close() {
        if (sink != null && !closed) {
            closed = true;
            sink.close();
        }
    }

    private TraceEvent render(int i) {
        return render(ring, payload, i);
    }

    private TraceEvent render(long[] records, Object[] payloads, int i) {
        int base = i * STRIDE;
        long meta = records[base + META];
        TraceKind k = TraceKind.of((int) (meta >>> 56));
        return new TraceEvent(records[base + STEP], records[base + TIME], k, name(unpack(meta >>> 28 & ID_MASK)),
                name(unpack(meta & ID_MASK)), detail(k, records[base + ARG], records[base + EXTRA], payloads[i]));
    }

    /** Addresses in 28 bits: nodes 0..2^28-3, then {@code -1} (the test) and {@link #NONE}. */
    private static long pack(int id) {
        return id == NONE ? ID_MASK : id == -1 ? ID_MASK - 1 : id & ID_MASK;
    }

    private static int unpack(long packed) {
        return packed == ID_MASK ? NONE : packed == ID_MASK - 1 ? -1 : (int) packed;
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
