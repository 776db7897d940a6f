package dev.dst.chaos;

import dev.dst.entropy.Seeds;
import dev.dst.node.NodeFactory;
import dev.dst.runtime.AddressBook;
import dev.dst.runtime.FileStorage;
import dev.dst.runtime.NodeRuntime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The main method of a node process that a {@link ChaosCluster} starts: one node on a
 * {@link NodeRuntime}, with {@link FileStorage} in its directory, a clock the cluster can set
 * off true time and a disk it can fill. A scenario's node main is one line:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ChaosNode.run(args, launch -> ctx -> new MyNode(ctx, launch.book().size()));
 * }
 * }</pre>
 *
 * <p>Arguments: {@code BOOK NAME DIRECTORY SEED [EXTRA...]}: the address book (every node's
 * entry is its port on the cluster's proxy), this node's name, its storage directory, the seed
 * of its randomness, and what the scenario passes on (planted bugs). The node listens on a
 * port of loopback chosen at start.
 *
 * <p>The process talks with the cluster over its standard streams:
 * <ul>
 *   <li>stdout, one line each: {@code ready PORT} once the node runs (PORT is where it listens),
 *       {@code event TEXT} for what the node reports ({@link #event}), {@code stopped REASON}
 *       when the node stopped by itself (a handler threw), after which the process exits with
 *       status 3;</li>
 *   <li>stdin, one command a line: {@code clock-offset NANOS} (the offset of {@code ctx.now()}
 *       from the wall clock), {@code disk-full on|off} (the storage's quota: none, or zero
 *       bytes); at the end of stdin (the cluster closed it, or its process died) the node is
 *       closed and the process exits, so that no node outlives its cluster;</li>
 *   <li>stderr: the runtime's log (slf4j).</li>
 * </ul>
 * The initial clock offset and disk state come as the system properties
 * {@code dst.chaos.clockOffsetNanos} and {@code dst.chaos.diskFull}, so that a node restarted
 * while its clock is off or its disk full starts that way. Bad arguments, or a directory
 * another process holds, end the process with status 2 and one line on stderr.
 */
public final class ChaosNode {
    /** The exit status of a node that stopped by itself (a handler threw). */
    public static final int STOPPED = 3;
    /** The exit status for bad arguments or storage that cannot be opened. */
    public static final int BAD_START = 2;

    /** What a node process was started with. */
    public record Launch(AddressBook book, int id, Path directory, long seed, List<String> extra) {
        public Launch {
            extra = List.copyOf(extra);
        }

        public String name() {
            return book.name(id);
        }
    }

    private ChaosNode() {}

    /** A clock {@code offsetNanos} off the wall clock; the offset may change at any time. */
    static final class OffsetClock extends Clock {
        private volatile long offsetNanos;

        OffsetClock(long offsetNanos) {
            this.offsetNanos = offsetNanos;
        }

        void offsetNanos(long nanos) {
            this.offsetNanos = nanos;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a node's clock is UTC");
        }

        @Override
        public Instant instant() {
            return Instant.now().plusNanos(offsetNanos);
        }
    }

    /**
     * Runs the node {@code factory} makes for the process's arguments until the cluster closes
     * stdin or the node stops by itself; never returns (the process exits).
     */
    public static void run(String[] args, Function<Launch, NodeFactory> factory) {
        Launch launch;
        try {
            launch = parse(args);
        } catch (IllegalArgumentException e) {
            fail(BAD_START, e.getMessage());
            return;
        }
        FileStorage storage;
        try {
            storage = FileStorage.open(launch.directory());
        } catch (IOException | RuntimeException e) {
            fail(BAD_START, launch.name() + ": cannot open storage in " + launch.directory() + ": " + e.getMessage());
            return;
        }
        if (Boolean.getBoolean("dst.chaos.diskFull")) {
            storage.setQuotaBytes(0);
        }
        OffsetClock clock = new OffsetClock(Long.getLong("dst.chaos.clockOffsetNanos", 0L));
        NodeRuntime runtime;
        try {
            runtime = NodeRuntime.builder(launch.book(), launch.id(), factory.apply(launch))
                    .storage(storage)
                    .clock(clock)
                    .seed(launch.seed())
                    .listenOn(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .start();
        } catch (IOException | RuntimeException e) {
            storage.close();
            fail(BAD_START, launch.name() + ": cannot start: " + e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            storage.close();
        }));
        if (!runtime.isNodeUp()) {
            say("stopped " + runtime.stopReason());
            System.exit(STOPPED);
        }
        say("ready " + runtime.localAddress().getPort());
        Thread watcher = new Thread(() -> {
            try {
                while (true) {
                    runtime.awaitNodeDown();
                    Thread.sleep(100); // a node's ctx.restart is down for a moment: only a node that stays down stopped
                    if (!runtime.isRunning()) {
                        return; // closed
                    }
                    if (!runtime.isNodeUp()) {
                        say("stopped " + runtime.stopReason());
                        System.exit(STOPPED);
                    }
                }
            } catch (InterruptedException e) {
                // ending
            }
        }, "dst-chaos watch " + launch.name());
        watcher.setDaemon(true);
        watcher.start();
        control(storage, clock);
        System.exit(0); // stdin ended: the cluster is gone; the hook closes the node
    }

    /** A line the cluster reads on the node's stdout, {@code event TEXT}: what a scenario's node main reports (a leader elected ...). */
    public static void event(String text) {
        say("event " + text.replace('\n', ' '));
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    private static void control(FileStorage storage, OffsetClock clock) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.strip().split("\\s+");
                if (w.length == 2 && w[0].equals("clock-offset")) {
                    clock.offsetNanos(Long.parseLong(w[1]));
                } else if (w.length == 2 && w[0].equals("disk-full")) {
                    storage.setQuotaBytes(w[1].equals("on") ? 0 : Long.MAX_VALUE);
                } else {
                    System.err.println("dst chaos node: unknown command '" + line + "' on stdin");
                }
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("dst chaos node: stdin: " + e);
        }
    }

    static Launch parse(String[] args) {
        if (args.length < 4) {
            throw new IllegalArgumentException("expected BOOK NAME DIRECTORY SEED [EXTRA...], got " + Arrays.toString(args));
        }
        AddressBook book = AddressBook.parse(args[0]);
        int id = book.idOf(args[1]);
        return new Launch(book, id, Path.of(args[2]), Seeds.parse(args[3]), Arrays.asList(args).subList(4, args.length));
    }

    private static void fail(int status, String message) {
        System.err.println("dst chaos node: " + message);
        System.err.flush();
        System.exit(status);
    }
}
