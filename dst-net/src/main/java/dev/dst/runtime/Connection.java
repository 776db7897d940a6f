package dev.dst.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One TCP connection of the event loop: a non-blocking channel, the bytes read but not yet
 * framed, and a bounded queue of frames to write. Only the loop thread touches it.
 */
final class Connection {
    /** What the connection carries, known once its HELLO arrived (inbound) or from the start (outbound). */
    enum Role { UNKNOWN, TO_PEER, FROM_PEER, CLIENT }

    /** A frame that arrived: {@code body} is positioned on the body (after the type byte) and valid only during the call. */
    interface FrameSink {
        void frame(Connection c, byte type, ByteBuffer body);
    }

    /** The peer announced a frame longer than the limit, or a length below 1: the stream cannot be trusted. */
    static final class FrameRefused extends IOException {
        FrameRefused(String message) {
            super(message);
        }
    }

    private static final int INITIAL_READ_BYTES = 64 << 10;
    /** Bytes read per readiness event before the loop turns to other connections (fairness). */
    private static final int READ_BUDGET_BYTES = 1 << 20;

    final SocketChannel channel;
    final long openedNanos;
    final String label;
    SelectionKey key;
    Role role;
    /** The peer's node id (TO_PEER, FROM_PEER), else -1. */
    int peer = -1;
    /** A CLIENT's address ({@code nodes + K} for client number K), or {@code Request.EXTERNAL} for an anonymous client. */
    int clientAddress = dev.dst.node.Request.EXTERNAL;
    private ByteBuffer in = ByteBuffer.allocate(INITIAL_READ_BYTES);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    /** The frames of one gathering write. */
    private final ByteBuffer[] batch = new ByteBuffer[64];
    private long queuedBytes;
    private ByteBuffer control;
    private boolean closed;

    Connection(SocketChannel channel, Role role, String label, long openedNanos) {
        this.channel = channel;
        this.role = role;
        this.label = label;
        this.openedNanos = openedNanos;
    }

    boolean isClosed() {
        return closed;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    int queuedFrames() {
        return out.size();
    }

    /**
     * Queues a frame unless that would pass {@code maxQueuedBytes}; false when it was refused
     * (the caller counts the drop). A frame alone larger than the bound is still taken when
     * the queue is empty, so that the bound never forbids a message the frame limit allows.
     */
    boolean enqueue(ByteBuffer frame, long maxQueuedBytes) {
        assert !closed : "enqueue on closed connection " + label;
        int n = frame.remaining();
        if (!out.isEmpty() && queuedBytes + n > maxQueuedBytes) {
            return false;
        }
        out.add(frame);
        queuedBytes += n;
        return true;
    }

    /**
     * Puts a frame of the protocol's own (the HELLO of an outbound connection) before everything
     * queued; never refused, and not counted among the messages lost when the connection closes.
     */
    void enqueueControl(ByteBuffer frame) {
        out.addFirst(frame);
        queuedBytes += frame.remaining();
        control = frame;
    }

    /** Drops what was queued and not written; returns the number of messages among it. */
    private int discardQueue() {
        int n = out.size() - (control != null && out.peekFirst() == control ? 1 : 0);
        out.clear();
        queuedBytes = 0;
        return n;
    }

    /**
     * Writes as much of the queue as the socket takes now, without blocking; true when the
     * queue is empty. Interest in OP_WRITE follows what is left.
     */
    boolean flush() throws IOException {
        while (!out.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : out) {
                batch[n++] = b;
                if (n == batch.length) {
                    break;
                }
            }
            long written = channel.write(batch, 0, n);
            queuedBytes -= written;
            boolean full = batch[n - 1].hasRemaining();
            java.util.Arrays.fill(batch, 0, n, null);
            while (!out.isEmpty() && !out.peek().hasRemaining()) {
                out.poll();
            }
            if (full) {
                interest(SelectionKey.OP_WRITE, true);
                return false;
            }
        }
        assert queuedBytes == 0 : label + ": " + queuedBytes + " bytes counted in an empty queue";
        interest(SelectionKey.OP_WRITE, false);
        return true;
    }

    /**
     * Reads what the socket has (up to a budget) and hands each whole frame to the sink;
     * false at end of stream.
     *
     * @throws FrameRefused when a frame's length is below 1 or above {@code maxFrameBytes}
     */
    boolean read(int maxFrameBytes, FrameSink sink) throws IOException {
        int budget = READ_BUDGET_BYTES;
        while (budget > 0 && !closed) {
            if (!in.hasRemaining()) {
                grow(maxFrameBytes);
            }
            int n = channel.read(in);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                return true;
            }
            budget -= n;
            deliverFrames(maxFrameBytes, sink);
        }
        return true;
    }

    private void deliverFrames(int maxFrameBytes, FrameSink sink) throws FrameRefused {
        in.flip();
        while (in.remaining() >= 4 && !closed) {
            int at = in.position();
            int length = in.getInt(at);
            if (length < 1 || length > maxFrameBytes) {
                throw new FrameRefused("a frame of " + length + " bytes from " + label + " (the limit is " + maxFrameBytes + ")");
            }
            if (in.remaining() < 4 + length) {
                break;
            }
            byte type = in.get(at + 4);
            ByteBuffer body = in.slice(at + Frames.HEADER_BYTES, length - 1);
            in.position(at + 4 + length);
            sink.frame(this, type, body);
        }
        in.compact();
    }

    /** Makes room for the frame whose header is at the start of the buffer (or for more bytes). */
    private void grow(int maxFrameBytes) {
        int need = in.capacity() * 2;
        if (in.position() >= 4) {
            need = Math.max(need, 4 + in.getInt(0));
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(need, 4L + maxFrameBytes));
        in.flip();
        bigger.put(in);
        in = bigger;
    }

    private void interest(int op, boolean on) {
        if (key != null && key.isValid()) {
            int ops = key.interestOps();
            key.interestOps(on ? ops | op : ops & ~op);
        }
    }

    /** Closes the channel; returns the number of frames that were queued and are now lost. */
    int close() {
        if (closed) {
            return 0;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing to do about it
        }
        in = ByteBuffer.allocate(0);
        return discardQueue();
    }

    @Override
    public String toString() {
        return label;
    }
}
