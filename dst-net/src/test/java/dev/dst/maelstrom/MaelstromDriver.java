package dev.dst.maelstrom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Plays Maelstrom for tests: starts nodes (adapters in this JVM over pipes, or child processes
 * over their stdin and stdout), sends {@code init}, routes every line a node writes as
 * Maelstrom's network does (to the node or client named in {@code dest}; dropped between the
 * groups of a partition until {@link #heal}), and makes client calls as Maelstrom's clients do:
 * one outstanding request per client, {@code msg_id}s 1, 2, 3 ..., the answer is the message
 * whose {@code in_reply_to} is the request's {@code msg_id} (anything else is ignored).
 *
 * <p>It checks, for every line a node writes: JSON, an object with string {@code src} (the node's
 * own id) and {@code dest} (a node or a client that exists) and an object {@code body} with a
 * string {@code type} and an integer {@code msg_id} greater than the node's previous one. What
 * breaks a rule is a {@link #violations() violation}.
 */
public final class MaelstromDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A node's two streams as the driver sees them, and how to stop it. */
    private interface Endpoint {
        OutputStream stdin();

        InputStream stdout();

        /** Waits for the node to end after its stdin closed; kills it if it does not. */
        void awaitEnd(Duration timeout) throws InterruptedException;
    }

    private final List<String> nodeIds;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, LinkedBlockingQueue<JsonNode>> clients = new ConcurrentHashMap<>();
    private final Map<String, Long> clientMsgIds = new ConcurrentHashMap<>();
    private final List<Thread> routers = new ArrayList<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> lastMsgId = new ConcurrentHashMap<>();
    private final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
    private volatile List<Set<String>> partition = List.of();
    private final Set<String> closed = ConcurrentHashMap.newKeySet(); // nodes whose stdin the driver closed: messages to them are dropped
    private final List<JsonNode> traffic = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lateReplies = new AtomicLong();
    private int nextClient;

    private MaelstromDriver(List<String> nodeIds) {
        this.nodeIds = List.copyOf(nodeIds);
    }

    /** Nodes {@code n0 .. n(count-1)}, each an adapter in this JVM from {@code builder} (given its node id), over pipes. */
    public static MaelstromDriver inProcess(int count, Function<String, MaelstromNode.Builder> builder) throws IOException {
        MaelstromDriver d = new MaelstromDriver(names(count));
        for (String id : d.nodeIds) {
            Pipe in = Pipe.open();
            Pipe out = Pipe.open();
            MaelstromNode node = builder.apply(id).input(Channels.newInputStream(in.source()))
                    .output(Channels.newOutputStream(out.sink())).start();
            OutputStream stdin = Channels.newOutputStream(in.sink());
            InputStream stdout = Channels.newInputStream(out.source());
            d.endpoints.put(id, new Endpoint() {
                public OutputStream stdin() {
                    return stdin;
                }

                public InputStream stdout() {
                    return stdout;
                }

                public void awaitEnd(Duration timeout) throws InterruptedException {
                    if (!node.awaitTermination(timeout)) {
                        node.close();
                    }
                }
            });
        }
        d.startRouting();
        return d;
    }

    /** Nodes {@code n0 .. n(count-1)}, each a child process running {@code command}; its stderr goes to {@code logs/<id>.log}. */
    public static MaelstromDriver processes(int count, List<String> command, Path logs) throws IOException {
        MaelstromDriver d = new MaelstromDriver(names(count));
        try {
            for (String id : d.nodeIds) {
                Process p = new ProcessBuilder(command).redirectError(logs.resolve(id + ".log").toFile()).start();
                d.endpoints.put(id, new Endpoint() {
                    public OutputStream stdin() {
                        return p.getOutputStream();
                    }

                    public InputStream stdout() {
                        return p.getInputStream();
                    }

                    public void awaitEnd(Duration timeout) throws InterruptedException {
                        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                            d.violations.add(id + ": did not exit within " + timeout + " of its stdin closing; killed");
                            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                        }
                        if (!p.isAlive()) {
                            d.exitCodes.put(id, p.exitValue());
                        }
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            try {
                d.close(); // the processes already started
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        d.startRouting();
        return d;
    }

    private static List<String> names(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("n" + i);
        }
        return ids;
    }

    public List<String> nodeIds() {
        return nodeIds;
    }

    private void startRouting() {
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            Thread t = new Thread(() -> route(e.getKey(), e.getValue().stdout()), "driver-route-" + e.getKey());
            t.setDaemon(true);
            t.start();
            routers.add(t);
        }
    }

    // ------------------------------------------------------------------ the network

    private void route(String node, InputStream stdout) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                deliver(node, line);
            }
        } catch (IOException e) {
            violations.add(node + ": reading its stdout failed: " + e);
        }
    }

    private void deliver(String node, String line) {
        JsonNode m = check(node, line);
        if (m == null) {
            return;
        }
        String dest = m.get("dest").asText();
        LinkedBlockingQueue<JsonNode> client = clients.get(dest);
        if (client != null) {
            client.add(m.get("body"));
        } else if (!endpoints.containsKey(dest)) {
            violations.add(node + ": a message to " + dest + ", who does not exist: " + line);
        } else if (cut(node, dest)) {
            dropped.incrementAndGet();
            keep(m);
        } else {
            routed.incrementAndGet();
            keep(m);
            write(dest, line);
        }
    }

    private void keep(JsonNode m) {
        if (traffic.size() < 100_000) {
            traffic.add(m);
        }
    }

    /** The message, if {@code line} is a well-formed one from {@code node}; else a violation and {@code null}. */
    private JsonNode check(String node, String line) {
        JsonNode m;
        try {
            m = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            violations.add(node + ": a line on stdout that is not JSON: " + line);
            return null;
        }
        if (m == null || !m.isObject() || !m.path("src").isTextual() || !m.path("dest").isTextual() || !m.path("body").isObject()
                || !m.path("body").path("type").isTextual()) {
            violations.add(node + ": not a message (string src and dest, object body with a string type): " + line);
            return null;
        }
        if (!m.get("src").asText().equals(node)) {
            violations.add(node + ": a message whose src is not its own id: " + line);
        }
        JsonNode msgId = m.get("body").get("msg_id");
        if (msgId == null || !msgId.isIntegralNumber()) {
            violations.add(node + ": a body without an integer msg_id: " + line);
        } else {
            Long before = lastMsgId.put(node, msgId.asLong());
            if (before != null && msgId.asLong() <= before) {
                violations.add(node + ": msg_id " + msgId + " after " + before + ": " + line);
            }
        }
        return m;
    }

    private boolean cut(String a, String b) {
        List<Set<String>> p = partition;
        if (p.isEmpty()) {
            return false;
        }
        for (Set<String> group : p) {
            if (group.contains(a)) {
                return !group.contains(b);
            }
        }
        return true;
    }

    /** Writes one line to a node's stdin, whole (lines from several routers never interleave). */
    private void write(String dest, String line) {
        Endpoint e = endpoints.get(dest);
        synchronized (e) {
            if (closed.contains(dest)) {
                return; // shutting down, as Maelstrom's network does at the end of a test
            }
            try {
                OutputStream o = e.stdin();
                o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            } catch (IOException ex) {
                violations.add(dest + ": its stdin did not take a message (" + ex + ")");
            }
        }
    }

    /** Drops every message between nodes of different groups (a node in no group is cut off from all) until {@link #heal}. */
    public void partition(List<Set<String>> groups) {
        partition = List.copyOf(groups);
    }

    public void heal() {
        partition = List.of();
    }

    /** The node-to-node messages so far, delivered or dropped (the first 100,000). */
    public List<JsonNode> traffic() {
        synchronized (traffic) {
            return List.copyOf(traffic);
        }
    }

    /** Node-to-node messages delivered so far. */
    public long routed() {
        return routed.get();
    }

    /** Node-to-node messages the partition dropped so far. */
    public long dropped() {
        return dropped.get();
    }

    /** Answers a client received for requests it had stopped waiting for. */
    public long lateReplies() {
        return lateReplies.get();
    }

    /** The exit codes of child processes after {@link #close} (none for nodes in this JVM). */
    public Map<String, Integer> exitCodes() {
        return Map.copyOf(exitCodes);
    }

    /** What the nodes wrote that Maelstrom would refuse. */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    // ------------------------------------------------------------------ clients

    /** A new client, named as Maelstrom names them: c0, c1, c2 ... */
    public synchronized String openClient() {
        return openClient("c" + nextClient++);
    }

    /** A sender of requests with any name (a Maelstrom service's, say), seen by the nodes as a client would be. */
    public synchronized String openClient(String name) {
        clients.put(name, new LinkedBlockingQueue<>());
        clientMsgIds.put(name, 0L);
        return name;
    }

    /** Sends {@code init} to every node from a fresh client each, and checks each answer is an {@code init_ok} to it. */
    public void init() throws InterruptedException {
        for (String id : nodeIds) {
            ObjectNode body = JSON.createObjectNode().put("type", "init").put("node_id", id);
            body.set("node_ids", JSON.valueToTree(nodeIds));
            JsonNode ok = call(openClient(), id, body, Duration.ofSeconds(60));
            if (ok == null || !"init_ok".equals(ok.path("type").asText())) {
                throw new IllegalStateException(id + " answered init with " + ok + "; violations: " + violations());
            }
        }
    }

    /**
     * Sends {@code body} (a {@code msg_id} added: the client's next) from {@code client} to
     * {@code node} and waits for the answer; {@code null} when none came within {@code timeout}
     * (Maelstrom's {@code :info}).
     */
    public JsonNode call(String client, String node, ObjectNode body, Duration timeout) throws InterruptedException {
        long msgId = clientMsgIds.merge(client, 1L, Long::sum);
        body.put("msg_id", msgId);
        send(client, node, body);
        return await(client, msgId, timeout);
    }

    /** Sends a message as {@code client} without waiting: {@code body} as it is. */
    public void send(String client, String node, ObjectNode body) {
        ObjectNode m = JSON.createObjectNode().put("src", client).put("dest", node);
        m.set("body", body);
        sendRaw(node, m.toString());
    }

    /** Writes {@code line} to a node's stdin as it is (malformed input for tests). */
    public void sendRaw(String node, String line) {
        write(node, line);
    }

    /** Waits for the answer to {@code client}'s request {@code msgId}, skipping answers to others. */
    public JsonNode await(String client, long msgId, Duration timeout) throws InterruptedException {
        LinkedBlockingQueue<JsonNode> q = clients.get(client);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode b = left > 0 ? q.poll(left, TimeUnit.NANOSECONDS) : null;
            if (b == null) {
                return null;
            }
            if (b.path("in_reply_to").asLong(-1) == msgId) {
                return b;
            }
            lateReplies.incrementAndGet();
        }
    }

    /** The next message to {@code client}, whatever it answers; {@code null} after {@code timeout}. */
    public JsonNode next(String client, Duration timeout) throws InterruptedException {
        return clients.get(client).poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public static ObjectNode body(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /**
     * Closes every node's stdin (Maelstrom's end of a test closes or kills them; the adapter
     * stops at the end of its input), waits for each to end (a process that does not is killed
     * and counted as a violation), and for the routers to drain their stdout. Messages to a node
     * whose stdin is closed are dropped.
     */
    @Override
    public void close() throws InterruptedException {
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            synchronized (e.getValue()) {
                closed.add(e.getKey());
                try {
                    e.getValue().stdin().close();
                } catch (IOException ex) {
                    // already gone
                }
            }
        }
        for (Endpoint e : endpoints.values()) {
            e.awaitEnd(Duration.ofSeconds(60));
        }
        for (Thread t : routers) {
            t.join(30_000);
            if (t.isAlive()) {
                violations.add(t.getName() + ": the node's stdout did not end after the node did");
            }
        }
    }
}
