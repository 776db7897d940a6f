package dev.dst.runtime;

import dev.dst.codec.Codec;
import dev.dst.codec.CodecException;
import dev.dst.codec.Codecs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of one node run by a {@link NodeRuntime}: sends an operation, which the node gets
 * as a {@link dev.dst.node.Request} in {@code onRequest}, and waits for what the node passes to
 * {@code ctx.reply}.
 *
 * <pre>{@code
 * try (Client client = Client.connect(book.address(0))) {
 *     Object answer = client.call(new ClientOp("add", 5), Duration.ofSeconds(2));
 * } catch (UnknownOutcomeException e) {
 *     // sent, no answer: it may or may not have happened
 * }
 * }</pre>
 *
 * <p>Outcomes, as a history checker needs them: a value is the node's answer; an
 * {@link IOException} means the request was never sent (the node could not be reached), so it
 * did not happen; an {@link UnknownOutcomeException} means it was sent and no answer came in
 * time, or the connection was lost first: it may or may not have happened. A timed-out request
 * is cancelled at the node (a late answer is not delivered).
 *
 * <p>Thread-safe: many threads may call at once over the one connection (answers are matched
 * by a correlation id). After the connection breaks, the next call connects again. One reader
 * thread per client (a daemon) receives the answers; {@link #close} ends it.
 */
public final class Client implements AutoCloseable {
    private final InetSocketAddress address;
    private final Codec codec;
    private final int maxFrameBytes;
    private final Duration connectTimeout;
    private final AtomicLong correlations = new AtomicLong();
    private final Map<Long, CompletableFuture<Object>> waiting = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Session session; // guarded by lock
    private boolean closed;  // guarded by lock

    /** One connection and the thread reading from it. */
    private final class Session implements Runnable {
        final Socket socket;
        final OutputStream out;
        final Thread reader;
        volatile boolean broken;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
            this.reader = new Thread(this, "dst-client " + address);
            this.reader.setDaemon(true);
        }

        @Override
        public void run() {
            String why = "the connection to " + address + " was closed";
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10))) {
                while (true) {
                    int length = in.readInt();
                    if (length < 9 || length > maxFrameBytes) {
                        why = "the node at " + address + " sent a frame of " + length + " bytes";
                        break;
                    }
                    byte type = in.readByte();
                    long correlation = in.readLong();
                    byte[] body = new byte[length - 9];
                    in.readFully(body);
                    if (type != Frames.REPLY) {
                        why = "the node at " + address + " sent a " + Frames.typeName(type) + " frame";
                        break;
                    }
                    CompletableFuture<Object> f = waiting.remove(correlation);
                    if (f != null) {
                        try {
                            f.complete(codec.decode(body));
                        } catch (CodecException e) {
                            f.completeExceptionally(new UnknownOutcomeException("the answer from " + address + " cannot be decoded", e));
                        }
                    }
                }
            } catch (EOFException e) {
                why = "the node at " + address + " closed the connection";
            } catch (IOException e) {
                why = "the connection to " + address + " failed: " + e.getMessage();
            }
            broken = true;
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
            failWaiting(why);
        }
    }

    private Client(InetSocketAddress address, Codec codec, int maxFrameBytes, Duration connectTimeout) {
        this.address = address;
        this.codec = codec;
        this.maxFrameBytes = maxFrameBytes;
        this.connectTimeout = connectTimeout;
    }

    /** Connects to the node at {@code address} with the standard codec. */
    public static Client connect(InetSocketAddress address) throws IOException {
        return connect(address, Codecs.standard(), Frames.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(5));
    }

    /**
     * Connects to the node at {@code address}; {@code codec} must be the nodes' codec, and
     * answers larger than {@code maxFrameBytes} break the connection.
     *
     * @throws IOException when the node cannot be reached within {@code connectTimeout}
     */
    public static Client connect(InetSocketAddress address, Codec codec, int maxFrameBytes, Duration connectTimeout) throws IOException {
        Client c = new Client(address, codec, maxFrameBytes, connectTimeout);
        synchronized (c.lock) {
            c.session();
        }
        return c;
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Sends {@code op} and waits up to {@code timeout} for the answer.
     *
     * @return the value the node passed to {@code ctx.reply}
     * @throws IOException when the request could not be sent: it did not happen
     * @throws UnknownOutcomeException when it was sent and no answer came within the timeout, or the connection was lost first
     * @throws InterruptedException when the thread was interrupted while waiting (the outcome is then unknown too)
     */
    public Object call(Object op, Duration timeout) throws IOException, UnknownOutcomeException, InterruptedException {
        byte[] body = codec.encode(op);
        if (9 + body.length > maxFrameBytes) {
            throw new IOException("the request of " + (9 + body.length) + " bytes is over the frame limit of " + maxFrameBytes + ": not sent");
        }
        long correlation = correlations.incrementAndGet();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        synchronized (lock) {
            Session s = session();
            waiting.put(correlation, answer);
            try {
                s.out.write(Frames.frame(Frames.REQUEST, correlation, body).array());
                s.out.flush();
            } catch (IOException e) {
                waiting.remove(correlation);
                s.broken = true;
                closeQuietly(s);
                // bytes may have left before the failure: the node may have the request
                throw new UnknownOutcomeException("sending to " + address + " failed: " + e.getMessage(), e);
            }
        }
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            giveUp(correlation);
            throw new UnknownOutcomeException("no answer from " + address + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            giveUp(correlation);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownOutcomeException u) {
                throw new UnknownOutcomeException(u.getMessage(), u);
            }
            throw new UnknownOutcomeException("the call to " + address + " failed: " + e.getCause(), e.getCause());
        }
    }

    private void giveUp(long correlation) {
        if (waiting.remove(correlation) == null) {
            return;
        }
        synchronized (lock) {
            Session s = session;
            if (s != null && !s.broken) {
                try {
                    s.out.write(Frames.cancel(correlation).array());
                    s.out.flush();
                } catch (IOException e) {
                    s.broken = true;
                    closeQuietly(s);
                }
            }
        }
    }

    /** The live session, connecting when there is none (caller holds the lock). */
    private Session session() throws IOException {
        if (closed) {
            throw new IOException("the client of " + address + " is closed");
        }
        if (session != null && !session.broken) {
            return session;
        }
        if (session != null) {
            closeQuietly(session);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            Session s = new Session(socket);
            ByteBuffer hello = Frames.hello(Frames.CLIENT, 0);
            s.out.write(hello.array(), 0, hello.limit());
            s.out.flush();
            s.reader.start();
            session = s;
            return s;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    private void failWaiting(String why) {
        for (Long c : waiting.keySet()) {
            CompletableFuture<Object> f = waiting.remove(c);
            if (f != null) {
                f.completeExceptionally(new UnknownOutcomeException(why));
            }
        }
    }

    private static void closeQuietly(Session s) {
        try {
            s.socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** Closes the connection and ends the reader thread; calls waiting get an {@link UnknownOutcomeException}. Idempotent. */
    @Override
    public void close() {
        Session s;
        synchronized (lock) {
            closed = true;
            s = session;
            session = null;
        }
        if (s != null) {
            closeQuietly(s);
            try {
                s.reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failWaiting("the client was closed");
    }

    @Override
    public String toString() {
        return "Client[" + address + "]";
    }
}
