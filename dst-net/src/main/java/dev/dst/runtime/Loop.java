package dev.dst.runtime;

import dev.dst.codec.CodecException;
import dev.dst.entropy.Entropy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The event loop of one {@link NodeRuntime}: one thread, one selector, the listening socket,
 * an outbound {@link PeerLink} per peer, the inbound connections (peers' outbound ones and
 * clients), and the node's timers. Every input to the node is handled here, one at a time.
 *
 * <p>A turn: wait for I/O until the next timer or connect deadline (not at all when tasks are
 * waiting), handle what is ready, run the tasks (posted by other threads; messages a node sent
 * itself), fire due timers, time out connection attempts, then write what the turn queued.
 */
final class Loop implements Runnable, NodeHost.Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** Timers fired per turn at most, so that a node re-arming zero-delay timers cannot starve I/O. */
    private static final int TIMERS_PER_TURN = 10_000;

    final NodeRuntime.Settings settings;
    final RuntimeStats.Counters counters = new RuntimeStats.Counters();
    final long startNanos = System.nanoTime();
    final String name;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Outbound outbound;
    private final Set<Connection> inbound = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> soon = new ArrayDeque<>();
    private final ArrayDeque<Connection> dirty = new ArrayDeque<>();
    private final Set<Connection> dirtySet = new java.util.HashSet<>();
    /** The storage the runtime opened (closed at shutdown, after the node), or {@code null}. */
    private final AutoCloseable ownedStorage;
    NodeHost host;
    Thread thread;
    private volatile boolean running = true;
    private long undecodableWarned;
    private long tooLargeWarned;

    Loop(NodeRuntime.Settings settings, Selector selector, ServerSocketChannel server, Entropy jitter, AutoCloseable ownedStorage) throws IOException {
        this.settings = settings;
        this.ownedStorage = ownedStorage;
        this.name = settings.book().name(settings.id());
        this.selector = selector;
        this.server = server;
        this.outbound = new Outbound(this, selector, jitter);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop (from any thread); false when the loop has stopped. */
    boolean post(Runnable task) {
        if (!running) {
            return false;
        }
        posted.add(task);
        selector.wakeup();
        return true;
    }

    /** Runs {@code task} on the loop after the current input (loop thread only): a node's message to itself. */
    @Override
    public void later(Runnable task) {
        soon.add(task);
    }

    void stopRunning() {
        running = false;
        selector.wakeup();
    }

    boolean isRunning() {
        return running;
    }

    @Override
    public void run() {
        try {
            host.boot();
            while (running) {
                turn();
            }
        } catch (ClosedSelectorException e) {
            // closed beneath us: shutting down
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("{}: the event loop failed; the runtime stops", name, e);
        } finally {
            running = false;
            shutdown();
        }
    }

    private void turn() throws IOException {
        long now = System.nanoTime();
        long wait = waitNanos(now);
        if (wait == 0 || !posted.isEmpty() || !soon.isEmpty()) {
            selector.selectNow();
        } else {
            selector.select(wait == Long.MAX_VALUE ? 0 : Math.max(1, (wait + 999_999) / 1_000_000));
        }
        Set<SelectionKey> ready = selector.selectedKeys();
        for (SelectionKey k : ready) {
            handle(k);
        }
        ready.clear();
        runTasks();
        now = System.nanoTime();
        for (int i = 0; i < TIMERS_PER_TURN && host.fireDueTimer(now); i++) {
            // each call fired one timer
        }
        outbound.timeOutConnects(now);
        flushDirty();
    }

    /** Nanoseconds until the next timer or connect deadline: 0 when one is due, {@code Long.MAX_VALUE} when none is pending. */
    private long waitNanos(long now) {
        long wait = Long.MAX_VALUE;
        TimerQueue.Timer t = host.nextTimer();
        if (t != null) {
            wait = Math.max(0, t.deadlineNanos - now);
        }
        return Math.min(wait, outbound.nanosToNextDeadline(now));
    }

    private void runTasks() {
        for (int n = soon.size(); n > 0; n--) {
            soon.poll().run();
        }
        Runnable r;
        while ((r = posted.poll()) != null) {
            r.run();
        }
    }

    // ------------------------------------------------------------------ I/O readiness

    private void handle(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        if (k.channel() == server) {
            accept();
            return;
        }
        Connection c = (Connection) k.attachment();
        try {
            if (k.isConnectable()) {
                outbound.finishConnect(c);
            }
            if (!c.isClosed() && k.isValid() && k.isReadable() && !c.read(settings.maxFrameBytes(), this::frame)) {
                broken(c, "closed by the other end");
                return;
            }
            if (!c.isClosed() && k.isValid() && k.isWritable()) {
                c.flush();
            }
        } catch (Connection.FrameRefused e) {
            refuse(c, e.getMessage());
        } catch (IOException e) {
            broken(c, e.toString());
        }
    }

    private void accept() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                LOG.warn("{}: accepting a connection failed: {}", name, e.toString());
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(ch, Connection.Role.UNKNOWN, "connection from " + ch.getRemoteAddress(), System.nanoTime());
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                inbound.add(c);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** A whole frame arrived on {@code c}. */
    private void frame(Connection c, byte type, ByteBuffer body) {
        switch (c.role) {
            case UNKNOWN -> hello(c, type, body);
            case FROM_PEER -> {
                if (type != Frames.MESSAGE) {
                    refuse(c, "a " + Frames.typeName(type) + " frame from peer " + settings.book().name(c.peer));
                    return;
                }
                Object message = decode(c, body);
                if (message != null) {
                    host.deliver(c.peer, message);
                }
            }
            case CLIENT -> {
                int least = type == Frames.REQUEST ? Frames.REQUEST_PREFIX_BYTES : 8;
                if ((type != Frames.REQUEST && type != Frames.CANCEL) || body.remaining() < least) {
                    refuse(c, "a " + Frames.typeName(type) + " frame of " + body.remaining() + " bytes from a client");
                    return;
                }
                long correlation = body.getLong();
                if (type == Frames.CANCEL) {
                    host.cancelClientRequest(c, correlation);
                    return;
                }
                long requestId = body.getLong();
                Object op = decode(c, body);
                if (op == null) {
                    return;
                }
                if (c.clientAddress == dev.dst.node.Request.EXTERNAL) {
                    host.clientRequest(c, correlation, op);
                } else {
                    host.clientRequest(c, correlation, c.clientAddress, requestId, op);
                }
            }
            case TO_PEER -> refuse(c, "a " + Frames.typeName(type) + " frame on an outbound connection");
        }
    }

    private void hello(Connection c, byte type, ByteBuffer body) {
        if (type != Frames.HELLO || body.remaining() != Frames.HELLO_BODY_BYTES) {
            refuse(c, "a " + Frames.typeName(type) + " frame before the HELLO (not a dst runtime peer or client?)");
            return;
        }
        Frames.Hello h = Frames.Hello.read(body);
        String refusal = h.refusal(settings.book(), settings.id());
        if (refusal != null) {
            refuse(c, refusal);
        } else if (h.sender() == Frames.CLIENT) {
            c.role = Connection.Role.CLIENT;
            if (h.clientNumber() != Frames.NO_CLIENT_NUMBER) {
                c.clientAddress = settings.book().size() + h.clientNumber();
            }
        } else {
            for (Connection old : List.copyOf(inbound)) { // the peer's previous connection is dead, or about to be
                if (old != c && old.role == Connection.Role.FROM_PEER && old.peer == h.sender()) {
                    close(old, "replaced by a new connection from " + settings.book().name(h.sender()));
                }
            }
            c.role = Connection.Role.FROM_PEER;
            c.peer = h.sender();
        }
    }

    private Object decode(Connection c, ByteBuffer body) {
        try {
            return settings.codec().decode(body.array(), body.arrayOffset() + body.position(), body.remaining());
        } catch (CodecException e) {
            counters.framesUndecodable++;
            if (undecodableWarned++ % 1000 == 0) {
                LOG.warn("{}: dropped a message from {} that the codec cannot decode ({} so far): {}", name, c, counters.framesUndecodable, e.getMessage());
            }
            return null;
        }
    }

    /** {@code c} sent something the protocol forbids: close it (its sender reconnects if it is a peer). */
    private void refuse(Connection c, String why) {
        counters.framesRefused++;
        LOG.warn("{}: closing {}: {}", name, c, why);
        close(c, why);
    }

    // ------------------------------------------------------------------ sending

    @Override
    public String nameOf(int node) {
        int n = settings.book().size();
        if (node >= 0 && node < n) {
            return settings.book().name(node);
        }
        return node >= n ? "c" + (node - n) : "node#" + node; // client K has address n + K, as in a simulation
    }

    /**
     * A node's message, request or reply to a node of the book (or to itself), encoded by the
     * codec. A message to a client address ({@code nodes + K}) that has no request waiting here
     * (the host routes those) is dropped and counted as unreachable: the client asked another
     * node, which forwarded its request, or it has gone.
     */
    @Override
    public void send(int to, Object message) {
        int n = settings.book().size();
        if (to >= n) {
            counters.messagesSent++;
            counters.droppedUnreachable++;
            LOG.debug("{}: dropped {} to client {}: it waits for nothing on this node", name, message, nameOf(to));
            return;
        }
        if (to < 0) {
            throw new IllegalArgumentException(name + " sent " + message + " to unknown node " + to
                    + " (the address book has nodes 0.." + (n - 1) + "; client K has address " + n + " + K)");
        }
        send(to, settings.codec().encode(message));
    }

    /** The answer to a client's request, on the client's connection ({@code client}). */
    @Override
    public void replyToClient(Object client, long correlation, Object value) {
        sendToClient((Connection) client, Frames.frame(Frames.REPLY, correlation, settings.codec().encode(value)));
    }

    /** Sends an encoded message to a peer (or to this node itself), dropping it as a network would when the peer cannot take it. */
    void send(int to, byte[] message) {
        counters.messagesSent++;
        if (to == settings.id()) {
            later(() -> host.deliver(to, settings.codec().decode(message)));
            return;
        }
        ByteBuffer frame = Frames.frame(Frames.MESSAGE, message);
        if (Frames.frameLength(frame) > settings.maxFrameBytes()) {
            tooLarge("a message to " + settings.book().name(to), Frames.frameLength(frame));
            return;
        }
        outbound.send(to, frame);
    }

    /** Sends a reply frame to a client connection; dropped when the client is gone or its queue is full. */
    void sendToClient(Connection c, ByteBuffer frame) {
        if (c.isClosed()) {
            return;
        }
        if (Frames.frameLength(frame) > settings.maxFrameBytes()) {
            tooLarge("a reply to " + c, Frames.frameLength(frame));
            return;
        }
        if (queue(c, frame)) {
            counters.clientReplies++;
        }
    }

    /** Queues a frame on {@code c}, to be written at the end of the turn; false (and counted) when its queue is full. */
    boolean queue(Connection c, ByteBuffer frame) {
        if (!c.enqueue(frame, settings.maxQueuedBytes())) {
            counters.droppedQueueFull++;
            return false;
        }
        markDirty(c);
        return true;
    }

    /** Writes {@code c}'s queue at the end of this turn. */
    void markDirty(Connection c) {
        if (dirtySet.add(c)) {
            dirty.add(c);
        }
    }

    private void tooLarge(String what, int bytes) {
        counters.droppedTooLarge++;
        if (tooLargeWarned++ % 1000 == 0) {
            LOG.warn("{}: dropped {} of {} bytes, over the frame limit of {} (maxFrameBytes; {} so far)",
                    name, what, bytes, settings.maxFrameBytes(), counters.droppedTooLarge);
        }
    }

    private void flushDirty() {
        Connection c;
        while ((c = dirty.poll()) != null) {
            dirtySet.remove(c);
            if (c.isClosed() || outbound.connecting(c)) {
                continue; // written once connected
            }
            try {
                c.flush();
            } catch (IOException e) {
                broken(c, e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ closing

    /** An I/O error or end of stream on {@code c}. */
    private void broken(Connection c, String why) {
        if (c.role == Connection.Role.TO_PEER) {
            outbound.broken(c, why);
        } else {
            close(c, why);
        }
    }

    private void close(Connection c, String why) {
        if (c.role == Connection.Role.TO_PEER) {
            outbound.broken(c, why);
            return;
        }
        c.close();
        switch (c.role) {
            case CLIENT -> {
                inbound.remove(c);
                host.clientGone(c);
            }
            default -> inbound.remove(c);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: closed {}: {}", name, c, why);
        }
    }

    private void shutdown() {
        try {
            host.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("{}: shutting the node down failed", name, e);
        }
        outbound.closeAll();
        for (Connection c : new ArrayList<>(inbound)) {
            c.close();
        }
        inbound.clear();
        closeQuietly(server);
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to do
        }
        posted.clear();
        if (ownedStorage != null) {
            try {
                ownedStorage.close();
            } catch (Exception e) {
                LOG.warn("{}: closing the storage failed", name, e);
            }
        }
        host.terminated();
    }

    static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
