package dev.dst.history;

/** The history file formats {@link History#parse} reads. */
public enum Format {
    /** Jepsen EDN: a vector or list of op maps, or a sequence of top-level op maps; comments and multi-line maps allowed. */
    EDN,
    /** EDN with one op map per line (Jepsen's {@code history.edn}); read exactly like {@link #EDN}. */
    EDN_LINES,
    /** Jepsen's text log: lines like {@code INFO  jepsen.util - 3	:invoke	:cas	[1 2]}; other lines are skipped. */
    JEPSEN_LOG,
    /** dst JSONL: one JSON object per line, as {@link History#toJsonl()} writes. */
    JSONL,
    /** Decide from the content: a {@code jepsen.util -} line means a text log, a line starting {@code {"} JSONL, otherwise EDN. */
    AUTO;

    /** The format's name, as {@code --format} takes it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** What a history in this format looks like, for messages. */
    public String expected() {
        return switch (this) {
            case EDN, EDN_LINES -> "op maps such as {:process 0, :type :invoke, :f :write, :value 3}";
            case JEPSEN_LOG -> "log lines such as 'INFO  jepsen.util - 3\t:invoke\t:write\t3'";
            case JSONL -> "one object per line such as {\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":3}";
            case AUTO -> "EDN, JSONL or a Jepsen text log";
        };
    }

    /** The format for a user-supplied name ({@code edn}, {@code edn-lines}, {@code jepsen-log}, {@code jsonl}, {@code auto}), any case. */
    public static Format named(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        switch (n) {
            case "edn": return EDN;
            case "edn-lines": return EDN_LINES;
            case "jepsen-log": case "log": case "text": return JEPSEN_LOG;
            case "jsonl": case "json": return JSONL;
            case "auto": return AUTO;
            default:
                throw new IllegalArgumentException("unknown history format '" + name
                        + "' (expected edn, edn-lines, jepsen-log, jsonl or auto)");
        }
    }
}
