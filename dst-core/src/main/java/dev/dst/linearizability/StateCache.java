package dev.dst.linearizability;

import java.util.Arrays;

/**
 * The memo of visited (linearized set, model state) pairs, as an open-addressing table over
 * primitive arrays. A linearized set is kept as two independent 64-bit Zobrist fingerprints
 * (128 bits) rather than a full bitset, so an entry costs about 40 bytes whatever the history's
 * length; the model state is kept and compared exactly. Two different sets share both
 * fingerprints with probability 2^-128 per pair, far below any hardware error rate.
 *
 * <p>The table doubles at half full, except that it does not grow past the size that holds
 * {@code maxEntries} at three quarters full: a search that stops at its budget never pays for
 * a table twice the size it needed. {@link #bytesFor} is what the table costs at worst.
 */
final class StateCache {
    private long[] keys1;
    private long[] keys2;
    private Object[] states;
    private int[] hashes; // the states' hash codes: compared before equals, and not computed again when the table grows
    private int mask;
    private int size;
    private final long maxEntries;
    /** Entries a search may add between two looks at its budget (see Search.CHECK_EVERY). */
    static final int SLACK = 1 << 13;
    /** Bytes a slot costs: two longs, a (compressed) reference and the state's hash. */
    static final int SLOT_BYTES = 8 + 8 + 4 + 4;

    StateCache(int initialCapacity, long maxEntries) {
        this.maxEntries = maxEntries;
        int cap = Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1;
        keys1 = new long[cap];
        keys2 = new long[cap];
        states = new Object[cap];
        hashes = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    /** Adds the pair; false when it was already present. */
    boolean add(long k1, long k2, Object state) {
        int h = state.hashCode();
        int i = slot(k1, h);
        while (states[i] != null) {
            if (keys1[i] == k1 && keys2[i] == k2 && hashes[i] == h && states[i].equals(state)) {
                return false;
            }
            i = (i + 1) & mask;
        }
        keys1[i] = k1;
        keys2[i] = k2;
        states[i] = state;
        hashes[i] = h;
        ++size;
        if (size * 4L > states.length * 3L || (size * 2L > states.length && !holds(states.length))) {
            grow();
        }
        return true;
    }

    /** Whether a table of {@code slots} holds the budget (and the slack past it) at three quarters full. */
    private boolean holds(long slots) {
        return slots / 4 * 3 >= maxEntries + SLACK;
    }

    int capacity() {
        return states.length;
    }

    /**
     * The table's bytes at worst for a search that stops at {@code maxEntries}: its largest
     * table and, while that one is filled from the one before, half as much again. The states
     * themselves are the model's and come on top.
     */
    static long bytesFor(long maxEntries) {
        long slots = 16;
        while (slots / 4 * 3 < maxEntries + SLACK && slots < (1L << 30)) {
            slots *= 2;
        }
        return slots * SLOT_BYTES * 3 / 2;
    }

    private int slot(long k1, int stateHash) {
        long z = k1 ^ (stateHash * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 32)) * 0xD6E8FEB86659FD93L;
        return (int) (z ^ (z >>> 32)) & mask;
    }

    private void grow() {
        long[] o1 = keys1;
        long[] o2 = keys2;
        Object[] os = states;
        int[] oh = hashes;
        if (os.length >= (1 << 30)) {
            throw new OutOfMemoryError("the memo table is at its largest, 2^30 slots");
        }
        int cap = os.length * 2;
        keys1 = new long[cap];
        keys2 = new long[cap];
        states = new Object[cap];
        hashes = new int[cap];
        mask = cap - 1;
        for (int j = 0; j < os.length; j++) {
            if (os[j] != null) {
                int i = slot(o1[j], oh[j]);
                while (states[i] != null) {
                    i = (i + 1) & mask;
                }
                keys1[i] = o1[j];
                keys2[i] = o2[j];
                states[i] = os[j];
                hashes[i] = oh[j];
            }
        }
    }

    void clear() {
        Arrays.fill(states, null);
        size = 0;
    }
}
