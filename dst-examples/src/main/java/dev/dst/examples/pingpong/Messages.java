package dev.dst.examples.pingpong;

/** The values ping-pong sends; records, so that they print and hash deterministically. */
final class Messages {
    private Messages() {}

    /** The operation a client asks a server for. */
    record Ping(int client, long attempt) {}

    /** A server's answer: the ping was durably recorded as the {@code count}-th it served. */
    record Pong(long count) {}

    /** A server's refusal: it could not record the ping (disk full). */
    record Busy(String reason) {}

    /** Timer tags. */
    enum Tick { GROUP_COMMIT, NEXT_PING, RETRY }

    record Timeout(long requestId) {}
}
