package dev.dst.examples.quorum;

/**
 * An ABD timestamp: a counter, with the id of the node that issued it breaking ties, so two
 * coordinators that pick the same counter still issue different timestamps. Ordered by
 * counter, then node. {@link #ZERO} is below every timestamp a coordinator issues (counters
 * start at 1).
 */
record Ts(long counter, int node) implements Comparable<Ts> {
    static final Ts ZERO = new Ts(0, -1);

    @Override
    public int compareTo(Ts o) {
        int c = Long.compare(counter, o.counter);
        return c != 0 ? c : Integer.compare(node, o.node);
    }

    boolean after(Ts o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return "(" + counter + "," + node + ")";
    }
}
