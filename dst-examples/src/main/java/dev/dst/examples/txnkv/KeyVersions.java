package dev.dst.examples.txnkv;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.ArrayList;
import java.util.List;

/**
 * One key's committed versions, oldest first: each a commit timestamp and the elements its
 * transaction appended, stored flat. The list as of a snapshot at {@code ts} is every element
 * of the versions committed at or below {@code ts}. Versions arrive in commit-timestamp order
 * (a key's writers hold its lock one after the other, and each takes its commit timestamp
 * after the previous one released the lock), which {@link #add} asserts.
 */
final class KeyVersions {
    private final LongArrayList commitTs = new LongArrayList();
    private final IntArrayList ends = new IntArrayList(); // version i's elements end at ends[i] in elements
    private final LongArrayList elements = new LongArrayList();

    void add(long ts, List<Long> appended) {
        assert commitTs.isEmpty() || ts > latest() : "version at " + ts + " after one at " + latest();
        for (long e : appended) {
            elements.add(e);
        }
        commitTs.add(ts);
        ends.add(elements.size());
    }

    /** The commit timestamp of the newest version, or 0 when there is none. */
    long latest() {
        return commitTs.isEmpty() ? 0 : commitTs.getLong(commitTs.size() - 1);
    }

    /** The list as of a snapshot at {@code ts}: a new list. */
    List<Long> at(long ts) {
        int i = commitTs.size() - 1;
        while (i >= 0 && commitTs.getLong(i) > ts) {
            i--;
        }
        int end = i < 0 ? 0 : ends.getInt(i);
        List<Long> out = new ArrayList<>(end);
        for (int j = 0; j < end; j++) {
            out.add(elements.getLong(j));
        }
        return out;
    }
}
