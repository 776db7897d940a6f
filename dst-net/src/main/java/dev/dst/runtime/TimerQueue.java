package dev.dst.runtime;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A node's pending timers, by deadline on {@code System.nanoTime()} (then by id, so timers due
 * at the same instant fire in the order they were set). Cancelling marks the timer and forgets
 * it; marked timers leave the heap when due, or in a purge when they are most of it.
 */
final class TimerQueue {
    static final class Timer {
        final long id;
        final long deadlineNanos;
        final Object tag;
        boolean cancelled;

        Timer(long id, long deadlineNanos, Object tag) {
            this.id = id;
            this.deadlineNanos = deadlineNanos;
            this.tag = tag;
        }
    }

    private final PriorityQueue<Timer> heap = new PriorityQueue<>((a, b) -> a.deadlineNanos != b.deadlineNanos
            ? Long.compare(a.deadlineNanos - b.deadlineNanos, 0) // nanoTime may wrap: compare differences
            : Long.compare(a.id, b.id));
    private final Long2ObjectOpenHashMap<Timer> live = new Long2ObjectOpenHashMap<>();
    private long serial;

    long add(long deadlineNanos, Object tag) {
        Timer t = new Timer(++serial, deadlineNanos, tag);
        heap.add(t);
        live.put(t.id, t);
        return t.id;
    }

    /** Cancels a pending timer; an unknown, fired or cancelled id does nothing. */
    void cancel(long id) {
        Timer t = live.remove(id);
        if (t == null) {
            return;
        }
        t.cancelled = true;
        if (heap.size() > 64 && live.size() < heap.size() / 4) {
            purge();
        }
    }

    private void purge() {
        List<Timer> keep = new ArrayList<>(live.values());
        heap.clear();
        heap.addAll(keep);
    }

    /** The live timer due first, or {@code null} when none is pending (cancelled heads are dropped on the way). */
    Timer peek() {
        while (!heap.isEmpty() && heap.peek().cancelled) {
            heap.poll();
        }
        return heap.peek();
    }

    /** The next live timer due at {@code nowNanos}, removed; {@code null} when none is due. */
    Timer pollDue(long nowNanos) {
        Timer t = peek();
        if (t == null || t.deadlineNanos - nowNanos > 0) {
            return null;
        }
        heap.poll();
        live.remove(t.id);
        return t;
    }

    int size() {
        return live.size();
    }

    void clear() {
        heap.clear();
        live.clear();
    }
}
