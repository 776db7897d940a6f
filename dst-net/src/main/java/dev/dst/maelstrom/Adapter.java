package dev.dst.maelstrom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dst.entropy.EntropySource;
import dev.dst.entropy.Seeds;
import dev.dst.node.NodeFactory;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.runtime.NodeHost;
import dev.dst.runtime.RuntimeStats;
import dev.dst.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The loop of a {@link MaelstromNode}: one thread that reads the lines stdin delivered, decodes
 * them, hands them to the node's {@link NodeHost}, fires its timers, and writes what the node
 * and the protocol produced to stdout at the end of each turn, one JSON message per line,
 * flushed. It is the host's {@link NodeHost.Wiring}: the node's sends become Maelstrom messages.
 *
 * <p>Addresses: the nodes of {@code node_ids} are 0 .. n-1 in that order (every node is told the
 * same list); Maelstrom client {@code cK} is n + K. A client's request is a {@link Request} from
 * its address, and the node's {@link Reply} to that address is the client's answer.
 */
final class Adapter implements Runnable, NodeHost.Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(MaelstromNode.class);
    static final Object EOF = new Object();
    private static final int INPUTS_PER_TURN = 256;
    private static final int TIMERS_PER_TURN = 10_000;

    private final MaelstromNode.Settings settings;
    private final Writer out;
    private final ObjectMapper json = new ObjectMapper();
    private final PeerBodies peers;
    private final ClientCalls calls;
    final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ArrayDeque<Runnable> soon = new ArrayDeque<>();
    private final List<String> outgoing = new ArrayList<>();
    final MaelstromStats.Counters counters = new MaelstromStats.Counters();
    volatile Thread thread;
    private volatile boolean running = true;
    volatile String nodeId;
    private volatile NodeHost host;
    private List<String> nodeIds;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private int self = -1;
    private Storage storage;
    private long nextMsgId = 1;

    Adapter(MaelstromNode.Settings settings, Writer out) {
        this.settings = settings;
        this.out = out;
        this.peers = new PeerBodies(settings.codec());
        this.calls = new ClientCalls(settings.forgetNanos());
    }

    void stop() {
        inbox.add(EOF);
    }

    boolean isNodeUp() {
        NodeHost h = host;
        return h != null && h.isNodeUp();
    }

    MaelstromStats snapshot() {
        NodeHost h = host;
        RuntimeStats s = h == null ? new RuntimeStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : h.stats();
        MaelstromStats.Counters c = counters;
        return new MaelstromStats(c.linesIn, c.linesOut, c.clientRequests, c.okAnswers, c.errorAnswers, c.peerMessagesIn,
                c.peerMessagesOut, c.malformed, c.forgotten, s.droppedNodeDown(), s.nodeStops(), s.timersFired());
    }

    @Override
    public void run() {
        try {
            while (running) {
                turn();
            }
        } catch (InterruptedException e) {
            LOG.info("{}: interrupted; stopping", label());
        } catch (IOException e) {
            LOG.error("{}: writing to stdout failed ({}); stopping", label(), e.toString());
        } catch (RuntimeException | Error e) {
            LOG.error("{}: the adapter failed; stopping", label(), e);
        } finally {
            shutdown();
        }
    }

    private void turn() throws InterruptedException, IOException {
        long wait = soon.isEmpty() ? nanosToNextTimer() : 0;
        Object in = wait == 0 ? inbox.poll() : wait == Long.MAX_VALUE ? inbox.take() : inbox.poll(wait, TimeUnit.NANOSECONDS);
        for (int i = 0; in != null && running; i++) {
            input(in);
            in = i < INPUTS_PER_TURN ? inbox.poll() : null;
        }
        for (int n = soon.size(); n > 0; n--) {
            soon.poll().run();
        }
        NodeHost h = host;
        if (h != null) {
            long now = System.nanoTime();
            for (int i = 0; i < TIMERS_PER_TURN && h.fireDueTimer(now); i++) {
                // each call fired one timer
            }
            calls.expire(now);
            counters.forgotten = calls.forgotten;
        }
        flush();
    }

    private long nanosToNextTimer() {
        NodeHost h = host;
        return h == null ? Long.MAX_VALUE : h.nanosUntilNextTimer(System.nanoTime());
    }

    private void flush() throws IOException {
        if (outgoing.isEmpty()) {
            return;
        }
        for (String line : outgoing) {
            out.write(line);
            out.write('\n');
        }
        counters.linesOut += outgoing.size();
        outgoing.clear();
        out.flush();
    }

    private void shutdown() {
        running = false;
        NodeHost h = host;
        if (h != null) {
            h.shutdown();
        }
        try {
            flush();
            out.close(); // the end of the output tells a reader the node is done
        } catch (IOException e) {
            // stdout is gone: nothing more to say there
        }
        if (storage instanceof AutoCloseable c && settings.ownsStorage()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("{}: closing the storage failed", label(), e);
            }
        }
        MaelstromStats s = snapshot();
        LOG.info("{}: stopped: {} lines in, {} out; {} client requests, {} ok and {} error answers; {} peer messages in, {} out; "
                        + "{} inputs malformed, {} requests forgotten", label(), s.linesIn(), s.linesOut(), s.clientRequests(),
                s.okAnswers(), s.errorAnswers(), s.peerMessagesIn(), s.peerMessagesOut(), s.malformed(), s.forgotten());
    }

    private String label() {
        String id = nodeId;
        return id == null ? "maelstrom node (before init)" : id;
    }

    // ------------------------------------------------------------------ input

    private void input(Object in) {
        if (in == EOF) {
            LOG.info("{}: the input ended (or the adapter was closed): stopping", label());
            running = false;
            return;
        }
        counters.linesIn++;
        String line = (String) in;
        JsonNode message;
        try {
            message = json.readTree(line);
        } catch (JsonProcessingException e) {
            malformed(line, "not JSON (" + e.getOriginalMessage() + ")");
            return;
        }
        if (message == null || !message.isObject()) {
            malformed(line, "not a JSON object");
            return;
        }
        JsonNode src = message.get("src");
        JsonNode dest = message.get("dest");
        JsonNode body = message.get("body");
        if (src == null || !src.isTextual() || dest == null || !dest.isTextual() || body == null || !body.isObject()) {
            malformed(line, "a message needs a string src and dest and an object body");
            return;
        }
        message(src.asText(), dest.asText(), body, line);
    }

    private void message(String src, String dest, JsonNode body, String line) {
        JsonNode msgIdNode = body.get("msg_id");
        Long msgId = msgIdNode != null && msgIdNode.isIntegralNumber() && msgIdNode.canConvertToLong() ? msgIdNode.asLong() : null;
        if (body.has("in_reply_to")) {
            reply(src, body);
            return;
        }
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual()) {
            counters.malformed++;
            error(src, dest, msgId, MaelstromError.malformed("the body has no string 'type': " + line));
            return;
        }
        if (msgIdNode != null && msgId == null) {
            counters.malformed++;
            error(src, dest, null, MaelstromError.malformed("msg_id is not an integer: " + line));
            return;
        }
        if (type.asText().equals("init")) {
            init(src, dest, msgId, body);
        } else if (host == null) {
            error(src, dest, msgId, MaelstromError.unavailable("not initialized yet: init must come first"));
        } else if (!dest.equals(nodeId)) {
            counters.malformed++;
            LOG.warn("{}: dropped a message for {}: {}", nodeId, dest, line);
        } else if (indexOf.containsKey(src)) {
            peer(indexOf.get(src), src, msgId, body);
        } else {
            client(src, msgId, type.asText(), body);
        }
    }

    private void malformed(String line, String why) {
        counters.malformed++;
        LOG.warn("{}: ignored a line that is {}: {}", label(), why, line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }

    /** A reply to something this node sent: only peers reply (an error to a dst body they could not read). */
    private void reply(String src, JsonNode body) {
        JsonNode type = body.get("type");
        if (type != null && "error".equals(type.asText()) && body.path("code").asInt() == MaelstromError.Code.TEMPORARILY_UNAVAILABLE.code()) {
            LOG.info("{}: {} did not take message {} ({}): it is lost, as on a network", label(), src, body.get("in_reply_to"), body.get("text"));
        } else if (type != null && "error".equals(type.asText())) {
            LOG.warn("{}: {} answered message {} with error {}: {}", label(), src, body.get("in_reply_to"), body.get("code"), body.get("text"));
        } else {
            LOG.debug("{}: ignored a reply from {}: {}", label(), src, body);
        }
    }

    private void init(String src, String dest, Long msgId, JsonNode body) {
        List<String> ids;
        String id;
        try {
            id = Bodies.string(body, "node_id");
            ids = nodeIds(Bodies.array(body, "node_ids"), id);
        } catch (MaelstromError e) {
            error(src, dest, msgId, e);
            return;
        }
        if (host != null) {
            if (id.equals(nodeId) && ids.equals(nodeIds)) {
                answer(src, msgId, Bodies.body("init_ok"));
            } else {
                error(src, dest, msgId, MaelstromError.malformed("already initialized as " + nodeId + " of " + nodeIds));
            }
            return;
        }
        try {
            start(id, ids);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: the node could not be built", id, e);
            error(src, dest, msgId, new MaelstromError(MaelstromError.Code.CRASH, "the node could not be built: " + e));
            return;
        }
        if (host.isNodeUp()) {
            answer(src, msgId, Bodies.body("init_ok"));
        } else {
            error(src, dest, msgId, new MaelstromError(MaelstromError.Code.CRASH, "the node did not start: " + host.stopReason()));
        }
    }

    private static List<String> nodeIds(ArrayNode array, String self) throws MaelstromError {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isTextual() || ids.contains(n.asText()) || ClientCalls.clientNumber(n.asText()) >= 0) {
                throw MaelstromError.malformed("node_ids must be distinct strings, none a client's name (c<number>): " + array);
            }
            ids.add(n.asText());
        }
        if (!ids.contains(self)) {
            throw MaelstromError.malformed("node_id " + self + " is not among node_ids " + array);
        }
        return List.copyOf(ids);
    }

    /** Builds the node once {@code init} said who it is: storage, randomness, the host; then its first incarnation. */
    private void start(String id, List<String> ids) throws IOException {
        nodeIds = ids;
        for (int i = 0; i < ids.size(); i++) {
            indexOf.put(ids.get(i), i);
        }
        self = indexOf.get(id);
        NodeFactory factory = settings.nodes().apply(ids.size());
        storage = settings.storage().open(id);
        nodeId = id;
        LOG.info("{}: node {} of {} {}, workload {}, seed {}", id, self, ids.size(), ids, settings.workload().name(),
                Seeds.format(settings.seed()));
        NodeHost h = NodeHost.create(this, self, factory, storage, EntropySource.seeded(settings.seed()).stream("node/" + id),
                settings.clock());
        host = h;
        h.boot();
    }

    private void peer(int from, String src, Long msgId, JsonNode body) {
        Object m;
        try {
            m = peers.decode(body);
        } catch (MaelstromError e) {
            counters.malformed++;
            LOG.warn("{}: could not read {}'s message: {}", nodeId, src, e.getMessage());
            error(src, nodeId, msgId, e);
            return;
        }
        counters.peerMessagesIn++;
        host.deliver(from, m);
    }

    private void client(String src, Long msgId, String type, JsonNode body) {
        int number = ClientCalls.clientNumber(src);
        if (number < 0) {
            error(src, nodeId, msgId, MaelstromError.notSupported("requests come from clients c<number> only; " + src
                    + " is neither a client nor one of " + nodeIds));
            return;
        }
        if (msgId == null) {
            counters.malformed++;
            LOG.warn("{}: a '{}' request from {} without msg_id cannot be answered: dropped", nodeId, type, src);
            return;
        }
        if (!host.isNodeUp()) {
            error(src, nodeId, msgId, MaelstromError.unavailable(nodeId + " is down: " + host.stopReason()));
            return;
        }
        Call call;
        long[] ids;
        try {
            call = settings.workload().call(type, body);
            ids = ClientCalls.requestIds(msgId, number, call.ops().size());
        } catch (MaelstromError e) {
            error(src, nodeId, msgId, e);
            return;
        } catch (RuntimeException e) {
            LOG.error("{}: the {} codec failed on {}", nodeId, settings.workload().name(), body, e);
            error(src, nodeId, msgId, new MaelstromError(MaelstromError.Code.CRASH, "the workload codec failed: " + e));
            return;
        }
        counters.clientRequests++;
        if (ids.length == 0) {
            finish(src, msgId, call, List.of());
            return;
        }
        calls.add(new ClientCalls.InFlight(src, msgId, call, ids, System.nanoTime()));
        int address = nodeIds.size() + number;
        for (int i = 0; i < ids.length; i++) {
            host.deliver(address, new Request(address, ids[i], call.ops().get(i)));
        }
    }

    /** Answers a client's request from the node's replies to its operations. */
    private void finish(String client, long msgId, Call call, List<Object> replies) {
        ObjectNode body;
        try {
            body = call.answer(replies);
        } catch (MaelstromError e) {
            error(client, nodeId, msgId, e);
            return;
        } catch (RuntimeException e) {
            LOG.error("{}: the {} codec failed on the replies {}", nodeId, settings.workload().name(), replies, e);
            error(client, nodeId, msgId, new MaelstromError(MaelstromError.Code.CRASH, "the workload codec failed: " + e));
            return;
        }
        answer(client, msgId, body);
    }

    // ------------------------------------------------------------------ output

    private void answer(String dest, Long inReplyTo, ObjectNode body) {
        counters.okAnswers++;
        body.put("msg_id", nextMsgId++);
        body.put("in_reply_to", inReplyTo);
        emit(nodeId, dest, body);
    }

    /** Answers {@code error}, when the request had a msg_id to answer; logs it in any case. */
    private void error(String dest, String from, Long inReplyTo, MaelstromError error) {
        if (inReplyTo == null) {
            LOG.warn("{}: cannot answer {} ({}: no msg_id)", label(), dest, error);
            return;
        }
        LOG.debug("{}: answering {} to {}'s message {}", label(), error, dest, inReplyTo);
        counters.errorAnswers++;
        ObjectNode body = Bodies.body("error");
        body.put("code", error.code().code());
        body.put("text", error.text());
        body.put("msg_id", nextMsgId++);
        body.put("in_reply_to", inReplyTo);
        emit(nodeId != null ? nodeId : from, dest, body);
    }

    private void emit(String src, String dest, ObjectNode body) {
        ObjectNode m = json.createObjectNode();
        m.put("src", src);
        m.put("dest", dest);
        m.set("body", body);
        try {
            outgoing.add(json.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }

    // ------------------------------------------------------------------ the host's wiring

    @Override
    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void later(Runnable task) {
        soon.add(task);
    }

    @Override
    public String nameOf(int node) {
        int n = nodeIds.size();
        if (node >= 0 && node < n) {
            return nodeIds.get(node);
        }
        return node >= n && node - n < ClientCalls.MAX_CLIENTS ? "c" + (node - n) : "node#" + node;
    }

    @Override
    public void send(int to, Object message) {
        int n = nodeIds.size();
        if (to == self) {
            byte[] bytes = settings.codec().encode(message);
            later(() -> host.deliver(to, settings.codec().decode(bytes)));
        } else if (to >= 0 && to < n) {
            ObjectNode body = peers.encode(message);
            body.put("msg_id", nextMsgId++);
            counters.peerMessagesOut++;
            emit(nodeId, nodeIds.get(to), body);
        } else if (to >= n && to - n < ClientCalls.MAX_CLIENTS) {
            toClient(to - n, message);
        } else {
            throw new IllegalArgumentException(nodeId + " sent " + message + " to unknown address " + to + " (nodes 0.." + (n - 1)
                    + " are " + nodeIds + ", client cK is " + n + " + K)");
        }
    }

    private void toClient(int client, Object message) {
        if (!(message instanceof Reply r)) {
            LOG.warn("{}: dropped {} to client c{}: a client takes replies to its requests only", nodeId, message, client);
            return;
        }
        ClientCalls.InFlight done = calls.replied(r.id(), r.value());
        if (done != null) {
            finish(done.client, done.msgId, done.call, java.util.Arrays.asList(done.replies));
        }
    }

    @Override
    public void replyToClient(Object client, long correlation, Object value) {
        throw new IllegalStateException("the Maelstrom adapter gives every client an address; it hands the node no external requests");
    }
}
