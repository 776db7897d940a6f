package dev.dst.checker;

/** What every checker in this package returns: a verdict and one line that says why. */
public interface CheckResult {
    /** True when no anomaly was found. */
    boolean valid();

    /** One line: the verdict and the counts behind it. */
    String summary();
}
