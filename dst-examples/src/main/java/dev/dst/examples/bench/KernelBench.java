package dev.dst.examples.bench;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.Simulation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Scheduler throughput, measured side by side with a bare {@link PriorityQueue}.
 *
 * <p>Kernel: {@value #NODES} nodes whose handlers only re-arm their timer, {@value #PENDING}
 * pending events, random delays drawn from entropy, trace hash on, one (trivial) invariant
 * checked after every step. Baseline: the same pop-and-push loop on a {@code PriorityQueue}
 * of event objects ordered by (time, sequence), delays drawn from the same kind of stream.
 * Rounds alternate between the two; each figure is the median round.
 */
public final class KernelBench {
    static final int NODES = 10;
    static final int PENDING = 1000;
    static final long DELAY_NANOS_MAX = 1_000_000;

    public record Result(double kernelEventsPerSecond, double baselineEventsPerSecond, long eventsPerRound, int rounds) {
        public double ratio() {
            return kernelEventsPerSecond / baselineEventsPerSecond;
        }
    }

    private KernelBench() {}

    public static Result measure(long eventsPerRound, int rounds) {
        for (int i = 0; i < 3; i++) { // warm-up: let the JIT compile both loops
            kernelRound(eventsPerRound / 2, i);
            baselineRound(eventsPerRound / 2, i);
        }
        double[] kernel = new double[rounds];
        double[] baseline = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            kernel[i] = kernelRound(eventsPerRound, 100 + i);
            baseline[i] = baselineRound(eventsPerRound, 100 + i);
        }
        return new Result(median(kernel), median(baseline), eventsPerRound, rounds);
    }

    private static final class RearmingNode implements Node {
        @Override
        public void onStart(NodeContext ctx) {
            Entropy r = ctx.random();
            for (int i = 0; i < PENDING / NODES; i++) {
                ctx.setTimer(1 + r.below(DELAY_NANOS_MAX), null);
            }
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            ctx.setTimer(1 + ctx.random().below(DELAY_NANOS_MAX), null);
        }
    }

    /** Events per second of the kernel for one round. */
    static double kernelRound(long events, long seed) {
        Simulation sim = Simulation.builder(seed).maxSteps(Long.MAX_VALUE).maxSimTime(java.time.Duration.ofDays(365)).build();
        for (int i = 0; i < NODES; i++) {
            sim.addNode("n" + i, ctx -> new RearmingNode());
        }
        sim.invariant("always true", () -> true);
        for (int i = 0; i < NODES; i++) {
            sim.step(); // the starts, which set the pending timers
        }
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            sim.step();
        }
        long elapsed = System.nanoTime() - start;
        if (sim.steps() != events + NODES) {
            throw new IllegalStateException("kernel bench took " + sim.steps() + " steps, expected " + (events + NODES));
        }
        return events * 1e9 / elapsed;
    }

    private record Event(long time, long seq, int node) {}

    private static final Comparator<Event> ORDER = Comparator.comparingLong(Event::time).thenComparingLong(Event::seq);

    /** Events per second of a bare PriorityQueue doing the same pops and pushes. */
    static double baselineRound(long events, long seed) {
        Entropy r = EntropySource.seeded(seed).stream("baseline");
        PriorityQueue<Event> queue = new PriorityQueue<>(PENDING * 2, ORDER);
        long seq = 0;
        for (int i = 0; i < PENDING; i++) {
            queue.add(new Event(1 + r.below(DELAY_NANOS_MAX), seq++, i % NODES));
        }
        long sink = 0;
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            Event e = queue.poll();
            sink += e.node;
            queue.add(new Event(e.time + 1 + r.below(DELAY_NANOS_MAX), seq++, e.node));
        }
        long elapsed = System.nanoTime() - start;
        if (sink < 0 || queue.size() != PENDING) {
            throw new IllegalStateException("baseline bench lost events");
        }
        return events * 1e9 / elapsed;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
