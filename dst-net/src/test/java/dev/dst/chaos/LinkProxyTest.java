package dev.dst.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy on its own, with raw frames of the runtime's format: a "node" n1 is a server socket
 * the proxy forwards to, and "node" n0 connects to n1's proxy port and says HELLO as n0. Each
 * test sets one fault and reads what came through. A frame's fate is decided when the proxy
 * reads it, so a test waits for the proxy's count of it before it changes the fault; and since
 * a link is FIFO, "nothing came" is shown by a later frame arriving first.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class LinkProxyTest {
    private static final byte MESSAGE = 2;

    private LinkProxy proxy;
    private ServerSocket n1;

    @BeforeEach
    void start() throws IOException {
        proxy = LinkProxy.start(List.of("n0", "n1"), 7);
        n1 = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        n1.setSoTimeout(10_000);
        proxy.upstream(1, new InetSocketAddress(InetAddress.getLoopbackAddress(), n1.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        n1.close();
    }

    private static byte[] frame(byte type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).putInt(1 + body.length).put(type).put(body).array();
    }

    private static byte[] hello(int sender) {
        return frame(LinkProxy.HELLO, ByteBuffer.allocate(18).putInt(0x44535452).putShort((short) 1).putInt(sender).putLong(99).array());
    }

    private static byte[] message(int n) {
        return frame(MESSAGE, ByteBuffer.allocate(4).putInt(n).array());
    }

    /** A connection from n0 to n1 through the proxy, and n1's end of it. */
    private record Link(Socket from, OutputStream out, Socket at, DataInputStream in) implements AutoCloseable {
        void send(byte[] frame) throws IOException {
            out.write(frame);
            out.flush();
        }

        byte[] next() throws IOException {
            return LinkProxy.readFrame(in);
        }

        @Override
        public void close() throws IOException {
            from.close();
            at.close();
        }
    }

    /** Waits until the proxy has counted {@code n}: it has read (and judged) the frames sent. */
    private static void await(java.util.function.LongSupplier count, long n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count.getAsLong() < n) {
            assertTrue(System.nanoTime() < deadline, "the proxy counted " + count.getAsLong() + " of " + n);
            Thread.onSpinWait();
        }
    }

    private Link connect(int sender) throws IOException {
        Socket s = new Socket();
        s.connect(proxy.address(1), 10_000);
        s.getOutputStream().write(hello(sender));
        Socket at = n1.accept();
        at.setSoTimeout(10_000);
        return new Link(s, s.getOutputStream(), at, new DataInputStream(at.getInputStream()));
    }

    @Test
    void framesPassWholeAndInOrderAfterTheHello() throws IOException {
        try (Link l = connect(0)) {
            assertArrayEquals(hello(0), l.next());
            for (int i = 0; i < 100; i++) {
                l.send(message(i));
            }
            for (int i = 0; i < 100; i++) {
                assertArrayEquals(message(i), l.next());
            }
        }
        await(() -> proxy.stats().forwarded(), 101); // the HELLO too
        assertEquals(0, proxy.stats().droppedCut() + proxy.stats().droppedLoss());
    }

    @Test
    void aCutLinkDropsItsFramesButNotTheHelloAndAHealLetsThemThrough() throws IOException {
        proxy.cut(0, 1);
        try (Link l = connect(0)) {
            assertArrayEquals(hello(0), l.next(), "the handshake passes a cut");
            l.send(message(1));
            await(() -> proxy.stats().droppedCut(), 1);
            proxy.heal(0, 1);
            l.send(message(2));
            assertArrayEquals(message(2), l.next(), "1 was dropped, 2 came");
        }
        assertEquals(1, proxy.stats().droppedCut());
    }

    @Test
    void cutsStackUntilEachIsHealed() throws IOException {
        proxy.cut(0, 1);
        proxy.cut(0, 1);
        try (Link l = connect(0)) {
            l.next();
            proxy.heal(0, 1);
            l.send(message(1));
            await(() -> proxy.stats().droppedCut(), 1);
            proxy.heal(0, 1);
            l.send(message(2));
            assertArrayEquals(message(2), l.next());
        }
    }

    @Test
    void aCutInTheOtherDirectionDoesNotTouchThisOne() throws IOException {
        proxy.cut(1, 0);
        try (Link l = connect(0)) {
            l.next();
            l.send(message(1));
            assertArrayEquals(message(1), l.next());
        }
    }

    @Test
    void aConnectionFromAClientHasNoLinkFaults() throws IOException {
        proxy.cut(0, 1);
        try (Link l = connect(-1)) {
            l.next();
            l.send(message(1));
            assertArrayEquals(message(1), l.next());
        }
    }

    @Test
    void aLossOfOneDropsEveryFrameAndOfZeroNone() throws IOException {
        proxy.loss(0, 1, 1.0);
        try (Link l = connect(0)) {
            l.next();
            for (int i = 0; i < 20; i++) {
                l.send(message(i));
            }
            await(() -> proxy.stats().droppedLoss(), 20);
            proxy.loss(0, 1, 0);
            l.send(message(99));
            assertArrayEquals(message(99), l.next());
        }
        assertEquals(20, proxy.stats().droppedLoss());
    }

    @Test
    void aDelayedFrameIsNotWrittenBeforeItsTime() throws IOException {
        long delay = 300_000_000L;
        proxy.delay(0, 1, delay);
        try (Link l = connect(0)) {
            l.next();
            long sent = System.nanoTime();
            l.send(message(1));
            assertArrayEquals(message(1), l.next());
            assertTrue(System.nanoTime() - sent >= delay, "a frame waits its delay");
        }
        assertEquals(1, proxy.stats().delayed());
    }

    @Test
    void aFlappingLinkStartsCut() throws IOException {
        proxy.flap(0, 1, 3_600_000_000_000L); // an hour cut
        try (Link l = connect(0)) {
            l.next();
            l.send(message(1));
            await(() -> proxy.stats().droppedCut(), 1);
            proxy.flap(0, 1, 0);
            l.send(message(2));
            assertArrayEquals(message(2), l.next());
        }
    }

    @Test
    void aResetClosesTheConnectionsBetweenTheTwoWithAnRst() throws IOException {
        try (Link l = connect(0)) {
            l.next();
            assertEquals(1, proxy.reset(1, 0));
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    l.send(message(i)); // the sender learns of the reset on a later write
                    Thread.sleep(1);
                }
            });
            assertTrue(!(e instanceof SocketTimeoutException), e.toString());
            IOException atNode = assertThrows(IOException.class, () -> {
                if (l.next() == null) {
                    throw new IOException("closed");
                }
            }, "n1's end sees the connection end");
            assertTrue(!(atNode instanceof SocketTimeoutException), atNode.toString());
        }
    }

    @Test
    void aConnectionToANodeThatIsDownIsClosedAtOnce() throws IOException {
        proxy.upstream(1, null);
        try (Socket s = new Socket()) {
            s.connect(proxy.address(1), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(hello(0));
            assertThrows(IOException.class, () -> {
                int b = s.getInputStream().read();
                if (b < 0) {
                    throw new IOException("closed");
                }
            });
        }
        assertEquals(1, proxy.stats().refused());
    }
}
