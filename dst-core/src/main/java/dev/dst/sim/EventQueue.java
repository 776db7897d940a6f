package dev.dst.sim;

import java.util.Arrays;

/**
 * The pending events, ordered by (time, insertion sequence): a 4-ary min-heap whose keys are
 * kept in primitive arrays beside the heap (no boxing, no per-event object). An event's fields
 * live in a slot, and slots are reused through a free list, so steady-state scheduling
 * allocates nothing.
 *
 * <p>Ties in time are not broken here: the kernel draws among all events of the same instant
 * from entropy. The sequence only makes "first candidate" mean "scheduled first".
 */
final class EventQueue {
    static final int START = 0;
    static final int MESSAGE = 1;
    static final int TIMER = 2;
    static final int ACTION = 3;
    static final int FREE = -1;

    // heap, by position
    private long[] heapTime = new long[1024];
    private long[] heapSeq = new long[1024];
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
        long q = nextSeq++;
        time[s] = at;
        seq[s] = q;
        siftUp(size++, at, q, s);
        return s;
    }

    /** Pushes an existing slot again at a new time (a parked event released late). */
    void repush(int s, long at) {
        long q = nextSeq++;
        time[s] = at;
        seq[s] = q;
        siftUp(size++, at, q, s);
    }

    /** Removes the earliest event and returns its slot; the caller frees it when done. */
    int pop() {
        int top = heapSlot[0];
        int last = --size;
        if (last > 0) {
            siftDown(heapTime[last], heapSeq[last], heapSlot[last], last);
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

    private void siftUp(int pos, long t, long q, int s) {
        if (pos == heapTime.length) {
            growHeap();
        }
        while (pos > 0) {
            int parent = (pos - 1) >>> 2;
            long pt = heapTime[parent];
            if (pt < t || (pt == t && heapSeq[parent] < q)) {
                break;
            }
            heapTime[pos] = pt;
            heapSeq[pos] = heapSeq[parent];
            heapSlot[pos] = heapSlot[parent];
            pos = parent;
        }
        heapTime[pos] = t;
        heapSeq[pos] = q;
        heapSlot[pos] = s;
    }

    /** Places (t, q, s) starting at the root, in a heap of {@code n} elements. */
    private void siftDown(long t, long q, int s, int n) {
        int pos = 0;
        while (true) {
            int c = (pos << 2) + 1;
            if (c >= n) {
                break;
            }
            int best = c;
            long bt = heapTime[c];
            long bq = heapSeq[c];
            int end = Math.min(c + 4, n);
            for (int j = c + 1; j < end; j++) {
                long jt = heapTime[j];
                if (jt < bt || (jt == bt && heapSeq[j] < bq)) {
                    best = j;
                    bt = jt;
                    bq = heapSeq[j];
                }
            }
            if (t < bt || (t == bt && q < bq)) {
                break;
            }
            heapTime[pos] = bt;
            heapSeq[pos] = bq;
            heapSlot[pos] = heapSlot[best];
            pos = best;
        }
        heapTime[pos] = t;
        heapSeq[pos] = q;
        heapSlot[pos] = s;
    }

    private void growHeap() {
        int n = heapTime.length * 2;
        heapTime = Arrays.copyOf(heapTime, n);
        heapSeq = Arrays.copyOf(heapSeq, n);
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
