package dev.dst.sim;

/** A request the test submitted with {@link Simulation#submit}; done once the node replied. */
public final class Call {
    private final long id;
    private final int node;
    private final Object op;
    private final long submittedNanos;
    private boolean done;
    private Object value;
    private long completedNanos = -1;

    Call(long id, int node, Object op, long submittedNanos) {
        this.id = id;
        this.node = node;
        this.op = op;
        this.submittedNanos = submittedNanos;
    }

    void complete(Object v, long atNanos) {
        if (!done) {
            done = true;
            value = v;
            completedNanos = atNanos;
        }
    }

    public long id() {
        return id;
    }

    public int node() {
        return node;
    }

    public Object op() {
        return op;
    }

    public boolean isDone() {
        return done;
    }

    /** The reply's value; only once {@link #isDone()}. */
    public Object value() {
        if (!done) {
            throw new IllegalStateException("request " + id + " (" + op + ") has no reply yet");
        }
        return value;
    }

    public long submittedNanos() {
        return submittedNanos;
    }

    /** Simulated time of the reply, or -1. */
    public long completedNanos() {
        return completedNanos;
    }

    @Override
    public String toString() {
        return "Call[" + id + " " + op + (done ? " -> " + value : " pending") + "]";
    }
}
