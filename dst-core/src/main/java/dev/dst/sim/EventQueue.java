package dev.dst.sim;

import java.util.Arrays;

/**
 * The pending events, ordered by time: a 4-ary min-heap whose keys are kept in a primitive
 * array beside the heap (no boxing, no per-event object). An event's fields live in a slot,
 * and slots are reused through a free list, so steady-state scheduling allocates nothing.
 *
 * <p>Ties in time are not broken here: the kernel takes all events of an instant out together,
 * sorts them by their insertion sequence ({@link #seq}), and draws among them from entropy, so
 * that draw 0 means "the one scheduled first". Keying the heap on time alone keeps its
 * comparisons to one array.
 */
final class EventQueue {
    static final int START = 0;
    static final int MESSAGE = 1;
    static final int TIMER = 2;
    static final int ACTION = 3;
    static final int FREE = -1;

    // heap, by position
    private long[] heapTime = new long[1024];
    private int[] heapSlot = new int[1024];
    private int size;
    private long nextSeq;

    // event fields, by slot
    int[] kind = new int[1024];
    int[] target = new int[1024];
    int[] from = new int[1024];
    int[] incarnation = new int[1024];
    long[] arg = new long[1024];
    long[] hash = new long[1024];
    long[] time = new long[1024];
    long[] seq = new long[1024];
    Object[] payload = new Object[1024];
    private int[] free = new int[1024];
    private int freeCount;
    private int slotsUsed;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The slot at heap position {@code position} ({@code 0 .. size() - 1}): every pending event, in no useful order. */
    int slotAt(int position) {
        assert position >= 0 && position < size : position + " of " + size;
        return heapSlot[position];
    }

    /** Time of the earliest event; only when not empty. */
    long peekTime() {
        return heapTime[0];
    }

    /** Allocates a slot, fills it and pushes it; returns the slot. */
    int push(long at, int k, int tgt, int frm, int inc, long a, long h, Object p) {
        int s = allocSlot();
        kind[s] = k;
        target[s] = tgt;
        from[s] = frm;
        incarnation[s] = inc;
        arg[s] = a;
        hash[s] = h;
        payload[s] = p;
        time[s] = at;
        seq[s] = nextSeq++;
        siftUp(size++, at, s);
        return s;
    }

    /** Pushes an existing slot again at a new time (a parked event released late). */
    void repush(int s, long at) {
        time[s] = at;
        seq[s] = nextSeq++;
        siftUp(size++, at, s);
    }

    /** Removes the earliest event and returns its slot; the caller frees it when done. */
    int pop() {
        int top = heapSlot[0];
        int last = --size;
        if (last > 0) {
            siftDown(heapTime[last], heapSlot[last], last);
        }
        return top;
    }

    /** Number of slots ever allocated; slot numbers are below it. */
    int slotsUsed() {
        return slotsUsed;
    }

    void free(int s) {
        kind[s] = FREE;
        payload[s] = null;
        free[freeCount++] = s;
    }

    private int allocSlot() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (slotsUsed == kind.length) {
            growSlots();
        }
        return slotsUsed++;
    }

    private void siftUp(int pos, long t, int s) {
        if (pos == heapTime.length) {
            growHeap();
        }
        long[] times = heapTime;
        int[] slots = heapSlot;
        while (pos > 0) {
            int parent = (pos - 1) >>> 2;
            long pt = times[parent];
            if (pt <= t) {
                break;
            }
            times[pos] = pt;
            slots[pos] = slots[parent];
            pos = parent;
        }
        times[pos] = t;
        slots[pos] = s;
    }

    /** Places (t, s) starting at the root, in a heap of {@code n} elements. */
    private void siftDown(long t, int s, int n) {
        long[] times = heapTime;
        int[] slots = heapSlot;
        int pos = 0;
        while (true) {
            int c = (pos << 2) + 1;
            if (c >= n) {
                break;
            }
            int best = c;
            long bt = times[c];
            int end = Math.min(c + 4, n);
            for (int j = c + 1; j < end; j++) {
                long jt = times[j];
                if (jt < bt) {
                    best = j;
                    bt = jt;
                }
            }
            if (t <= bt) {
                break;
            }
            times[pos] = bt;
            slots[pos] = slots[best];
            pos = best;
        }
        times[pos] = t;
        slots[pos] = s;
    }

    private void growHeap() {
        int n = heapTime.length * 2;
        heapTime = Arrays.copyOf(heapTime, n);
        heapSlot = Arrays.copyOf(heapSlot, n);
    }

    private void growSlots() {
        int n = kind.length * 2;
        kind = Arrays.copyOf(kind, n);
        target = Arrays.copyOf(target, n);
        from = Arrays.copyOf(from, n);
        incarnation = Arrays.copyOf(incarnation, n);
        arg = Arrays.copyOf(arg, n);
        hash = Arrays.copyOf(hash, n);
        time = Arrays.copyOf(time, n);
        seq = Arrays.copyOf(seq, n);
        payload = Arrays.copyOf(payload, n);
        free = Arrays.copyOf(free, n);
    }
}
