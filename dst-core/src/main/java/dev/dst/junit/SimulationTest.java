package dev.dst.junit;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A simulation property test: the method runs once per seed, each time with a fresh
 * {@link dev.dst.sim.Simulation} parameter seeded for that invocation (the seed is in the
 * display name). After the method returns, the simulation's end checks run.
 *
 * <ul>
 *   <li>{@code -Ddst.seed=0x1f3a} runs exactly that seed (replay);</li>
 *   <li>{@code -Ddst.seeds=100000} runs that many seeds instead of {@link #seeds()} (a sweep);</li>
 *   <li>{@code -Ddst.seedBase=N} shifts the derived seeds (a nightly sweep with fresh seeds);</li>
 *   <li>seeds that failed are stored under {@code target/dst/failing-seeds/} and run first next
 *       time, until they pass.</li>
 * </ul>
 * A failure message starts with the seed and the command that replays it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(SimulationExtension.class)
public @interface SimulationTest {
    /** How many seeds to run (overridden by {@code -Ddst.seeds}). */
    int seeds() default 100;

    /** Check invariants after every n-th step (1: every step). */
    int invariantEvery() default 1;

    /** The step budget of each run ("no progress" beyond it). */
    long maxSteps() default 100_000_000L;

    /**
     * System properties the test reads (a switched-on bug, a configuration): those set when the
     * test runs are added to the printed replay line as {@code -Dname=value}, so that the line
     * reruns the same thing.
     */
    String[] replayProperties() default {};
}
