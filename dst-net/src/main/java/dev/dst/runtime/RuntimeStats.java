package dev.dst.runtime;

/**
 * What a {@link NodeRuntime} did so far, counted as it happened (a snapshot; each field is read
 * separately, so two fields may be a step apart).
 *
 * @param messagesSent         messages the node sent ({@code send}, {@code request}, replies to nodes), to itself included
 * @param messagesDelivered    messages, requests and replies handed to the node's handlers
 * @param droppedUnreachable   messages lost because the peer could not be reached (connecting failed, backing off, or the connection broke with them queued)
 * @param droppedQueueFull     messages dropped because the peer's send queue was full (back-pressure)
 * @param droppedTooLarge      messages and replies dropped because their frame was over the limit
 * @param droppedNodeDown      inputs (messages, client requests) that arrived while the node was stopped
 * @param framesRefused        connections closed because of what arrived: a frame over the limit, a bad HELLO, a frame of the wrong kind
 * @param framesUndecodable    messages and requests the codec could not decode (dropped; the connection stays)
 * @param clientRequests       client requests handed to {@code onRequest}
 * @param clientReplies        replies written back to clients
 * @param connectionsOpened    outbound connections to peers established
 * @param connectsFailed       outbound connection attempts that failed or timed out
 * @param timersFired          timers that fired
 * @param nodeStops            times the node stopped (by {@code ctx.stop}/{@code restart}, by throwing, or by {@link NodeRuntime#restartNode})
 */
public record RuntimeStats(
        long messagesSent,
        long messagesDelivered,
        long droppedUnreachable,
        long droppedQueueFull,
        long droppedTooLarge,
        long droppedNodeDown,
        long framesRefused,
        long framesUndecodable,
        long clientRequests,
        long clientReplies,
        long connectionsOpened,
        long connectsFailed,
        long timersFired,
        long nodeStops) {

    /** Every message, request and reply dropped, for any reason. */
    public long dropped() {
        return droppedUnreachable + droppedQueueFull + droppedTooLarge + droppedNodeDown + framesUndecodable;
    }

    /** Counters written by the loop thread only and read by any thread. */
    static final class Counters {
        volatile long messagesSent;
        volatile long messagesDelivered;
        volatile long droppedUnreachable;
        volatile long droppedQueueFull;
        volatile long droppedTooLarge;
        volatile long droppedNodeDown;
        volatile long framesRefused;
        volatile long framesUndecodable;
        volatile long clientRequests;
        volatile long clientReplies;
        volatile long connectionsOpened;
        volatile long connectsFailed;
        volatile long timersFired;
        volatile long nodeStops;

        RuntimeStats snapshot() {
            return new RuntimeStats(messagesSent, messagesDelivered, droppedUnreachable, droppedQueueFull, droppedTooLarge,
                    droppedNodeDown, framesRefused, framesUndecodable, clientRequests, clientReplies, connectionsOpened,
                    connectsFailed, timersFired, nodeStops);
        }
    }
}
