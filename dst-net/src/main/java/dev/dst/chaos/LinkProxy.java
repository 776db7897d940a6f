package dev.dst.chaos;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fault-injecting TCP proxy in front of every node of a runtime cluster, so that network
 * faults need neither root nor iptables. Each node has a port here, and that port is the
 * node's entry in the address book every node is given; the proxy forwards what arrives to
 * the node's real port ({@link #upstream}). The runtime's frames ({@code length | type | body})
 * are forwarded whole, and the first frame of a connection, the runtime's HELLO, names the
 * sending node: so each frame belongs to one directed link, and the faults of that link decide
 * its fate.
 *
 * <ul>
 *   <li>{@link #cut}: frames on the link are dropped (the connection stays up, as behind a
 *       firewall that drops packets, and what is dropped is lost, as in a simulation's cut).
 *       Cuts stack: a link cut twice stays cut until both are {@link #heal healed}.</li>
 *   <li>{@link #flap}: the link is cut and up in alternating periods, starting cut.</li>
 *   <li>{@link #delay}: every frame waits that much longer before it is written on (in order:
 *       the link stays FIFO, as TCP is).</li>
 *   <li>{@link #loss}: each frame is dropped with that probability (drawn from the stream
 *       {@code proxy/FROM->TO} of the seed).</li>
 *   <li>{@link #reset}: every connection between two nodes is closed with a TCP RST, both ways;
 *       the runtime connects again after its backoff.</li>
 * </ul>
 *
 * A HELLO is always forwarded: it is the handshake, not a message, and a node refuses a
 * connection whose first frame is anything else. While a node is down ({@code upstream}
 * null, or its port refuses) a connection to it is accepted and closed at once with a reset,
 * as a real connection to a dead process is refused. Blocking sockets, two threads per
 * direction of a connection (one reads, one writes when a frame is due); a direction holds at
 * most {@value #QUEUE_FRAMES} frames, then stops reading, which pushes back on the sender as
 * TCP would. Thread-safe.
 */
public final class LinkProxy implements AutoCloseable {
    /** The runtime's HELLO frame type, and its default frame limit (type and body). */
    static final byte HELLO = 1;
    static final int MAX_FRAME_BYTES = 16 << 20;
    static final int QUEUE_FRAMES = 4096;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final int nodes;
    private final List<String> names;
    private final ServerSocket[] listeners;
    private final AtomicReferenceArray<InetSocketAddress> upstream;
    private final Link[] links; // from * nodes + to
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean closed;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong droppedCut = new AtomicLong();
    private final AtomicLong droppedLoss = new AtomicLong();

    /** What the proxy counted so far: connections accepted and refused (node down), resets, frames forwarded, delayed and dropped. */
    public record Stats(long connections, long refused, long resets, long forwarded, long delayed, long droppedCut, long droppedLoss) {
        @Override
        public String toString() {
            return connections + " connections (" + refused + " refused: node down), " + resets + " reset; frames " + forwarded
                    + " forwarded (" + delayed + " delayed), " + droppedCut + " dropped by cuts, " + droppedLoss + " dropped by loss";
        }
    }

    /** One direction between two nodes, and the faults on it. */
    private static final class Link {
        private final Entropy drops;
        private int cuts;
        private long flapPeriodNanos;
        private long flapStartNanos;
        private long delayNanos;
        private double loss;

        Link(Entropy drops) {
            this.drops = drops;
        }

        /** The frame's fate now: -1 dropped by a cut, -2 dropped by loss, else the delay in nanoseconds. */
        synchronized long fate(long nowNanos) {
            if (cuts > 0 || (flapPeriodNanos > 0 && ((nowNanos - flapStartNanos) / flapPeriodNanos) % 2 == 0)) {
                return -1;
            }
            if (loss > 0 && drops.chance(loss)) {
                return -2;
            }
            return delayNanos;
        }
    }

    private LinkProxy(List<String> names, long seed) throws IOException {
        this.nodes = names.size();
        this.names = List.copyOf(names);
        this.listeners = new ServerSocket[nodes];
        this.upstream = new AtomicReferenceArray<>(nodes);
        this.links = new Link[nodes * nodes];
        EntropySource entropy = EntropySource.seeded(seed);
        for (int from = 0; from < nodes; from++) {
            for (int to = 0; to < nodes; to++) {
                links[from * nodes + to] = new Link(entropy.stream("proxy/" + names.get(from) + "->" + names.get(to)));
            }
        }
        try {
            for (int n = 0; n < nodes; n++) {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
                listeners[n] = s;
            }
        } catch (IOException e) {
            close();
            throw new IOException("the proxy cannot listen on loopback: " + e.getMessage(), e);
        }
        for (int n = 0; n < nodes; n++) {
            int to = n;
            Thread t = new Thread(() -> accept(to), "dst-proxy accept " + names.get(n));
            t.setDaemon(true);
            acceptors.add(t);
            t.start();
        }
    }

    /** A proxy with a port on loopback for each node of {@code names} (in address-book order); loss draws from {@code seed}. */
    public static LinkProxy start(List<String> names, long seed) throws IOException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a proxy needs at least one node");
        }
        return new LinkProxy(names, seed);
    }

    /** Where peers reach node {@code node}: the address to put in the address book. */
    public InetSocketAddress address(int node) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listeners[node].getLocalPort());
    }

    /** Where the proxy forwards connections to {@code node}: its real address, or {@code null} while it is down. */
    public void upstream(int node, InetSocketAddress real) {
        upstream.set(node, real);
    }

    /** Frames from {@code from} to {@code to} are dropped until as many {@link #heal}s. */
    public void cut(int from, int to) {
        Link l = link(from, to);
        synchronized (l) {
            l.cuts++;
        }
    }

    /** Takes back one {@link #cut} of the link (never below none). */
    public void heal(int from, int to) {
        Link l = link(from, to);
        synchronized (l) {
            l.cuts = Math.max(0, l.cuts - 1);
        }
    }

    /** The link is cut and up in alternating periods of {@code periodNanos}, starting cut now; 0 stops the flapping. */
    public void flap(int from, int to, long periodNanos) {
        Link l = link(from, to);
        synchronized (l) {
            l.flapPeriodNanos = Math.max(0, periodNanos);
            l.flapStartNanos = System.nanoTime();
        }
    }

    /** Frames on the link wait {@code extraNanos} more before they are written on (0: none). */
    public void delay(int from, int to, long extraNanos) {
        if (extraNanos < 0) {
            throw new IllegalArgumentException("a delay must not be negative: " + extraNanos);
        }
        Link l = link(from, to);
        synchronized (l) {
            l.delayNanos = extraNanos;
        }
    }

    /** Frames on the link are dropped with probability {@code p} (0: none). */
    public void loss(int from, int to, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must be in [0, 1]: " + p);
        }
        Link l = link(from, to);
        synchronized (l) {
            l.loss = p;
        }
    }

    /** Closes every connection between {@code a} and {@code b}, both ways, with a TCP reset; returns how many. */
    public int reset(int a, int b) {
        int n = 0;
        for (Pipe p : pipes) {
            if (p.from == a && p.to == b || p.from == b && p.to == a) {
                p.close(true);
                n++;
            }
        }
        resets.addAndGet(n);
        return n;
    }

    /** Every link as it was at the start: no cut, flapping, delay or loss. Connections stay. */
    public void healAll() {
        for (Link l : links) {
            synchronized (l) {
                l.cuts = 0;
                l.flapPeriodNanos = 0;
                l.delayNanos = 0;
                l.loss = 0;
            }
        }
    }

    public Stats stats() {
        return new Stats(connections.get(), refused.get(), resets.get(), forwarded.get(), delayed.get(), droppedCut.get(), droppedLoss.get());
    }

    private Link link(int from, int to) {
        if (from < 0 || from >= nodes || to < 0 || to >= nodes || from == to) {
            throw new IllegalArgumentException("no link " + from + " -> " + to + " between nodes 0.." + (nodes - 1));
        }
        return links[from * nodes + to];
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (ServerSocket s : listeners) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
        for (Pipe p : pipes) {
            p.close(false);
        }
        for (Thread t : acceptors) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ connections

    private void accept(int to) {
        while (!closed) {
            Socket down;
            try {
                down = listeners[to].accept();
            } catch (IOException e) {
                if (!closed) {
                    sleepQuietly(10); // e.g. out of file descriptors: try again
                }
                continue;
            }
            connections.incrementAndGet();
            Thread t = new Thread(() -> handshake(down, to), "dst-proxy -> " + names.get(to));
            t.setDaemon(true);
            t.start();
        }
    }

    /** Reads the HELLO to learn the sender, connects to the node, and starts forwarding both ways. */
    private void handshake(Socket down, int to) {
        Socket up = null;
        try {
            down.setTcpNoDelay(true);
            down.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            DataInputStream downIn = new DataInputStream(new BufferedInputStream(down.getInputStream(), 64 << 10));
            byte[] hello = readFrame(downIn);
            down.setSoTimeout(0);
            if (hello == null) {
                down.close();
                return;
            }
            int from = sender(hello);
            InetSocketAddress target = upstream.get(to);
            if (target == null) {
                refused.incrementAndGet();
                resetQuietly(down);
                return;
            }
            up = new Socket();
            up.setTcpNoDelay(true);
            try {
                up.connect(target, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                refused.incrementAndGet();
                resetQuietly(up);
                resetQuietly(down);
                return;
            }
            Pipe p = new Pipe(down, up, from, to);
            pipes.add(p); // before the HELLO goes on: a reset from now on finds the connection
            if (closed) {
                p.close(false);
                return;
            }
            OutputStream upOut = up.getOutputStream();
            upOut.write(hello);
            upOut.flush();
            forwarded.incrementAndGet();
            p.start(downIn, new DataInputStream(new BufferedInputStream(up.getInputStream(), 64 << 10)), upOut, down.getOutputStream());
        } catch (IOException e) {
            resetQuietly(down);
            if (up != null) {
                resetQuietly(up);
            }
        }
    }

    /** The node id a HELLO names as its sender, or -1 (a client, or not a HELLO): such a connection has no link faults. */
    private int sender(byte[] frame) {
        if (frame.length < 4 + 1 + 10 || frame[4] != HELLO) {
            return -1;
        }
        int id = ((frame[11] & 0xff) << 24) | ((frame[12] & 0xff) << 16) | ((frame[13] & 0xff) << 8) | (frame[14] & 0xff);
        return id >= 0 && id < nodes ? id : -1;
    }

    /** One frame, header included; null at a clean end of stream. */
    static byte[] readFrame(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 1 || length > MAX_FRAME_BYTES) {
            throw new IOException("a frame of " + length + " bytes");
        }
        byte[] frame = new byte[4 + length];
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        in.readFully(frame, 4, length);
        return frame;
    }

    private static void resetQuietly(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST, as a refused or reset connection
        } catch (IOException e) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A frame and when it may be written on. */
    private record Due(long atNanos, byte[] frame) {}

    /** One proxied connection: the node-side socket {@code up}, the sender-side {@code down}. */
    private final class Pipe {
        final Socket down;
        final Socket up;
        final int from;
        final int to;
        private final List<Thread> threads = new ArrayList<>(4);
        private volatile boolean done;

        Pipe(Socket down, Socket up, int from, int to) {
            this.down = down;
            this.up = up;
            this.from = from;
            this.to = to;
        }

        void start(DataInputStream downIn, DataInputStream upIn, OutputStream upOut, OutputStream downOut) {
            Link forward = from >= 0 ? links[from * nodes + to] : null;
            Link back = from >= 0 ? links[to * nodes + from] : null;
            direction(downIn, upOut, forward, (from >= 0 ? names.get(from) : "client") + "->" + names.get(to));
            direction(upIn, downOut, back, names.get(to) + "->" + (from >= 0 ? names.get(from) : "client"));
            synchronized (this) {
                for (Thread t : threads) {
                    t.start();
                }
            }
        }

        private void direction(DataInputStream in, OutputStream out, Link link, String name) {
            BlockingQueue<Due> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
            Thread writer = new Thread(() -> write(queue, out), "dst-proxy write " + name);
            Thread reader = new Thread(() -> read(in, queue, link), "dst-proxy read " + name);
            writer.setDaemon(true);
            reader.setDaemon(true);
            threads.add(writer);
            threads.add(reader);
        }

        private void read(DataInputStream in, BlockingQueue<Due> queue, Link link) {
            try {
                while (!done) {
                    byte[] frame = readFrame(in);
                    if (frame == null) {
                        break;
                    }
                    long now = System.nanoTime();
                    long fate = link == null ? 0 : link.fate(now);
                    if (fate == -1) {
                        droppedCut.incrementAndGet();
                    } else if (fate == -2) {
                        droppedLoss.incrementAndGet();
                    } else {
                        if (fate > 0) {
                            delayed.incrementAndGet();
                        }
                        queue.put(new Due(now + fate, frame));
                    }
                }
            } catch (IOException e) {
                // the connection broke or was closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close(false);
        }

        private void write(BlockingQueue<Due> queue, OutputStream out) {
            try {
                while (!done) {
                    Due d = queue.take();
                    long wait = d.atNanos - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(d.frame);
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                    forwarded.incrementAndGet();
                }
            } catch (IOException e) {
                // the connection broke or was closed
            } catch (InterruptedException e) {
                // closed
            }
            close(false);
        }

        void close(boolean reset) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            pipes.remove(this);
            if (reset) {
                resetQuietly(down);
                resetQuietly(up);
            } else {
                try {
                    down.close();
                } catch (IOException e) {
                    // closing
                }
                try {
                    up.close();
                } catch (IOException e) {
                    // closing
                }
            }
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.interrupt();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LinkProxy[" + nodes + " nodes, " + pipes.size() + " connections]";
    }
}
