package dev.dst.linearizability;

import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.history.Operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks a history for linearizability against a {@link Model}.
 *
 * <p>When to use: at the end of a run, on the history the clients recorded, or on a Jepsen
 * history file. What it costs: the search is exponential in the worst case (the problem is
 * NP-complete); with memoization, pruning and per-partition checking, 100,000 operations with
 * up to about five in flight per key take 0.1 to 0.3 s and about one memoized state (~40 bytes
 * plus the state) per operation, while 25 in flight on one register take seconds; see
 * {@code docs/checkers.md}. A budget (states memoized, optionally wall time) ends a search with
 * {@link Verdict#UNKNOWN} instead of running for ever.
 *
 * <p>Failed operations are left out (they did not happen); so are operations the model says
 * change and constrain nothing ({@link Model#canSkip}). Parts from {@link Model#partition} are
 * checked independently, on a few threads when there are several large ones, in rounds of
 * growing state budgets, so that a part that is quickly refuted ends the check without waiting
 * for a large valid one. The verdict does not depend on thread timing, except when the time
 * budget ends a search: if several parts fail, the explanation is that of the first part, in
 * the model's partition order, refuted in the earliest round. A model may also say which orders
 * reads imply ({@link Model#precedence}), and the search tries no other.
 */
public final class Linearizability {
    private Linearizability() {}

    /**
     * Budgets and threads.
     *
     * @param timeout   wall-time budget for the whole check, or null for none (the default, so
     *                  that the verdict is a pure function of the history)
     * @param maxStates memoized states per partition before giving up with unknown (each costs
     *                  about 40 bytes plus the state object); default 20 million
     * @param threads   partitions checked in parallel at most; default: available processors
     */
    public record Options(Duration timeout, long maxStates, int threads) {
        public static Options defaults() {
            return new Options(null, 20_000_000L, Runtime.getRuntime().availableProcessors());
        }

        public Options withTimeout(Duration t) {
            return new Options(t, maxStates, threads);
        }

        public Options withMaxStates(long m) {
            return new Options(timeout, m, threads);
        }

        public Options withThreads(int t) {
            return new Options(timeout, maxStates, Math.max(1, t));
        }
    }

    /** Checks {@code history} against {@code model} with default options. */
    public static LinearizabilityResult check(History history, Model<?> model) {
        return check(history.operations(), model, Options.defaults());
    }

    /** Checks {@code history} against {@code model}. */
    public static LinearizabilityResult check(History history, Model<?> model, Options options) {
        return check(history.operations(), model, options);
    }

    /** Checks paired operations (see {@link History#operations()}) against {@code model}. */
    public static LinearizabilityResult check(List<Operation> operations, Model<?> model, Options options) {
        long start = System.nanoTime();
        long deadline = options.timeout() == null ? Long.MAX_VALUE : start + options.timeout().toNanos();
        List<Operation> checked = new ArrayList<>();
        for (Operation op : operations) {
            if ((op.type() != OpType.FAIL || model.keepsFailed(op)) && !model.canSkip(op)) {
                checked.add(op);
            }
        }
        int processes = (int) operations.stream().mapToInt(Operation::process).distinct().count();
        List<Partition> parts = model.partition(checked);
        Search.Outcome[] outcomes = new Search.Outcome[parts.size()];
        int threads = Math.min(options.threads(), parts.size());
        if (threads > 1 && checked.size() < 1000) {
            threads = 1;
        }
        long maxStates = Math.min(options.maxStates(), statesThatFit(Runtime.getRuntime().maxMemory(), threads));
        Model.Refutation[] refutations = new Model.Refutation[parts.size()];
        int stoppedBy = searchInRounds(parts, model, maxStates, deadline, outcomes, refutations, threads);
        List<LinearizabilityResult.Part> partResults = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            partResults.add(part(parts.get(i), outcomes[i], stoppedBy >= 0 && i != stoppedBy ? parts.get(stoppedBy).name() : null));
        }
        long states = 0;
        Verdict verdict = Verdict.VALID;
        String reason = null;
        Explanation explanation = null;
        for (int i = 0; i < outcomes.length; i++) {
            Search.Outcome o = outcomes[i];
            states += o.statesExplored();
            if (stoppedBy >= 0 && i != stoppedBy && o.kind() == Search.Kind.UNKNOWN) {
                continue; // left undecided when another part was found invalid
            }
            if (o.kind() == Search.Kind.INVALID && explanation == null) {
                verdict = Verdict.INVALID;
                reason = null;
                explanation = refutations[i] != null ? explainRefutation(parts.get(i), refutations[i]) : explain(parts.get(i), model, o);
            } else if (o.kind() == Search.Kind.UNKNOWN && verdict == Verdict.VALID) {
                verdict = Verdict.UNKNOWN;
                reason = parts.size() > 1 ? parts.get(i).name() + ": " + o.reason() : o.reason();
            }
        }
        if (verdict == Verdict.UNKNOWN && maxStates < options.maxStates() && reason != null && reason.contains("memory budget")) {
            reason += " (the budget of " + options.maxStates() + " was lowered to what half of this JVM's "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB heap holds on " + threads + (threads == 1 ? " thread" : " threads") + ")";
        }
        return new LinearizabilityResult(verdict, model.name(), operations.size(), processes, parts.size(), states,
                System.nanoTime() - start, reason, explanation, checked, List.copyOf(partResults));
    }

    private static LinearizabilityResult.Part part(Partition p, Search.Outcome o, String stoppedBy) {
        Verdict v = switch (o.kind()) {
            case VALID -> Verdict.VALID;
            case INVALID -> Verdict.INVALID;
            default -> Verdict.UNKNOWN;
        };
        String reason = v != Verdict.UNKNOWN ? null
                : stoppedBy != null ? "not decided: the check stopped when " + stoppedBy + " was found not linearizable" : o.reason();
        return new LinearizabilityResult.Part(p.name(), p.operations().size(), v, o.statesExplored(), reason);
    }

    /** Bytes a memoized state's own object costs, at least (a boxed value): the model's states come on top of the table. */
    static final int STATE_BYTES = 16;

    /**
     * The most states per partition whose memo tables, {@code threads} of them at once, fit in
     * half of a heap of {@code heapBytes}: a budget that ends a search with unknown before the
     * heap runs out, whatever the option says (the other half is the JVM's and the history's).
     */
    static long statesThatFit(long heapBytes, int threads) {
        long perSearch = heapBytes / 2 / Math.max(1, threads);
        long lo = 1;
        long hi = 1L << 29;
        while (lo < hi) { // the largest budget whose table (and states) fit
            long mid = (lo + hi + 1) >>> 1;
            if (StateCache.bytesFor(mid) + mid * STATE_BYTES <= perSearch) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** States a part may memoize in the first round; each later round allows {@link #ROUND_GROWTH} times more. */
    static final long FIRST_ROUND_STATES = 1 << 14;
    static final int ROUND_GROWTH = 4;
    /**
     * Round 0's budget per operation of a part: a search without the model's precedence, enough
     * for a part with few operations in flight (about one state per operation), so that such
     * parts skip the inference, which costs more than their search.
     */
    static final long QUICK_STATES_PER_OPERATION = 2;

    /**
     * Searches the parts in rounds of growing state budgets: round 0 without the model's
     * precedence and with {@link #QUICK_STATES_PER_OPERATION} states per operation (most parts
     * end there, without paying for the inference), then with it. Each part starts from scratch in each round
     * until it is decided, and stops at the end of the first round in which a part is invalid: an
     * invalid part that is quick to refute ends the check without waiting for a large valid one.
     * Restarts cost at most a third more than one search with the final budget. Within a round,
     * parts after the first invalid one are cancelled and keep their previous round's outcome, so
     * the result (verdict, explanation, states) depends only on the history and the budgets, not
     * on threads. Returns the first invalid part, or -1.
     */
    private static int searchInRounds(List<Partition> parts, Model<?> model, long maxStates, long deadline,
                                      Search.Outcome[] outcomes, Model.Refutation[] refutations, int threads) {
        boolean[] decided = new boolean[parts.size()];
        long budget = Math.min(maxStates, FIRST_ROUND_STATES);
        boolean plain = true; // round 0: each part alone and briefly, without the model's precedence
        while (true) {
            boolean last = !plain && budget >= maxStates;
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (!decided[i]) {
                    todo.add(i);
                }
            }
            if (todo.isEmpty()) {
                return -1;
            }
            if (todo.size() == 1 && !plain) {
                budget = maxStates; // nothing left to stop early for: no restarts
                last = true;
            }
            Search.Outcome[] round = new Search.Outcome[parts.size()];
            AtomicInteger firstInvalid = new AtomicInteger(Integer.MAX_VALUE);
            // The first round runs on this thread: most parts end in it, and a pool would cost more than they do.
            if (threads > 1 && todo.size() > 1 && budget > FIRST_ROUND_STATES) {
                runParallel(parts, todo, model, budget, deadline, round, firstInvalid, threads);
            } else {
                for (int i : todo) {
                    long partBudget = plain ? Math.min(budget, QUICK_STATES_PER_OPERATION * parts.get(i).operations().size() + 256) : budget;
                    round[i] = runPart(parts.get(i), model, partBudget, deadline, i, firstInvalid, !plain);
                    if (firstInvalid.get() == i) {
                        break;
                    }
                }
            }
            int invalid = firstInvalid.get();
            for (int i : todo) {
                if (i > invalid || round[i] == null || round[i].kind() == Search.Kind.CANCELLED) {
                    assert outcomes[i] != null || i > invalid : "a part before the invalid one was not searched";
                    continue; // after the first invalid part: its previous round stands
                }
                outcomes[i] = round[i];
                decided[i] = last || !outOfStates(round[i]);
            }
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) { // never searched: stopped before its first round
                    outcomes[i] = new Search.Outcome(Search.Kind.UNKNOWN, "not searched", 0, new int[0], null, -1);
                }
            }
            if (invalid != Integer.MAX_VALUE) {
                return invalid;
            }
            if (last) {
                return -1;
            }
            if (plain) {
                int refuted = refuteUndecided(parts, model, decided, outcomes, refutations);
                if (refuted >= 0) {
                    return refuted;
                }
                plain = false; // round 1 has the first round's budget, with the precedence
                continue;
            }
            budget = Math.min(maxStates, budget * ROUND_GROWTH);
        }
    }

    /**
     * After the quick round: the model's refutation of each part still undecided, in order;
     * the first one refuted is invalid (its outcome says so, with the states the quick round
     * explored), and its index is returned, or -1.
     */
    private static int refuteUndecided(List<Partition> parts, Model<?> model, boolean[] decided, Search.Outcome[] outcomes,
                                       Model.Refutation[] refutations) {
        for (int i = 0; i < parts.size(); i++) {
            if (decided[i]) {
                continue;
            }
            Model.Refutation f = model.refute(parts.get(i).operations());
            if (f != null) {
                int blocked = parts.get(i).operations().indexOf(f.operation());
                assert blocked >= 0 : "a refutation names an operation of its part";
                refutations[i] = f;
                outcomes[i] = new Search.Outcome(Search.Kind.INVALID, null, outcomes[i].statesExplored(), new int[0], null, blocked);
                return i;
            }
        }
        return -1;
    }

    private static boolean outOfStates(Search.Outcome o) {
        return o.kind() == Search.Kind.UNKNOWN && o.reason() != null && o.reason().startsWith(Search.OUT_OF_STATES);
    }

    private static Search.Outcome runPart(Partition part, Model<?> model, long maxStates, long deadline, int index,
                                          AtomicInteger firstInvalid, boolean precedence) {
        Operation[] ops = part.operations().toArray(new Operation[0]);
        Search.Outcome o;
        Search search = new Search(model, ops, precedence);
        try {
            o = search.run(maxStates, deadline, () -> firstInvalid.get() < index);
        } catch (OutOfMemoryError e) {
            long states = search.statesSoFar();
            search.dropCache();
            o = new Search.Outcome(Search.Kind.UNKNOWN, "out of memory after " + states + " states memoized (the model's states"
                    + " are larger than the budget allows for; give the JVM more heap, -Xmx, or a lower state budget)",
                    states, new int[0], null, -1);
        }
        if (o.kind() == Search.Kind.INVALID) {
            firstInvalid.accumulateAndGet(index, Math::min);
        }
        return o;
    }

    private static void runParallel(List<Partition> parts, List<Integer> todo, Model<?> model, long maxStates, long deadline,
                                    Search.Outcome[] outcomes, AtomicInteger firstInvalid, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dst-linearizability");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicInteger nextPart = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int k = nextPart.getAndIncrement(); k < todo.size(); k = nextPart.getAndIncrement()) {
                        int i = todo.get(k);
                        if (firstInvalid.get() < i) {
                            continue; // after an invalid part: not needed this round
                        }
                        outcomes[i] = runPart(parts.get(i), model, maxStates, deadline, i, firstInvalid, true);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking", e);
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static Explanation explain(Partition part, Model<?> m, Search.Outcome o) {
        Model<Object> model = (Model<Object>) m;
        List<Operation> ops = part.operations();
        List<Operation> prefix = new ArrayList<>();
        List<String> after = new ArrayList<>();
        boolean[] placed = new boolean[ops.size()];
        Object state = model.initialState();
        for (int i : o.bestPrefix()) {
            prefix.add(ops.get(i));
            placed[i] = true;
            state = model.step(state, ops.get(i));
            after.add(model.describe(state));
        }
        String stateText = model.describe(state);
        List<Explanation.Unplaceable> unplaceable = new ArrayList<>();
        int limit = Integer.MAX_VALUE;
        if (o.blocked() >= 0) {
            Operation b = ops.get(o.blocked());
            limit = b.returnIndex();
            unplaceable.add(new Explanation.Unplaceable(b, reason(model, state, stateText, b)
                    + "; it completed before anything else could be placed"));
        }
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            if (!placed[i] && i != o.blocked() && op.invokeIndex() < limit && unplaceable.size() < 20) {
                if (model.step(state, op) == null) {
                    unplaceable.add(new Explanation.Unplaceable(op, reason(model, state, stateText, op)));
                }
            }
        }
        return new Explanation(part.name(), ops, prefix, after, stateText, unplaceable);
    }

    private static Explanation explainRefutation(Partition part, Model.Refutation f) {
        return new Explanation(part.name(), part.operations(), List.of(), List.of(), "",
                List.of(new Explanation.Unplaceable(f.operation(), f.reason())), f);
    }

    private static String reason(Model<Object> model, Object state, String stateText, Operation op) {
        Object next = model.step(state, op);
        if (next == null) {
            return "cannot take effect in state " + stateText;
        }
        return "fits state " + stateText + " (giving " + model.describe(next) + "), but no order of the rest works after it";
    }
}
