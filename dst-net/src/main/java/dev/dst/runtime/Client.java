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
 * <p>A client is anonymous or numbered. An anonymous client's request reaches the node from
 * {@link dev.dst.node.Request#EXTERNAL} with an id the node gives it. A numbered client K is a
 * client as in a simulation: its requests come from address {@code nodes + K}
 * ({@code ctx.nameOf} says {@code cK}) with ids the client gives them, increasing, so a node that
 * recognises a repeated request by its client and id (as a replicated log applies each command
 * once) does so on the runtime too. To retry an operation under the same id, take one with
 * {@link #nextRequestId} and pass it to {@link #call(long, Object, Duration)} on every attempt,
 * to any node:
 *
 * <pre>{@code
 * Client client = Client.to(book.address(0)).number(3).connect(); // c3
 * long id = client.nextRequestId();
 * Object answer = client.call(id, new ClientOp("put", kv), Duration.ofSeconds(2));
 * }</pre>
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
    private final int number;
    private final AtomicLong requestIds;
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

    private Client(Builder b) {
        this.address = b.address;
        this.codec = b.codec;
        this.maxFrameBytes = b.maxFrameBytes;
        this.connectTimeout = b.connectTimeout;
        this.number = b.number;
        this.requestIds = new AtomicLong(b.firstRequestId - 1);
    }

    /** An anonymous client of the node at {@code address}, with the standard codec. */
    public static Client connect(InetSocketAddress address) throws IOException {
        return to(address).connect();
    }

    /**
     * An anonymous client of the node at {@code address}; {@code codec} must be the nodes' codec,
     * and answers larger than {@code maxFrameBytes} break the connection.
     *
     * @throws IOException when the node cannot be reached within {@code connectTimeout}
     */
    public static Client connect(InetSocketAddress address, Codec codec, int maxFrameBytes, Duration connectTimeout) throws IOException {
        return to(address).codec(codec).maxFrameBytes(maxFrameBytes).connectTimeout(connectTimeout).connect();
    }

    /** A client of the node at {@code address}, to configure and {@link Builder#connect}. */
    public static Builder to(InetSocketAddress address) {
        return new Builder(address);
    }

    /** A client's settings. */
    public static final class Builder {
        private final InetSocketAddress address;
        private Codec codec = Codecs.standard();
        private int maxFrameBytes = Frames.DEFAULT_MAX_FRAME_BYTES;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int number = Frames.NO_CLIENT_NUMBER;
        private long firstRequestId = System.currentTimeMillis() * 1000;

        private Builder(InetSocketAddress address) {
            if (address == null) {
                throw new IllegalArgumentException("a client needs the node's address");
            }
            this.address = address;
        }

        /** The nodes' codec (default {@link Codecs#standard()}). */
        public Builder codec(Codec codec) {
            if (codec == null) {
                throw new IllegalArgumentException("codec is null");
            }
            this.codec = codec;
            return this;
        }

        /** Answers larger than this (type and body) break the connection (default 16 MiB, the nodes'). */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < 1 + Frames.REQUEST_PREFIX_BYTES) {
                throw new IllegalArgumentException("maxFrameBytes must be at least " + (1 + Frames.REQUEST_PREFIX_BYTES) + ": " + bytes);
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /** How long connecting may take (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Makes this client K ({@code cK}, address {@code nodes + K}): the nodes see its requests
         * from that address, with the ids the client gives them. Two clients that run at once need
         * two numbers, or requests of one would be taken for repeats of the other's.
         */
        public Builder number(int clientNumber) {
            if (clientNumber < 0) {
                throw new IllegalArgumentException("a client's number is at least 0: " + clientNumber);
            }
            this.number = clientNumber;
            return this;
        }

        /**
         * The id of a numbered client's first request; each next one is 1 more. The default, the
         * wall clock in microseconds, numbers a restarted client above its earlier life.
         */
        public Builder firstRequestId(long id) {
            if (id < 0) {
                throw new IllegalArgumentException("request ids are not negative: " + id);
            }
            this.firstRequestId = id;
            return this;
        }

        /**
         * Connects.
         *
         * @throws IOException when the node cannot be reached within the connect timeout
         */
        public Client connect() throws IOException {
            Client c = new Client(this);
            synchronized (c.lock) {
                c.session();
            }
            return c;
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    /** This client's number K ({@code cK}), or -1 when it is anonymous. */
    public int number() {
        return number;
    }

    /** A new request id of this numbered client (each call gives the next); for {@link #call(long, Object, Duration)}. */
    public long nextRequestId() {
        if (number == Frames.NO_CLIENT_NUMBER) {
            throw new IllegalStateException("an anonymous client's requests get their ids from the node: give the client a number");
        }
        return requestIds.incrementAndGet();
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
        return send(number == Frames.NO_CLIENT_NUMBER ? 0 : requestIds.incrementAndGet(), op, timeout);
    }

    /**
     * Sends {@code op} under {@code requestId} (a numbered client's: from {@link #nextRequestId},
     * the same on every retry of one operation) and waits up to {@code timeout} for the answer.
     *
     * @return the value the node passed to {@code ctx.reply}
     * @throws IOException when the request could not be sent: it did not happen
     * @throws UnknownOutcomeException when it was sent and no answer came within the timeout, or the connection was lost first
     * @throws InterruptedException when the thread was interrupted while waiting (the outcome is then unknown too)
     * @throws IllegalStateException when the client is anonymous
     */
    public Object call(long requestId, Object op, Duration timeout) throws IOException, UnknownOutcomeException, InterruptedException {
        if (number == Frames.NO_CLIENT_NUMBER) {
            throw new IllegalStateException("an anonymous client's requests get their ids from the node: give the client a number");
        }
        return send(requestId, op, timeout);
    }

    private Object send(long requestId, Object op, Duration timeout) throws IOException, UnknownOutcomeException, InterruptedException {
        byte[] body = codec.encode(op);
        int frameBytes = 1 + Frames.REQUEST_PREFIX_BYTES + body.length;
        if (frameBytes > maxFrameBytes) {
            throw new IOException("the request of " + frameBytes + " bytes is over the frame limit of " + maxFrameBytes + ": not sent");
        }
        long correlation = correlations.incrementAndGet();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        synchronized (lock) {
            Session s = session();
            waiting.put(correlation, answer);
            try {
                s.out.write(Frames.request(correlation, requestId, body).array());
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
            ByteBuffer hello = Frames.clientHello(number);
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
        return "Client[" + address + (number == Frames.NO_CLIENT_NUMBER ? "" : ", c" + number) + "]";
    }
}
