package dev.dst.codec;

import io.microraft.model.message.AppendEntriesRequest;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Encode + decode round trips, standard codec beside Java serialization, in one process and
 * alternating round by round: nanoseconds per round trip (median of rounds) and bytes per
 * message. Not a test: run it by hand (see docs/codec.md).
 *
 * <pre>
 * mvn -B -o -q -pl dst-core test-compile
 * java -cp dst-core/target/classes:dst-core/target/test-classes:$HOME/.m2/repository/io/microraft/microraft/0.7/microraft-0.7.jar \
 *     dev.dst.codec.CodecBench
 * </pre>
 */
public final class CodecBench {
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 9;
    private static final long ROUND_NANOS = 300_000_000L;
    static volatile Object sink;

    /** MicroRaft's AppendEntriesRequest, field for field, made Serializable so that Java serialization can run the same shape. */
    static final class SerialAppendEntries implements Serializable {
        private static final long serialVersionUID = 1L;
        Object groupId;
        SerialEndpoint sender;
        int term;
        int previousLogTerm;
        long previousLogIndex;
        long commitIndex;
        List<SerialLogEntry> logEntries;
        long querySequenceNumber;
        long flowControlSequenceNumber;
        SerialAppendEntries builder;
    }

    static final class SerialLogEntry implements Serializable {
        private static final long serialVersionUID = 1L;
        int term;
        long index;
        Object operation;
        SerialLogEntry builder;
    }

    record SerialEndpoint(String id) implements Serializable {}

    record SerialPut(String key, long value) implements Serializable {}

    /** A user's message as a record: a client write with a few fields and a small list. */
    record ClientWrite(long requestId, int client, String key, String value, List<String> tags, Kind kind) implements Serializable {}

    enum Kind { PUT, CAS }

    static SerialAppendEntries serialAppendEntries(int entries) {
        SerialAppendEntries r = new SerialAppendEntries();
        r.groupId = "group";
        r.sender = new SerialEndpoint("a");
        r.term = 3;
        r.previousLogTerm = 2;
        r.previousLogIndex = 10;
        r.commitIndex = 9;
        r.logEntries = new ArrayList<>();
        for (int i = 1; i <= entries; i++) {
            SerialLogEntry e = new SerialLogEntry();
            e.index = 10 + i;
            e.term = 3;
            e.operation = new SerialPut("k" + i, i);
            r.logEntries.add(e);
        }
        r.querySequenceNumber = 4;
        r.flowControlSequenceNumber = 5;
        return r;
    }

    record Case(String name, Codec codec, Supplier<Object> message) {}

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        AppendEntriesRequest microRaft = MicroRaftMessagesTest.appendEntries(entries);
        SerialAppendEntries mirror = serialAppendEntries(entries);
        ClientWrite write = new ClientWrite(1234567L, 3, "user:42", "a value of some length", List.of("x", "y"), Kind.PUT);
        Codec standard = Codecs.standard();
        Codec java = Codecs.javaSerialization();
        List<Case> cases = List.of(
                new Case("MicroRaft AppendEntriesRequest, " + entries + " entries / standard", standard, () -> microRaft),
                new Case("same shape, Serializable mirror / standard", standard, () -> mirror),
                new Case("same shape, Serializable mirror / Java serialization", java, () -> mirror),
                new Case("record ClientWrite / standard", standard, () -> write),
                new Case("record ClientWrite / Java serialization", java, () -> write));
        System.out.println("JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage());
        double[][] nanos = new double[cases.size()][ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            for (int c = 0; c < cases.size(); c++) {
                double ns = measure(cases.get(c));
                if (round >= 0) {
                    nanos[c][round] = ns;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-62s %12s %12s %8s%n", "message / codec", "ns/trip p50", "min..max", "bytes");
        for (int c = 0; c < cases.size(); c++) {
            double[] sorted = nanos[c].clone();
            Arrays.sort(sorted);
            Case k = cases.get(c);
            System.out.printf(Locale.ROOT, "%-62s %12.0f %5.0f..%-6.0f %8d%n", k.name(), sorted[ROUNDS / 2], sorted[0], sorted[ROUNDS - 1],
                    k.codec().encode(k.message().get()).length);
        }
        byte[] bytes = standard.encode(microRaft);
        System.out.printf(Locale.ROOT, "Codecs.hash of the %d-byte AppendEntriesRequest: %.1f ns%n", bytes.length, hashNanos(bytes));
        System.out.println("load average after: " + loadAverage());
    }

    /** Round trips of one case for about {@link #ROUND_NANOS}: ns per encode + decode. */
    private static double measure(Case c) {
        Object message = c.message().get();
        Codec codec = c.codec();
        long n = 0;
        long start = System.nanoTime();
        long elapsed;
        Object last = null;
        do {
            for (int i = 0; i < 256; i++) {
                last = codec.decode(codec.encode(message));
            }
            n += 256;
            elapsed = System.nanoTime() - start;
        } while (elapsed < ROUND_NANOS);
        sink = last;
        return (double) elapsed / n;
    }

    private static double hashNanos(byte[] bytes) {
        long acc = 0;
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            acc += Codecs.hash(bytes);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            acc += Codecs.hash(bytes);
        }
        double ns = (double) (System.nanoTime() - start) / n;
        sink = acc;
        return ns;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
