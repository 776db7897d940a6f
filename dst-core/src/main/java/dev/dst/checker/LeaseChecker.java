package dev.dst.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks leases and fencing: record the intervals in which each node believed it held the
 * lease (with the fence token it was granted), and the writes a guarded resource accepted
 * (with the token they carried). Cost: O(n log n) in intervals, linear in writes. Not thread-safe.
 *
 * <ul>
 *   <li><b>overlaps</b>: two different nodes believed they held the lease at the same instant
 *       (intervals are half-open, {@code [from, to)});
 *   <li><b>token regressions</b>: a lease granted later (by start) with a token no greater
 *       than an earlier lease's;
 *   <li><b>stale writes</b>: a resource accepted a write whose token is lower than one it had
 *       already accepted — the fencing that should have stopped an old holder did not.
 * </ul>
 */
public final class LeaseChecker {
    private final List<Hold> holds = new ArrayList<>();
    private final Map<Object, long[]> maxTokenByResource = new LinkedHashMap<>();
    private final List<String> staleWrites = new ArrayList<>();

    /** A node's belief that it held the lease in {@code [fromNanos, toNanos)} with {@code token}. */
    public record Hold(Object node, long fromNanos, long toNanos, long token) {}

    /** Records that {@code node} held the lease in {@code [fromNanos, toNanos)} with fence {@code token}. */
    public LeaseChecker held(Object node, long fromNanos, long toNanos, long token) {
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("a lease interval ends before it starts: [" + fromNanos + ", " + toNanos + ")");
        }
        holds.add(new Hold(node, fromNanos, toNanos, token));
        return this;
    }

    /** Records that {@code resource} accepted a write carrying {@code token} at {@code timeNanos}; call in time order. */
    public LeaseChecker accepted(Object resource, long token, long timeNanos) {
        long[] max = maxTokenByResource.computeIfAbsent(resource, r -> new long[] {Long.MIN_VALUE});
        if (token < max[0]) {
            staleWrites.add(resource + " accepted token " + token + " at " + timeNanos + " ns after token " + max[0]);
        }
        max[0] = Math.max(max[0], token);
        return this;
    }

    /** The outcome: anomalies described in words, in time order. */
    public record Result(boolean valid, int holds, List<String> overlaps, List<String> tokenRegressions,
                         List<String> staleWrites) implements CheckResult {
        @Override
        public String summary() {
            return String.format("lease: %s (%d holds; overlaps %d, token regressions %d, stale writes %d)", valid ? "valid" : "INVALID",
                    holds, overlaps.size(), tokenRegressions.size(), staleWrites.size());
        }
    }

    public Result result() {
        List<Hold> sorted = new ArrayList<>(holds);
        sorted.sort((a, b) -> a.fromNanos() != b.fromNanos() ? Long.compare(a.fromNanos(), b.fromNanos())
                : Long.compare(a.token(), b.token()));
        List<String> overlaps = new ArrayList<>();
        List<String> regressions = new ArrayList<>();
        Hold reach = null;       // the interval reaching furthest so far
        Hold reachOther = null;  // the one reaching furthest among other nodes than reach's
        Hold maxToken = null;    // the earlier hold with the largest token
        for (Hold h : sorted) {
            Hold other = reach != null && !reach.node().equals(h.node()) ? reach : reachOther;
            if (other != null && h.fromNanos() < other.toNanos()) {
                overlaps.add(h.node() + " held the lease from " + h.fromNanos() + " ns while " + other.node()
                        + " held it until " + other.toNanos() + " ns");
            }
            if (maxToken != null && h.token() <= maxToken.token() && !(h.node().equals(maxToken.node()) && h.token() == maxToken.token())) {
                regressions.add(h.node() + " got token " + h.token() + " at " + h.fromNanos() + " ns after " + maxToken.node()
                        + " got token " + maxToken.token() + " at " + maxToken.fromNanos() + " ns");
            }
            if (reach == null) {
                reach = h;
            } else if (reach.node().equals(h.node())) {
                if (h.toNanos() > reach.toNanos()) {
                    reach = h;
                }
            } else if (h.toNanos() > reach.toNanos()) {
                reachOther = reach;
                reach = h;
            } else if (reachOther == null || h.toNanos() > reachOther.toNanos()) {
                reachOther = h;
            }
            if (maxToken == null || h.token() > maxToken.token()) {
                maxToken = h;
            }
        }
        boolean valid = overlaps.isEmpty() && regressions.isEmpty() && staleWrites.isEmpty();
        return new Result(valid, holds.size(), overlaps, regressions, List.copyOf(staleWrites));
    }
}
