package dev.dst.examples.bench;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.elle.ElleResult;
import dev.dst.elle.ListAppend;
import dev.dst.history.History;
import dev.dst.history.OpType;
import dev.dst.linearizability.Linearizability;
import dev.dst.linearizability.LinearizabilityResult;
import dev.dst.linearizability.Model;
import dev.dst.linearizability.Models;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The linearizability checker on generated histories (docs/checkers.md, "Performance").
 *
 * <p>Histories: {@code processes} clients, each looping think (exponential, mean 1 ms) then one
 * operation whose latency is exponential (mean 1 ms); the operation takes effect on a correct
 * sequential object at a uniformly random instant inside its interval, so every history is
 * linearizable. 1% of operations time out (info), half of them after taking effect; a client
 * that times out is replaced by a new process id, as in Jepsen. Workloads: {@code register}, one
 * cas register (values 0..4; reads, writes, cas in equal parts); {@code kv}, the same on
 * independent keys, one key per 5 clients (as Jepsen's independent checker would).
 * Run: {@code java -cp dst-examples/target/dst.jar dev.dst.examples.bench.CheckerBench}.
 */
public final class CheckerBench {
    private CheckerBench() {}

    /** One measurement: the median of {@code rounds} checks after one warm-up. */
    public record Result(String workload, int operations, int processes, String verdict, long states, double millisMedian,
                         double peakHeapMb) {}

    public static History generate(String workload, int operations, int processes, long seed) {
        Entropy e = EntropySource.seeded(seed).stream("checker-bench");
        boolean kv = workload.equals("kv");
        int keys = kv ? Math.max(1, processes / 5) : 1;
        long[] values = new long[keys];
        History h = new History();
        // events: {time, client, phase}; phase 0 invoke, 1 take effect, 2 complete
        PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] pid = new int[processes];
        String[] f = new String[processes];
        Object[] arg = new Object[processes];
        Object[] result = new Object[processes];
        int[] key = new int[processes];
        boolean[] timesOut = new boolean[processes];
        int nextPid = processes;
        for (int c = 0; c < processes; c++) {
            pid[c] = c;
            events.add(new long[] {e.exponential(1_000_000), c, 0});
        }
        int invoked = 0;
        while (!events.isEmpty()) {
            long[] ev = events.poll();
            long t = ev[0];
            int c = (int) ev[1];
            if (ev[2] == 0) {
                if (invoked >= operations) {
                    continue;
                }
                invoked++;
                key[c] = e.below(keys);
                int kind = e.below(3);
                f[c] = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
                Object v = kind == 0 ? null : kind == 1 ? (Object) (long) e.below(5) : List.of((long) e.below(5), (long) e.below(5));
                arg[c] = kv ? Arrays.asList((long) key[c], v) : v;
                h.invoke(pid[c], f[c], arg[c], t);
                timesOut[c] = e.chance(0.01);
                long latency = 1 + e.exponential(1_000_000);
                boolean applies = !timesOut[c] || e.chance(0.5);
                if (applies) {
                    events.add(new long[] {t + e.below(latency), c, 1});
                }
                events.add(new long[] {t + latency, c, 2});
            } else if (ev[2] == 1) {
                long[] vs = values;
                int k = key[c];
                Object out;
                switch (f[c]) {
                    case "read": out = vs[k]; break;
                    case "write": {
                        Object v = kv ? ((List<?>) arg[c]).get(1) : arg[c];
                        vs[k] = (Long) v;
                        out = arg[c];
                        break;
                    }
                    default: {
                        List<?> cas = (List<?>) (kv ? ((List<?>) arg[c]).get(1) : arg[c]);
                        if (vs[k] == (Long) cas.get(0)) {
                            vs[k] = (Long) cas.get(1);
                            out = arg[c];
                        } else {
                            out = null; // compare failed: completes as fail
                        }
                    }
                }
                result[c] = f[c].equals("read") && kv ? Arrays.asList((long) k, out) : out;
                if (!f[c].equals("read") && out == null) {
                    result[c] = FAILED;
                }
            } else {
                if (timesOut[c]) {
                    h.complete(pid[c], OpType.INFO, null, t);
                    pid[c] = nextPid++;
                } else if (result[c] == FAILED) {
                    h.complete(pid[c], OpType.FAIL, arg[c], t);
                } else {
                    h.complete(pid[c], OpType.OK, result[c], t);
                }
                result[c] = null;
                events.add(new long[] {t + e.exponential(1_000_000), c, 0});
            }
        }
        return h;
    }

    private static final Object FAILED = new Object();

    public static Result measure(String workload, int operations, int processes, int rounds, long maxStates) {
        History h = generate(workload, operations, processes, 1);
        Model<?> model = workload.equals("kv") ? Models.keyValue(0L) : Models.casRegister(0L);
        Linearizability.Options options = Linearizability.Options.defaults().withMaxStates(maxStates);
        Linearizability.check(h, model, options); // warm-up
        double[] millis = new double[rounds];
        double peak = 0;
        LinearizabilityResult r = null;
        for (int i = 0; i < rounds; i++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            r = Linearizability.check(h, model, options);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            peak = Math.max(peak, peakHeapMb());
        }
        Arrays.sort(millis);
        return new Result(workload, r.operations(), r.processes(), r.verdict().linearizable(), r.statesExplored(),
                millis[rounds / 2], peak);
    }

    /**
     * The kv model on {@link AppendHistories} of {@code operations} operations on 10 keys with
     * {@code clients} clients always in flight, valid or with one stale read: the median of
     * {@code rounds} checks after one warm-up, each with a time budget of {@code timeout}.
     *
     * @throws IllegalStateException when a verdict is not the one the history was built to have
     */
    public static Result measureAppend(int operations, int clients, boolean stale, int rounds, java.time.Duration timeout) {
        History valid = AppendHistories.generate(operations, clients, 10, 0, 1);
        History h = stale ? AppendHistories.corrupt(valid) : valid;
        Model<?> model = Models.keyValue("");
        Linearizability.Options options = Linearizability.Options.defaults().withTimeout(timeout);
        Linearizability.check(h, model, options); // warm-up
        double[] millis = new double[rounds];
        LinearizabilityResult r = null;
        double peak = 0;
        for (int i = 0; i < rounds; i++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            r = Linearizability.check(h, model, options);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            peak = peakHeapMb();
            String expected = stale ? "false" : "true";
            if (!r.verdict().linearizable().equals(expected)) {
                throw new IllegalStateException("the checker said " + r.summary() + " of a " + (stale ? "stale-read" : "valid")
                        + " history of " + clients + " clients");
            }
        }
        Arrays.sort(millis);
        return new Result("kv-append", r.operations(), r.processes(), r.verdict().linearizable(), r.statesExplored(),
                millis[rounds / 2], peak);
    }

    /**
     * Elle's list-append checker on a generated history of {@code transactions} from 50 clients
     * ({@link ElleHistories}), valid or with 1% stale reads: the median of {@code rounds} checks
     * after one warm-up, and the peak heap during the last (the history itself included).
     *
     * @throws IllegalStateException when the verdict is not the one the history was built to have
     */
    public static Result measureElle(int transactions, boolean stale, int rounds) {
        ElleHistories.Config config = ElleHistories.Config.valid(transactions);
        History h = ElleHistories.generate(0x5eedL, stale ? config.withStaleReads(0.01) : config);
        ListAppend.check(h); // warm-up
        double[] millis = new double[rounds];
        ElleResult r = null;
        double peak = 0;
        for (int i = 0; i < rounds; i++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            r = ListAppend.check(h);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            peak = peakHeapMb();
            if (r.valid() == stale || r.truncatedSearches() > 0) {
                throw new IllegalStateException("Elle said " + r.summary() + " of a " + (stale ? "stale-read" : "valid")
                        + " history of " + transactions + " transactions");
            }
        }
        Arrays.sort(millis);
        return new Result("list-append", r.transactions(), 50, r.valid() ? "no anomaly" : "anomalies", 0, millis[rounds / 2],
                peak);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    public static void main(String[] args) {
        List<String> workloads = args.length > 0 ? List.of(args[0].split(",")) : List.of("register", "kv");
        long maxStates = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
        System.out.printf("%-9s %8s %6s %10s %12s %10s %10s%n", "workload", "ops", "procs", "verdict", "states", "ms", "peak MB");
        List<Result> all = new ArrayList<>();
        for (String w : workloads) {
            for (int procs : new int[] {5, 10, 50}) {
                for (int ops : new int[] {1_000, 10_000, 100_000}) {
                    Result r = measure(w, ops, procs, 3, maxStates);
                    all.add(r);
                    System.out.printf("%-9s %8d %6d %10s %12d %10.1f %10.0f%n", w, r.operations(), procs, r.verdict(), r.states(),
                            r.millisMedian(), r.peakHeapMb());
                }
            }
        }
    }
}
