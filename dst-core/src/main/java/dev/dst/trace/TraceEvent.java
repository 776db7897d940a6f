package dev.dst.trace;

/**
 * One structured trace record. {@code node} is who acted or received, {@code peer} the other
 * side (sender, destination), or {@code null}; {@code detail} is the message, timer tag or
 * fault description.
 */
public record TraceEvent(long step, long timeNanos, TraceKind kind, String node, String peer, String detail) {

    /** One JSON object, no trailing newline. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(96);
        sb.append("{\"step\":").append(step)
                .append(",\"timeNanos\":").append(timeNanos)
                .append(",\"kind\":\"").append(kind.label()).append('"');
        if (node != null) {
            sb.append(",\"node\":");
            Json.string(sb, node);
        }
        if (peer != null) {
            sb.append(",\"peer\":");
            Json.string(sb, peer);
        }
        if (detail != null) {
            sb.append(",\"detail\":");
            Json.string(sb, detail);
        }
        return sb.append('}').toString();
    }

    /** {@code 1.234567s  n1 <- n0  deliver  Ping[id=3]}: the line reports show. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%12s  #%-7d %-12s %-5s", Durations.format(timeNanos), step, kind.label(), node == null ? "" : node));
        if (peer != null) {
            sb.append(kind == TraceKind.SEND || kind == TraceKind.REPLY || kind == TraceKind.DROP ? " -> " : " <- ").append(peer);
        }
        if (detail != null) {
            sb.append("  ").append(detail);
        }
        return sb.toString();
    }
}
