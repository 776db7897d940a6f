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
 * {@link dev.dst.sim.Simulation} seeded for that run (and the {@code long} seed, if it takes
 * one); after it returns, the simulation's end checks run. The seeds run through dst's sweep
 * engine, the one behind {@code dst sweep}.
 *
 * <p>What JUnit shows: one test for the sweep (named like {@code 500 seeds}), whose output is
 * the sweep's summary (seeds/s, faults applied, probes hit), then one test per failing seed
 * ({@code seed 0x1f3a [17/500]}), at most {@code -Ddst.failuresShown} of them (default 10),
 * each running its seed again on its own with the failure's message, the first one shrunk to a
 * reproduction. A 100,000-seed nightly is one test and its failures, not 100,000 tests.
 *
 * <ul>
 *   <li>{@code -Ddst.seed=0x1f3a} runs exactly that seed (replay); {@code -Ddst.repro=F} runs a
 *       reproduction file;</li>
 *   <li>{@code -Ddst.seeds=100000} runs that many seeds instead of {@link #seeds()};
 *       {@code -Ddst.seedBase=N} shifts the derived seeds (fresh ones for a nightly);</li>
 *   <li>{@code -Ddst.threads=T} runs seeds on T threads (the method must then not keep per-run
 *       state in fields: every thread calls it on JUnit's one instance);</li>
 *   <li>{@code -Ddst.shard=K/N} runs the K-th of N parts of the seed list, an exact partition;</li>
 *   <li>{@code -Ddst.out=F.jsonl} writes one line per seed as it finishes; a rerun with the same
 *       file skips the seeds it has (a killed sweep resumes);</li>
 *   <li>{@code -Ddst.timeout=S} gives each seed S seconds of real time ({@link #timeoutSeconds()}),
 *       after which it is reported as hung and the sweep goes on;</li>
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

    /** Real time each seed may take before it is reported as hung (overridden by {@code -Ddst.timeout}). */
    long timeoutSeconds() default 120;

    /**
     * Whether a sweep of more than one seed fails when a "sometimes" probe was never hit (the
     * sweep never explored it); overridden by {@code -Ddst.requireProbes}.
     */
    boolean requireProbes() default true;

    /**
     * System properties the test reads (a switched-on bug, a configuration): those set when the
     * test runs are added to the printed replay line as {@code -Dname=value}, recorded in result
     * files and reproductions, and set again while {@code @Replay} runs a reproduction, so that
     * the line and the file rerun the same thing.
     */
    String[] replayProperties() default {};
}
