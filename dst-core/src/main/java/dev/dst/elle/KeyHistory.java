package dev.dst.elle;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;

import java.util.BitSet;
import java.util.List;

/**
 * What the history says about one key: who appended each element, every ok read, and the
 * version order inferred from the longest read. Lookups are hash lookups by element.
 */
final class KeyHistory {
    /** One ok read of the key: by which transaction, at which micro-op, what it saw. */
    record Read(int node, int microOp, List<Object> values, boolean external) {}

    final Object key;
    /** element -> node of the ok or info transaction that appended it (the first, if several did). */
    final Object2IntOpenHashMap<Object> writer = new Object2IntOpenHashMap<>();
    /** element -> node of the failed transaction that appended it. */
    final Object2IntOpenHashMap<Object> failedWriter = new Object2IntOpenHashMap<>();
    /** Elements whose transaction appended to this key again afterwards. */
    final ObjectOpenHashSet<Object> intermediate = new ObjectOpenHashSet<>();
    /** Every ok read, in transaction order. */
    final ObjectArrayList<Read> reads = new ObjectArrayList<>();
    /** Bit i: reads[i] is not a prefix of the version order. */
    final BitSet incompatible = new BitSet();
    /** The version order: the longest read, or empty when nothing was read. */
    List<Object> order = List.of();
    /** The transaction whose read gave the order, or -1. */
    int orderReader = -1;
    /** element -> its position in the order (its first, if it appears twice). */
    final Object2IntOpenHashMap<Object> position = new Object2IntOpenHashMap<>();

    KeyHistory(Object key) {
        this.key = key;
        writer.defaultReturnValue(-1);
        failedWriter.defaultReturnValue(-1);
        position.defaultReturnValue(-1);
    }

    /** The node that appended the element at {@code index} of the order, or -1 when none that committed did. */
    int writerAt(int index) {
        return writer.getInt(order.get(index));
    }

    /** True when the element at {@code index} of the order is not a repeat of an earlier one. */
    boolean firstAt(int index) {
        return position.getInt(order.get(index)) == index;
    }

    /** True when {@code values} holds {@code element}, judged by its position in the order (so O(1)). */
    boolean readHolds(List<Object> values, Object element) {
        int p = position.getInt(element);
        return p >= 0 && p < values.size() && values.get(p).equals(element);
    }
}
