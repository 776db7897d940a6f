package dev.dst.junit;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test method once on a reproduction file (written by a shrinking
 * {@link SimulationTest} or by {@code dst shrink}): a simulation with the file's seed, its
 * choice tape replayed and its attachments (the nemesis plan) is passed to the method, and the
 * end checks run after it, as for {@link SimulationTest}.
 *
 * <p>The path is tried as a file (relative to the working directory, the module's directory
 * under Maven), then as a class-path resource ({@code src/test/resources/repro/x.repro} is
 * {@code "repro/x.repro"}).
 *
 * <p>The run replays the file's tape; past its end (code that draws more now that a bug is
 * fixed) draws are fresh from the seed, so the run goes on as a normal run. System properties the
 * file recorded (a {@link SimulationTest#replayProperties()} that was set) are set again while it
 * runs.
 *
 * <p>By default the test passes when the run passes: the bug the file found is fixed and stays
 * fixed. With {@link #expectFailure()} it passes only when the run fails the way the file
 * says (the same kind of violation of the same invariant, check or property): a planted bug
 * the checks must keep catching.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(ReplayExtension.class)
public @interface Replay {
    /** The reproduction file: a path, or a class-path resource. */
    String value();

    /** Pass only when the run fails the way the file records (default: pass only when it passes). */
    boolean expectFailure() default false;

    /** Check invariants after every n-th step (1: every step). */
    int invariantEvery() default 1;

    /** The step budget of the run. */
    long maxSteps() default 100_000_000L;

    /** Real time the run may take before it is reported as hung. */
    long timeoutSeconds() default 120;
}
