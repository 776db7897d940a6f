package dev.dst.examples.cli;

import dev.dst.examples.bench.CheckerBench;
import dev.dst.examples.bench.KernelBench;
import dev.dst.examples.bench.NetBench;
import dev.dst.examples.bench.RaftBench;
import dev.dst.examples.bench.SweepBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the figures of docs/performance.md on this machine.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "One JSON object per line: {\"metric\": name, \"value\": number}.")
    boolean json;

    @Option(names = "--quick", description = "Short rounds (for smoke tests); the figures are noisier.")
    boolean quick;

    @Override
    public Integer call() {
        long events = quick ? 200_000 : 5_000_000;
        int rounds = quick ? 1 : 5;
        KernelBench.Result k = KernelBench.measure(events, rounds);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("kernel.eventsPerSecond", k.kernelEventsPerSecond());
        metrics.put("baseline.priorityQueue.eventsPerSecond", k.baselineEventsPerSecond());
        metrics.put("kernel.vsPriorityQueue", k.ratio());
        metrics.put("net.messagesPerSecond", NetBench.measure(quick ? 100_000 : 2_000_000, rounds));
        RaftBench.Result raft = RaftBench.measure(quick ? 0 : RaftBench.WARMUP_SEEDS, quick ? 1 : 20);
        metrics.put("raft.seedsPerSecond", raft.seedsPerSecond());
        metrics.put("raft.simToWallRatio", raft.simToWallRatio());
        RaftBench.Result microraft = RaftBench.measureMicroRaft(quick ? 0 : RaftBench.WARMUP_SEEDS, quick ? 1 : 20);
        metrics.put("microraft.seedsPerSecond", microraft.seedsPerSecond());
        metrics.put("microraft.simToWallRatio", microraft.simToWallRatio());
        for (int clients : new int[] {1, 10, 50}) {
            for (boolean stale : new boolean[] {false, true}) {
                CheckerBench.Result r = CheckerBench.measureAppend(quick ? 300 : 2000, clients, stale, quick ? 1 : 3,
                        java.time.Duration.ofSeconds(60));
                String name = "checker.kvAppend.c" + clients + (stale ? ".staleRead" : ".valid");
                metrics.put(name + ".millis", r.millisMedian());
                if (clients == 50) {
                    metrics.put(name + ".peakHeapMb", r.peakHeapMb());
                }
            }
        }
        for (int transactions : new int[] {10_000, 100_000}) {
            for (boolean stale : new boolean[] {false, true}) {
                CheckerBench.Result r = CheckerBench.measureElle(quick ? transactions / 10 : transactions, stale, quick ? 1 : 3);
                String name = "checker.elleListAppend.t" + transactions + (stale ? ".staleRead" : ".valid");
                metrics.put(name + ".millis", r.millisMedian());
                metrics.put(name + ".peakHeapMb", r.peakHeapMb());
            }
        }
        SweepBench.Result sweep = SweepBench.measure(quick ? 40 : 1500, quick ? 1 : 9);
        metrics.put("sweep.oneThread.seedsPerSecond", sweep.oneThreadSeedsPerSecond());
        metrics.put("sweep.twoThreads.seedsPerSecond", sweep.twoThreadsSeedsPerSecond());
        metrics.put("sweep.twoThreadsVsOne", sweep.ratio());
        if (json) {
            metrics.forEach((name, value) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("metric", name);
                m.put("value", value);
                System.out.println(Json.line(m));
            });
        } else {
            System.out.printf("kernel: %,d events per round, %d rounds, median round%n", k.eventsPerRound(), k.rounds());
            System.out.printf("raft: raft-kv, %d seeds of %d s simulated, %d failed%n", raft.seeds(), raft.simNanos() / raft.seeds() / 1_000_000_000L,
                    raft.failures());
            System.out.printf("microraft: MicroRaft 0.7 through the hosted-node adapters, %d seeds of %d s simulated, %d failed%n",
                    microraft.seeds(), microraft.simNanos() / microraft.seeds() / 1_000_000_000L, microraft.failures());
            System.out.printf("checker: the kv model on generated histories of %d operations on 10 keys (get, put and append of"
                    + " unique tokens; 1, 10 and 50 clients always in flight), valid and with one stale read, median of %d checks%n",
                    quick ? 300 : 2000, quick ? 1 : 3);
            System.out.printf("checker: Elle's list-append on generated histories of %s transactions (50 clients, 1-4 micro-ops,"
                    + " 8 keys at a time), valid and with 1%% stale reads, median of %d checks; peak heap includes the history%n",
                    quick ? "1,000 and 10,000" : "10,000 and 100,000", quick ? 1 : 3);
            System.out.printf("sweep: ping-pong, %d seeds with 1 thread and with 2, %d pairs of rounds in alternating order, medians; %d processors%n",
                    sweep.seeds(), sweep.rounds(), Runtime.getRuntime().availableProcessors());
            metrics.forEach((name, value) -> System.out.printf("  %-50s %,.2f%n", name, value));
        }
        return Main.PASS;
    }
}
