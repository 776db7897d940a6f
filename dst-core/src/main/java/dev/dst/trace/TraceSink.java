package dev.dst.trace;

/** Receives every trace event of a run, in order (for example {@link JsonlTraceSink}). */
@FunctionalInterface
public interface TraceSink {
    void accept(TraceEvent event);

    /** Called once when the run ends. */
    default void close() {}
}
