package dev.dst.maelstrom;

/**
 * What a {@link MaelstromNode} counted so far (a snapshot; fields are read one by one).
 *
 * @param linesIn          lines read from stdin
 * @param linesOut         messages written to stdout (one line each)
 * @param clientRequests   client requests handed to the node (each as one or more operations)
 * @param okAnswers        {@code *_ok} answers to client requests ({@code init_ok} included)
 * @param errorAnswers     {@code error} answers, to clients and to peers
 * @param peerMessagesIn   dst messages from peers handed to the node
 * @param peerMessagesOut  dst messages to peers written to stdout
 * @param malformed        inputs that could not be read: not JSON, no {@code src} or {@code body}, no {@code type}, an undecodable dst body (answered with an error when they had a {@code msg_id})
 * @param forgotten        client requests forgotten unanswered after the limit ({@link MaelstromNode.Builder#forgetRequestsAfter})
 * @param droppedNodeDown  peer messages (and operations of a request whose earlier operation stopped the node) that arrived while the node was stopped; a client request then is answered {@code temporarily-unavailable} instead
 * @param nodeStops        times the node stopped (by itself or by throwing)
 * @param timersFired      timers that fired
 */
public record MaelstromStats(
        long linesIn,
        long linesOut,
        long clientRequests,
        long okAnswers,
        long errorAnswers,
        long peerMessagesIn,
        long peerMessagesOut,
        long malformed,
        long forgotten,
        long droppedNodeDown,
        long nodeStops,
        long timersFired) {

    /** Counters written by the loop thread only, read by any. */
    static final class Counters {
        volatile long linesIn;
        volatile long linesOut;
        volatile long clientRequests;
        volatile long okAnswers;
        volatile long errorAnswers;
        volatile long peerMessagesIn;
        volatile long peerMessagesOut;
        volatile long malformed;
        volatile long forgotten;
    }
}
