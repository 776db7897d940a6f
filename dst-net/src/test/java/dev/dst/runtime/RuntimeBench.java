package dev.dst.runtime;

import dev.dst.node.ClientOp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Figures for docs/runtime.md, on loopback (not a test: nothing is asserted). Run after
 * {@code mvn -B -o -q -pl dst-net -am test-compile} with the test class path:
 * {@code java -cp ... dev.dst.runtime.RuntimeBench}.
 *
 * <ul>
 *   <li>client round trips: {@code get} requests, one and eight threads on one {@link Client}, 5 s each;</li>
 *   <li>node to node: n0 sends 64-byte messages to n1 in bursts of 2,000 (one client request each);
 *       n1's deliveries per second, and what n0 dropped (its queue to n1 full).</li>
 * </ul>
 */
public final class RuntimeBench {
    private RuntimeBench() {}

    public static void main(String[] args) throws Exception {
        org.slf4j.LoggerFactory.getLogger(RuntimeBench.class); // the binding's banner before the figures
        try (Loopback c = Loopback.tallies(2)) {
            for (int threads : new int[] {1, 8}) {
                roundTrips(c, threads, Duration.ofSeconds(1)); // warm-up
                double perSecond = roundTrips(c, threads, Duration.ofSeconds(5));
                System.out.printf("client round trips, %d thread%s: %.0f/s%n", threads, threads == 1 ? "" : "s", perSecond);
            }
            for (int round = 0; round < 2; round++) {
                flood(c, round == 0 ? 200_000 : 1_000_000);
            }
        }
    }

    private static double roundTrips(Loopback c, int threads, Duration d) throws Exception {
        Client client = c.client(0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + d.toNanos();
        List<Future<Long>> counts = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    client.call(new ClientOp("get", null), Loopback.CALL);
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get();
        }
        pool.shutdown();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static void flood(Loopback c, int messages) throws Exception {
        RuntimeStats before0 = c.runtimes[0].stats();
        long delivered0 = c.runtimes[1].stats().messagesDelivered();
        long start = System.nanoTime();
        int burst = 2_000;
        for (int sent = 0; sent < messages; sent += burst) {
            c.call(0, "flood", List.of(1, burst, 64));
        }
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < 500_000_000L) { // until n1 received everything that was not dropped
            long now = c.runtimes[1].stats().messagesDelivered();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
            LockSupport.parkNanos(1_000_000);
        }
        long delivered = last - delivered0;
        double seconds = (lastChange - start) / 1e9;
        RuntimeStats after0 = c.runtimes[0].stats();
        System.out.printf("node to node, 64-byte messages: %d sent, %d delivered in %.2f s: %.0f/s; dropped at n0 (queue full) %d%n",
                messages, delivered, seconds, delivered / seconds, after0.droppedQueueFull() - before0.droppedQueueFull());
    }
}
