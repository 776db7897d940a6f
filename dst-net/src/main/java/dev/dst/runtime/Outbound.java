package dev.dst.runtime;

import dev.dst.entropy.Entropy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * This node's outbound connections, one {@link PeerLink} per peer: connected by the first
 * message, messages queued while connecting, and after a failed attempt or a broken connection
 * a jittered backoff during which messages to the peer are dropped (as a network drops packets
 * to a dead host). Loop thread only.
 */
final class Outbound {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** A connection that lasted this long (or the maximum backoff) resets its link's backoff when it breaks. */
    private static final long STABLE_NANOS = 1_000_000_000L;

    private final Loop loop;
    private final NodeRuntime.Settings settings;
    private final Selector selector;
    private final Entropy jitter;
    private final ByteBuffer hello;
    private final PeerLink[] peers;

    Outbound(Loop loop, Selector selector, Entropy jitter) {
        this.loop = loop;
        this.settings = loop.settings;
        this.selector = selector;
        this.jitter = jitter;
        this.hello = Frames.hello(settings.id(), settings.book().fingerprint());
        this.peers = new PeerLink[settings.book().size()];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new PeerLink(i, settings.backoffMinNanos());
        }
    }

    /** Queues a MESSAGE frame to peer {@code to}, connecting first if needed; drops it (counted) while the peer is in backoff. */
    void send(int to, ByteBuffer frame) {
        PeerLink p = peers[to];
        long now = System.nanoTime();
        if (p.state == PeerLink.State.BACKOFF && now - p.retryAtNanos >= 0) {
            p.state = PeerLink.State.IDLE;
        }
        if (p.state == PeerLink.State.IDLE) {
            connect(p, now);
        }
        if (p.state == PeerLink.State.BACKOFF) {
            loop.counters.droppedUnreachable++;
        } else {
            loop.queue(p.connection, frame);
        }
    }

    /** Whether {@code c} is an outbound connection still being made (its queue is written once it is up). */
    boolean connecting(Connection c) {
        return c.role == Connection.Role.TO_PEER && peers[c.peer].connection == c && peers[c.peer].state == PeerLink.State.CONNECTING;
    }

    /** Nanoseconds until the first connection attempt times out, {@code Long.MAX_VALUE} when none is under way. */
    long nanosToNextDeadline(long now) {
        long wait = Long.MAX_VALUE;
        for (PeerLink p : peers) {
            if (p.state == PeerLink.State.CONNECTING) {
                wait = Math.min(wait, Math.max(0, p.connectDeadlineNanos - now));
            }
        }
        return wait;
    }

    private void connect(PeerLink p, long now) {
        InetSocketAddress address = settings.book().address(p.peer);
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(ch, Connection.Role.TO_PEER, "connection to " + settings.book().entry(p.peer), now);
            c.peer = p.peer;
            c.enqueueControl(hello.duplicate());
            p.connection = c;
            p.state = PeerLink.State.CONNECTING;
            p.connectDeadlineNanos = now + settings.connectTimeoutNanos();
            if (ch.connect(address)) {
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                connected(p);
            } else {
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException | RuntimeException e) { // UnresolvedAddressException is a RuntimeException
            if (p.connection == null || p.connection.channel != ch) {
                Loop.closeQuietly(ch);
            }
            connectFailed(p, e.toString());
        }
    }

    /** The selector says {@code c}'s connection attempt ended. */
    void finishConnect(Connection c) {
        PeerLink p = peers[c.peer];
        assert p.connection == c && p.state == PeerLink.State.CONNECTING : c + " finished connecting in state " + p.state;
        try {
            c.channel.finishConnect();
        } catch (IOException e) {
            connectFailed(p, e.toString());
            return;
        }
        c.key.interestOps(SelectionKey.OP_READ); // only to notice the peer closing: it sends nothing on this connection
        connected(p);
    }

    private void connected(PeerLink p) {
        p.state = PeerLink.State.CONNECTED;
        loop.counters.connectionsOpened++;
        if (p.failuresInARow > 0) {
            LOG.info("{}: connected to {} after {} failed attempts", loop.name, settings.book().entry(p.peer), p.failuresInARow);
        }
        p.failuresInARow = 0;
        loop.markDirty(p.connection);
    }

    private void connectFailed(PeerLink p, String why) {
        loop.counters.connectsFailed++;
        if (p.connection != null) {
            loop.counters.droppedUnreachable += p.connection.close();
            p.connection = null;
        }
        backOff(p, why, false);
    }

    void timeOutConnects(long now) {
        for (PeerLink p : peers) {
            if (p.state == PeerLink.State.CONNECTING && now - p.connectDeadlineNanos >= 0) {
                connectFailed(p, "no connection within " + settings.connectTimeoutNanos() / 1_000_000 + " ms");
            }
        }
    }

    /** {@code c} failed (an I/O error, the peer closed it, or it sent what it must not): close it and back off. */
    void broken(Connection c, String why) {
        PeerLink p = peers[c.peer];
        if (p.connection == c && p.state == PeerLink.State.CONNECTING) {
            connectFailed(p, why);
            return;
        }
        loop.counters.droppedUnreachable += c.close();
        if (p.connection == c) {
            p.connection = null;
            backOff(p, "connection lost: " + why, System.nanoTime() - c.openedNanos >= Math.max(STABLE_NANOS, settings.backoffMaxNanos()));
        }
    }

    /** Drops messages to the peer for a jittered wait, which doubles up to the maximum unless the connection had been stable. */
    private void backOff(PeerLink p, String why, boolean wasStable) {
        if (wasStable) {
            p.backoffNanos = settings.backoffMinNanos();
        }
        long wait = p.backoffNanos / 2 + jitter.below(p.backoffNanos / 2 + 1);
        p.retryAtNanos = System.nanoTime() + wait;
        p.state = PeerLink.State.BACKOFF;
        p.backoffNanos = Math.min(settings.backoffMaxNanos(), p.backoffNanos * 2);
        if (p.failuresInARow++ == 0) {
            LOG.info("{}: {} unreachable ({}); messages to it are dropped, retrying in {} ms", loop.name,
                    settings.book().entry(p.peer), why, wait / 1_000_000);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} still unreachable ({}, {} failures); retrying in {} ms", loop.name,
                    settings.book().entry(p.peer), why, p.failuresInARow, wait / 1_000_000);
        }
    }

    void closeAll() {
        for (PeerLink p : peers) {
            if (p.connection != null) {
                p.connection.close();
                p.connection = null;
            }
        }
    }
}
