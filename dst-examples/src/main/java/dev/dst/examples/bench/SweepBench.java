package dev.dst.examples.bench;

import dev.dst.entropy.Seeds;
import dev.dst.examples.pingpong.PingPong;
import dev.dst.scenario.ScenarioOptions;
import dev.dst.sweep.SeedList;
import dev.dst.sweep.Sweep;
import dev.dst.sweep.Target;

import java.util.Arrays;

/**
 * The sweep engine's parallelism, side by side in one run: the same seeds of ping-pong swept
 * with one thread and with two, in pairs of rounds whose order alternates (one thread first,
 * then two threads first), so that a machine that slows down or speeds up during the run
 * favours neither. The ratio is the median of the pairs' ratios. On a machine with two free
 * cores it shows what the engine loses to coordination and the JVM to its own threads (1.0
 * would be nothing gained, 2.0 all); on a loaded machine it shows the load too.
 */
public final class SweepBench {
    private SweepBench() {}

    /** Seeds per second with 1 and 2 threads (medians of {@code rounds} pairs of rounds) and the median of the pairs' ratios. */
    public record Result(double oneThreadSeedsPerSecond, double twoThreadsSeedsPerSecond, double ratio, int seeds, int rounds) {}

    public static Result measure(int seeds, int rounds) {
        Target t = Target.scenario(new PingPong(), ScenarioOptions.defaults(), s -> "dst run ping-pong --seed " + Seeds.format(s));
        SeedList list = SeedList.parse("1.." + seeds);
        Sweep.of(t, SeedList.parse("100001..100200")).threads(2).run(); // warm-up
        double[] one = new double[rounds];
        double[] two = new double[rounds];
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                one[r] = rate(t, list, 1);
                two[r] = rate(t, list, 2);
            } else {
                two[r] = rate(t, list, 2);
                one[r] = rate(t, list, 1);
            }
            ratios[r] = two[r] / one[r];
        }
        return new Result(median(one), median(two), median(ratios), seeds, rounds);
    }

    private static double rate(Target t, SeedList list, int threads) {
        long start = System.nanoTime();
        Sweep.Result r = Sweep.of(t, list).threads(threads).run();
        if (r.summary().failureCount() > 0) {
            throw new IllegalStateException("ping-pong failed in the bench: " + r.summary().failures().get(0).headline());
        }
        return list.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
