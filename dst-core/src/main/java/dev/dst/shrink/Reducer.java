package dev.dst.shrink;

import java.util.List;

/**
 * Knows how to make one kind of simulation attachment smaller, for the {@link Shrinker}: dst-net's
 * plan reducer drops and shortens the faults of a nemesis plan. Registered for JUnit through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.dst.shrink.Reducer}); the CLI
 * passes its reducers explicitly.
 */
public interface Reducer {
    /** The attachment this reducer edits (see {@link dev.dst.sim.Simulation#attachment(String)}). */
    String key();

    /**
     * Smaller variants of {@code text}, the most aggressive first (everything removed, then
     * halves, quarters ... single items, then shortenings). Each must be strictly smaller than
     * {@code text} by {@link #size} and {@link #weight}. Empty when there is nothing left to try.
     */
    List<String> candidates(String text);

    /** What shrinking minimizes first, as reports show it: for a plan, its fault events. */
    long size(String text);

    /** What it minimizes next, at equal size: for a plan, the total time faults are in force. */
    long weight(String text);

    /** The unit of {@link #size}, for reports: "fault events". */
    String unit();

    /** One line for progress reports: by default the size and its unit. */
    default String describe(String text) {
        return size(text) + " " + unit();
    }
}
