package dev.dst.chaos;

import dev.dst.entropy.Entropy;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.NodeFactory;
import dev.dst.node.Reply;
import dev.dst.node.Request;
import dev.dst.storage.Storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client requests that come as they would in a simulation: from the client's node address,
 * with an id unique in the run and increasing in the order the operations were invoked.
 *
 * <p>In a simulation a client is a node (address {@code servers + i} for client {@code c<i>}),
 * its requests come {@code from} that address, and every request's id comes from one counter of
 * the run. Nodes rely on both: raft-kv logs a command with the client's address and applies it
 * only when it is a client's (address at least 0) and its id is above the last one applied for
 * that client (exactly once across retries and duplicates). On the runtime a {@code Client}'s
 * request comes from {@code Request.EXTERNAL} (-1), and each node numbers the requests it
 * receives itself, from the wall clock at its start: raft-kv would apply no client command, and
 * a node started later would number above a longer-lived one. A chaos run therefore sends each
 * operation as a {@link Tagged} with the client's address and the run's id, and the node process
 * wraps its node in {@link #wrap}: the node sees {@code Request(client, id, op)} as in a
 * simulation, and its {@code ctx.reply} reaches the client that asked.
 */
public final class ClientIds {
    /** At most this many unanswered requests are remembered per node (a leader that steps down never answers some). */
    static final int MAX_WAITING = 100_000;

    private ClientIds() {}

    /** An operation, the address of the client that asks (as in a simulation: servers + its index) and the id the run gave it. */
    public record Tagged(int client, long id, Object op) {
        public Tagged {
            if (client < 0) {
                throw new IllegalArgumentException("a client's address is not negative: " + client);
            }
        }
    }

    /** {@code inner}'s nodes, seeing the ids of {@link Tagged} requests (other requests pass as they are). */
    public static NodeFactory wrap(NodeFactory inner) {
        return ctx -> new Tagging(ctx, inner);
    }

    /** The node, and the requests it was given under the client's id: id -> the runtime's request. */
    private static final class Tagging implements Node {
        private final Map<Long, Request> waiting = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Request> eldest) {
                return size() > MAX_WAITING;
            }
        };
        private final java.util.Set<Integer> clients = new java.util.TreeSet<>(); // the addresses tagged requests came from
        private final Context ctx;
        private final Node node;

        Tagging(NodeContext real, NodeFactory inner) {
            this.ctx = new Context(real);
            this.node = inner.create(ctx);
        }

        @Override
        public void onStart(NodeContext real) {
            node.onStart(ctx);
        }

        @Override
        public void onMessage(NodeContext real, int from, Object message) {
            node.onMessage(ctx, from, message);
        }

        @Override
        public void onTimer(NodeContext real, long timerId, Object tag) {
            node.onTimer(ctx, timerId, tag);
        }

        @Override
        public void onRequest(NodeContext real, Request request) {
            if (request.from() == Request.EXTERNAL && request.op() instanceof Tagged t) {
                waiting.put(t.id(), request);
                clients.add(t.client());
                node.onRequest(ctx, new Request(t.client(), t.id(), t.op()));
            } else {
                node.onRequest(ctx, request);
            }
        }

        @Override
        public void onReply(NodeContext real, Reply reply) {
            node.onReply(ctx, reply);
        }

        /** The runtime's context, but a reply to a tagged request goes to the runtime's request it came as. */
        private final class Context implements NodeContext {
            private final NodeContext real;

            Context(NodeContext real) {
                this.real = real;
            }

            @Override
            public void reply(Request request, Object value) {
                Request original = waiting.remove(request.id());
                if (original != null) {
                    real.reply(original, value);
                    return;
                }
                if (clients.contains(request.from())) {
                    return; // a tagged request answered twice, or forgotten (MAX_WAITING): its client is not a node to send to
                }
                real.reply(request, value);
            }

            @Override
            public int id() {
                return real.id();
            }

            @Override
            public String name() {
                return real.name();
            }

            @Override
            public String nameOf(int node) {
                return real.nameOf(node);
            }

            @Override
            public long now() {
                return real.now();
            }

            @Override
            public long monotonicNanos() {
                return real.monotonicNanos();
            }

            @Override
            public void send(int to, Object message) {
                real.send(to, message);
            }

            @Override
            public long request(int to, Object op) {
                return real.request(to, op);
            }

            @Override
            public long setTimer(long delayNanos, Object tag) {
                return real.setTimer(delayNanos, tag);
            }

            @Override
            public void cancelTimer(long timerId) {
                real.cancelTimer(timerId);
            }

            @Override
            public Entropy random() {
                return real.random();
            }

            @Override
            public Storage storage() {
                return real.storage();
            }

            @Override
            public void log(String format, Object... args) {
                real.log(format, args);
            }

            @Override
            public boolean buggify(String site) {
                return real.buggify(site);
            }

            @Override
            public boolean isAlive() {
                return real.isAlive();
            }

            @Override
            public void stop(String reason) {
                real.stop(reason);
            }

            @Override
            public void restart(String reason) {
                real.restart(reason);
            }
        }
    }
}
