package dev.dst.trace;

/** Receives every trace event of a run, in order (for example {@link JsonlTraceSink}). */
@FunctionalInterface
public interface TraceSink {
    void accept(TraceEvent event);

    /** Called once when the run ends. */
    default void close() {}

    /**
     * A sink that hands each event to {@code a} then {@code b}, and closes both (a JSONL file
     * and an HTML window from one run). Either may be {@code null}; two nulls give {@code null}.
     */
    static TraceSink tee(TraceSink a, TraceSink b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new TraceSink() {
            @Override
            public void accept(TraceEvent event) {
                a.accept(event);
                b.accept(event);
            }

            @Override
            public void close() {
                try {
                    a.close();
                } finally {
                    b.close();
                }
            }
        };
    }
}
