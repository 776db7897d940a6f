package dev.dst.linearizability;

import dev.dst.entropy.SplitMix64;
import dev.dst.history.Operation;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The WGL search (Wing and Gong, with Lowe's just-in-time linearization and memoization, as
 * Porcupine does it) over one partition's operations.
 *
 * <p>Call and return events sit in a doubly linked list in history order. Walking it, a call
 * whose operation can take effect in the current state is linearized: the operation is lifted
 * out of the list and the walk restarts from the head. Reaching a return event means that
 * operation should have been linearized by then: backtrack. Info operations have no return
 * event (they may take effect at any time, or never); the search succeeds when every other
 * operation is linearized (ok ones, and failed ones a model keeps: {@link Model#keepsFailed}). A (linearized set, state) pair already explored is not explored again.
 */
final class Search {
    static final long ZOBRIST_SEED_1 = 0x6c696e6561723031L;
    static final long ZOBRIST_SEED_2 = 0x6c696e6561723032L;
    private static final int CHECK_EVERY = 1 << 12;
    private static final int FORCED = -2; // backtrack at once
    private static final int FRESH = -3;  // a level just begun
    // Measured on generated histories: trying info operations before ok ones explores fewer
    // states (50 clients, 10,000 operations: 1.4 million against 3.1 million).
    static final boolean INFO_LAST = false;

    enum Kind { VALID, INVALID, UNKNOWN, CANCELLED }

    /** How the reason of an outcome ended by the state budget begins. */
    static final String OUT_OF_STATES = "memory budget reached";

    /** What one search found. {@code bestPrefix}: the longest linearization found (indexes into the ops). */
    record Outcome(Kind kind, String reason, long statesExplored, int[] bestPrefix, Object bestState, int blocked) {}

    private final Model<Object> model;
    private final Operation[] ops;
    private final int n;
    private final int head;
    private final int[] next;
    private final int[] prev;
    private final boolean[] hasReturn;
    private final boolean[] readOnly;
    /**
     * For an info operation, the info operation with the same function and value invoked just
     * before it; for an ok one, the ok operation with the same function and value that
     * completed just before it; or -1.
     */
    private final int[] previousTwin;
    /** For each operation, those the model says take effect after it ({@link Model#precedence}), or null. */
    private final int[][] successors;
    /** For each operation, how many of those that must take effect before it are not linearized. */
    private final int[] blockers;
    private StateCache cache; // the running search's memo, for statesSoFar()

    Search(Model<?> model, Operation[] ops) {
        this(model, ops, true);
    }

    /** With {@code precedence} false, the model's {@link Model#precedence} is not asked (a quick first try). */
    @SuppressWarnings("unchecked")
    Search(Model<?> model, Operation[] ops, boolean precedence) {
        this.model = (Model<Object>) model;
        this.ops = ops;
        this.n = ops.length;
        this.head = 2 * n;
        this.next = new int[2 * n + 1];
        this.prev = new int[2 * n + 1];
        this.hasReturn = new boolean[n];
        this.readOnly = new boolean[n];
        this.previousTwin = new int[n];
        java.util.Map<java.util.List<Object>, Integer> lastOfClass = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            readOnly[i] = this.model.isReadOnly(ops[i]);
            previousTwin[i] = -1;
            if (ops[i].isInfo()) {
                Integer prior = lastOfClass.put(java.util.Arrays.asList(ops[i].type(), ops[i].f(), ops[i].value()), i);
                previousTwin[i] = prior == null ? -1 : prior;
            }
        }
        // ok operations by completion, so that each knows its twin completing just before it
        Integer[] byReturn = new Integer[n];
        for (int i = 0; i < n; i++) {
            byReturn[i] = i;
        }
        Arrays.sort(byReturn, (a, b) -> Integer.compare(ops[a].completeIndex(), ops[b].completeIndex()));
        lastOfClass.clear();
        for (int i : byReturn) {
            if (!ops[i].isInfo()) {
                Integer prior = lastOfClass.put(java.util.Arrays.asList(ops[i].type(), ops[i].f(), ops[i].value()), i);
                previousTwin[i] = prior == null ? -1 : prior;
            }
        }
        this.blockers = new int[n];
        this.successors = precedence ? successorsOf(this.model.precedence(Arrays.asList(ops)), n, blockers) : null;
        long[] events = new long[2 * n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            events[count++] = ((long) ops[i].invokeIndex() << 32) | i;
            if (!ops[i].isInfo()) {
                hasReturn[i] = true;
                events[count++] = ((long) ops[i].completeIndex() << 32) | (n + i);
            }
        }
        Arrays.sort(events, 0, count);
        int last = head;
        for (int e = 0; e < count; e++) {
            int node = (int) events[e];
            next[last] = node;
            prev[node] = last;
            last = node;
        }
        next[last] = -1;
    }

    private static int[][] successorsOf(java.util.List<int[]> pairs, int n, int[] blockers) {
        if (pairs.isEmpty()) {
            return null;
        }
        int[] counts = new int[n];
        for (int[] p : pairs) {
            if (p.length != 2 || p[0] < 0 || p[0] >= n || p[1] < 0 || p[1] >= n || p[0] == p[1]) {
                throw new IllegalArgumentException("a model's precedence pair is two different indexes below " + n + ", found "
                        + Arrays.toString(p));
            }
            counts[p[0]]++;
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[counts[i]];
            counts[i] = 0;
        }
        for (int[] p : pairs) {
            out[p[0]][counts[p[0]]++] = p[1];
            blockers[p[1]]++;
        }
        return out;
    }

    /** Whether an operation's predecessors (by the model's precedence) are all linearized. */
    private boolean free(int i) {
        return blockers[i] == 0;
    }

    private void lift(int i) {
        if (successors != null) {
            for (int s : successors[i]) {
                blockers[s]--;
            }
        }
        next[prev[i]] = next[i];
        if (next[i] >= 0) {
            prev[next[i]] = prev[i];
        }
        if (hasReturn[i]) {
            int r = n + i;
            next[prev[r]] = next[r];
            if (next[r] >= 0) {
                prev[next[r]] = prev[r];
            }
        }
    }

    private void unlift(int i) {
        if (successors != null) {
            for (int s : successors[i]) {
                blockers[s]++;
            }
        }
        if (hasReturn[i]) {
            int r = n + i;
            next[prev[r]] = r;
            if (next[r] >= 0) {
                prev[next[r]] = r;
            }
        }
        next[prev[i]] = i;
        if (next[i] >= 0) {
            prev[next[i]] = i;
        }
    }

    /** The history index of the first return event in the list: operations invoked before it can be linearized now. */
    private int frontier() {
        int e = next[head];
        while (e >= 0 && e < n) {
            e = next[e];
        }
        return e < 0 ? Integer.MAX_VALUE : ops[e - n].completeIndex();
    }

    /** States memoized so far by the search that is running (or that ended, for example out of memory). */
    long statesSoFar() {
        return cache == null ? 0 : cache.size();
    }

    /** Lets the memo go (after an out-of-memory error the caller needs its heap back). */
    void dropCache() {
        cache = null;
    }

    Outcome run(long maxStates, long deadlineNanos, BooleanSupplier cancelled) {
        long[] z1 = new long[n];
        long[] z2 = new long[n];
        long[] key = new long[n];
        int okRemaining = 0;
        for (int i = 0; i < n; i++) {
            z1[i] = SplitMix64.at(ZOBRIST_SEED_1, i);
            z2[i] = SplitMix64.at(ZOBRIST_SEED_2, i);
            if (!ops[i].isInfo()) {
                okRemaining++;
                // ok operations are tried in order of their interval's midpoint: the likeliest order
                key[i] = ((long) ops[i].invokeIndex() + ops[i].completeIndex()) * (n + 1L) + i;
            }
        }
        StateCache cache = new StateCache((int) Math.min(Math.min(1 << 20, 4L * n + 16), maxStates + 16), maxStates);
        this.cache = cache;
        int[] stack = new int[n];
        Object[] states = new Object[n];
        boolean[] infoPhaseAt = new boolean[n];
        boolean[] noopAt = new boolean[n];
        boolean[] linearized = new boolean[n];
        int[] frontierAt = new int[n];
        int depth = 0;
        int[] best = new int[n];
        int bestDepth = -1;
        int agree = 0; // stack[0, agree) == best[0, agree)
        Object bestState = null;
        int blocked = -1;
        Object state = model.initialState();
        long h1 = 0;
        long h2 = 0;
        // At each level: a read-only operation that fits, alone if there is one; otherwise two
        // passes, info operations in invocation order (walking the list from entry), then ok
        // operations by midpoint, each above threshold (INFO_LAST swaps the passes).
        boolean infoPhase = true;
        int entry = FRESH;
        int pushRead = -1;
        long threshold = Long.MIN_VALUE;
        int frontier = frontier();
        long iterations = 0;
        while (true) {
            if (okRemaining == 0) {
                return new Outcome(Kind.VALID, null, cache.size(), Arrays.copyOf(stack, depth), state, -1);
            }
            if ((++iterations & (CHECK_EVERY - 1)) == 0) {
                if (cancelled.getAsBoolean()) {
                    return new Outcome(Kind.CANCELLED, "cancelled", cache.size(), null, null, -1);
                }
                if (cache.size() > maxStates) {
                    return new Outcome(Kind.UNKNOWN, OUT_OF_STATES + ": more than " + maxStates + " states memoized",
                            cache.size(), Arrays.copyOf(best, Math.max(0, bestDepth)), bestState, blocked);
                }
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
                    return new Outcome(Kind.UNKNOWN, "time budget reached", cache.size(),
                            Arrays.copyOf(best, Math.max(0, bestDepth)), bestState, blocked);
                }
            }
            int op = -1;
            int stop = -1; // the return event (or -1, the end) that ends this level's candidates
            if (entry == FRESH) {
                // A read-only operation that fits now is linearized at once, with no alternative
                // tried (see noopAt); if that pair was explored already, this level fails.
                infoPhase = !INFO_LAST;
                threshold = Long.MIN_VALUE;
                entry = next[head];
                int e = next[head];
                for (; e >= 0 && e < n; e = next[e]) {
                    if (readOnly[e] && !ops[e].isInfo() && free(e) && model.step(state, ops[e]) != null) {
                        break;
                    }
                }
                if (e >= 0 && e < n) {
                    if (!cache.add(h1 ^ z1[e], h2 ^ z2[e], state)) {
                        entry = FORCED;
                    } else {
                        pushRead = e;
                    }
                }
            }
            if (pushRead >= 0) {
                op = pushRead;
            } else if (entry != FORCED) {
                while (true) {
                    if (infoPhase) {
                        // Info operations with equal function and value are interchangeable once
                        // both are invoked: only the earliest not yet linearized is tried.
                        while (entry >= 0 && entry < n && (!ops[entry].isInfo() || !free(entry)
                                || previousTwin[entry] >= 0 && !linearized[previousTwin[entry]])) {
                            entry = next[entry];
                        }
                        if (entry >= 0 && entry < n) {
                            op = entry;
                            break;
                        }
                        if (INFO_LAST) {
                            break;
                        }
                        infoPhase = false;
                        threshold = Long.MIN_VALUE;
                    } else {
                        // An ok operation need not be tried while an equal one that completes
                        // earlier can be placed (swapping the two in any valid order keeps it
                        // valid). Reads are not tried: none fits here, or the first pass would
                        // have taken it.
                        long bestKey = Long.MAX_VALUE;
                        int e = next[head];
                        for (; e >= 0 && e < n; e = next[e]) {
                            if (ops[e].isInfo() || readOnly[e] || key[e] <= threshold || key[e] >= bestKey || !free(e)) {
                                continue;
                            }
                            int twin = previousTwin[e];
                            if (twin >= 0 && !linearized[twin] && ops[twin].invokeIndex() < frontier) {
                                continue;
                            }
                            op = e;
                            bestKey = key[e];
                        }
                        stop = e;
                        if (op >= 0 || !INFO_LAST) {
                            break;
                        }
                        infoPhase = true;
                        entry = next[head];
                    }
                }
            }
            if (op >= 0) {
                boolean read = op == pushRead;
                pushRead = -1;
                Object after = read ? state : model.step(state, ops[op]);
                if (after != null && (read || cache.add(h1 ^ z1[op], h2 ^ z2[op], after))) {
                    if (depth == agree && depth < bestDepth && best[depth] == op) {
                        agree++;
                    }
                    stack[depth] = op;
                    states[depth] = state;
                    infoPhaseAt[depth] = infoPhase;
                    frontierAt[depth] = frontier;
                    // Linearizing a read-only operation as soon as it fits is never worse than any
                    // alternative (moving it earlier in any valid order keeps the order valid),
                    // so on backtracking its siblings need no trying.
                    noopAt[depth] = readOnly[op];
                    depth++;
                    state = after;
                    h1 ^= z1[op];
                    h2 ^= z2[op];
                    lift(op);
                    linearized[op] = true;
                    if (!ops[op].isInfo()) {
                        okRemaining--;
                    }
                    entry = FRESH;
                    frontier = frontier();
                } else if (infoPhase) {
                    entry = next[op];
                } else {
                    threshold = key[op];
                }
                continue;
            }
            // no candidate left at this level: backtrack
            if (depth > bestDepth) {
                System.arraycopy(stack, agree, best, agree, depth - agree);
                bestDepth = depth;
                agree = depth;
                bestState = state;
                blocked = stop >= n ? stop - n : -1;
            }
            if (depth == 0) {
                return new Outcome(Kind.INVALID, null, cache.size(), Arrays.copyOf(best, Math.max(0, bestDepth)),
                        bestState == null ? model.initialState() : bestState, blocked);
            }
            op = stack[--depth];
            if (depth < agree) {
                agree = depth;
            }
            state = states[depth];
            states[depth] = null;
            h1 ^= z1[op];
            h2 ^= z2[op];
            unlift(op);
            linearized[op] = false;
            if (!ops[op].isInfo()) {
                okRemaining++;
            }
            infoPhase = infoPhaseAt[depth];
            frontier = frontierAt[depth];
            if (noopAt[depth]) {
                entry = FORCED;
            } else if (infoPhase) {
                entry = next[op];
            } else {
                entry = 0; // anything but FORCED: the ok pass resumes above threshold
                threshold = key[op];
            }
        }
    }
}
