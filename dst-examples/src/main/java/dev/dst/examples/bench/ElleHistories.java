package dev.dst.examples.bench;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.history.History;
import dev.dst.history.OpType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates list-append histories from a serial in-memory store: clients invoke transactions,
 * and each one runs atomically at a random instant between its invocation and its completion,
 * so the history is strict serializable. Keys rotate Elle's way: a few are active, each takes a
 * bounded number of appends, then a fresh key replaces it. Some transactions fail (never run)
 * and some end info (run or not). With {@code staleReadChance} above 0 the store is buggy: a
 * read sometimes misses the key's last element. Used by {@code dst bench} and the tests of
 * {@link dev.dst.elle.ListAppend} on large histories.
 */
public final class ElleHistories {
    /**
     * What to generate.
     *
     * @param clients         clients, each with one transaction in flight at a time
     * @param transactions    transactions in all (1 to 4 micro-ops each, reads and appends in equal parts)
     * @param activeKeys      keys in use at once
     * @param appendsPerKey   appends a key takes before a fresh key replaces it
     * @param failChance      chance a transaction fails (and never runs)
     * @param infoChance      chance it ends info (and runs or not, evenly)
     * @param staleReadChance chance a read of a non-empty key misses its last element (0: a correct store)
     */
    public record Config(int clients, int transactions, int activeKeys, int appendsPerKey, double failChance,
                         double infoChance, double staleReadChance) {
        /** 50 clients, 8 active keys of 32 appends each, 2% fail, 2% info, a correct store. */
        public static Config valid(int transactions) {
            return new Config(50, transactions, 8, 32, 0.02, 0.02, 0);
        }

        public Config withStaleReads(double chance) {
            return new Config(clients, transactions, activeKeys, appendsPerKey, failChance, infoChance, chance);
        }
    }

    private enum Outcome { OK, FAIL, INFO }

    /** A client's transaction in flight. */
    private static final class Pending {
        final List<List<Object>> microOps;
        final Outcome outcome;
        List<List<Object>> results;      // set when it ran

        Pending(List<List<Object>> microOps, Outcome outcome) {
            this.microOps = microOps;
            this.outcome = outcome;
        }
    }

    private final Config config;
    private final Entropy entropy;
    private final History history = new History();
    private final Map<Long, List<Long>> store = new HashMap<>();
    private final long[] activeKeys;
    private final int[] appendsToActive;
    private long nextKey;
    private long time;

    private ElleHistories(long seed, Config config) {
        this.config = config;
        this.entropy = EntropySource.seeded(seed).stream("workload");
        this.activeKeys = new long[config.activeKeys()];
        this.appendsToActive = new int[config.activeKeys()];
        for (int i = 0; i < activeKeys.length; i++) {
            activeKeys[i] = nextKey++;
        }
    }

    /** The history of {@code config} from {@code seed}; the same seed gives the same history. */
    public static History generate(long seed, Config config) {
        return new ElleHistories(seed, config).run();
    }

    private History run() {
        Pending[] pending = new Pending[config.clients()];
        int[] process = new int[config.clients()];
        Arrays.setAll(process, i -> i);
        int invoked = 0;
        int open = 0;
        while (invoked < config.transactions() || open > 0) {
            int c = entropy.below(config.clients());
            Pending p = pending[c];
            time++;
            if (p == null) {
                if (invoked < config.transactions()) {
                    pending[c] = invoke(process[c]);
                    invoked++;
                    open++;
                }
            } else if (p.outcome == Outcome.OK && p.results == null) {
                p.results = execute(p.microOps);
            } else {
                complete(process[c], p);
                pending[c] = null;
                open--;
                if (p.outcome == Outcome.INFO) {
                    process[c] += config.clients();    // Jepsen's rule: a crashed process comes back under a new id
                }
            }
        }
        return history;
    }

    private Pending invoke(int process) {
        int n = 1 + entropy.below(4);
        List<List<Object>> microOps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int slot = entropy.below(activeKeys.length);
            long key = activeKeys[slot];
            if (entropy.chance(0.5)) {
                microOps.add(Arrays.asList("r", key, null));
            } else {
                microOps.add(List.of("append", key, (long) appendsToActive[slot]));
                if (++appendsToActive[slot] == config.appendsPerKey()) {
                    activeKeys[slot] = nextKey++;
                    appendsToActive[slot] = 0;
                }
            }
        }
        double draw = entropy.unit();
        Outcome outcome = draw < config.failChance() ? Outcome.FAIL
                : draw < config.failChance() + config.infoChance() ? Outcome.INFO : Outcome.OK;
        history.invoke(process, "txn", microOps, time);
        return new Pending(microOps, outcome);
    }

    private void complete(int process, Pending p) {
        switch (p.outcome) {
            case OK -> history.complete(process, OpType.OK, p.results, time);
            case FAIL -> history.complete(process, OpType.FAIL, p.microOps, time);
            case INFO -> {
                if (entropy.chance(0.5)) {
                    execute(p.microOps);
                }
                history.complete(process, OpType.INFO, p.microOps, time);
            }
        }
    }

    /** Runs the transaction atomically against the store; returns its micro-ops with what the reads saw. */
    private List<List<Object>> execute(List<List<Object>> microOps) {
        List<List<Object>> results = new ArrayList<>(microOps.size());
        for (List<Object> m : microOps) {
            long key = (Long) m.get(1);
            List<Long> list = store.computeIfAbsent(key, k -> new ArrayList<>());
            if (m.get(0).equals("append")) {
                list.add((Long) m.get(2));
                results.add(m);
            } else {
                int seen = list.size();
                if (seen > 0 && config.staleReadChance() > 0 && entropy.chance(config.staleReadChance())) {
                    seen--;
                }
                results.add(List.of("r", key, List.copyOf(list.subList(0, seen))));
            }
        }
        return results;
    }
}
