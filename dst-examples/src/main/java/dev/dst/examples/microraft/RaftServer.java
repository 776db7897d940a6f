package dev.dst.examples.microraft;

import dev.dst.examples.microraft.KvOps.Cas;
import dev.dst.examples.microraft.KvOps.Get;
import dev.dst.examples.microraft.KvOps.NodeEndpoint;
import dev.dst.examples.microraft.KvOps.Put;
import dev.dst.hosted.Host;
import dev.dst.node.ClientOp;
import dev.dst.node.Request;
import dev.dst.node.Result;
import io.microraft.QueryPolicy;
import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.RaftNodeStatus;
import io.microraft.exception.CannotReplicateException;
import io.microraft.exception.NotLeaderException;
import io.microraft.impl.RaftNodeImpl;
import io.microraft.model.message.RaftMessage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntConsumer;

/**
 * One server: an unmodified MicroRaft {@link RaftNode} given the host's executor, clock,
 * randomness, a transport over the simulated network and a store on the node's storage, and
 * a front end that turns client requests into {@code replicate} and {@code query} calls.
 */
final class RaftServer {
    final RaftNodeImpl raft;
    final KvStateMachine stateMachine;
    private final Host host;

    private RaftServer(Host host, RaftNodeImpl raft, KvStateMachine stateMachine) {
        this.host = host;
        this.raft = raft;
        this.stateMachine = stateMachine;
    }

    /**
     * @param supervisor told when the library terminated its node on its own (it could not
     *                   persist its state, say): the process exits, and the supervisor may start it again
     */
    static RaftServer start(Host host, List<RaftEndpoint> members, RaftConfig config, RaftWatch watch, IntConsumer supervisor) {
        KvStateMachine sm = new KvStateMachine(host.id(), watch);
        SimRaftStore store = new SimRaftStore(host.storage(), host.codec(), () -> watch.storeOverwrites++);
        RaftNode.RaftNodeBuilder b = RaftNode.newBuilder()
                .setGroupId("kv")
                .setConfig(config)
                .setExecutor(new SimRaftExecutor(host.executor()))
                .setTransport(new SimRaftTransport(host))
                .setStateMachine(sm)
                .setStore(store)
                .setClock(host.clock())
                .setRandom(host.random())
                .setRaftNodeReportListener(report -> {
                    if (report.getStatus() == RaftNodeStatus.TERMINATED) { // fail-stop: a process whose Raft node is dead exits
                        host.stop("MicroRaft terminated its node (" + report.getReason() + ")");
                        supervisor.accept(host.id());
                    }
                });
        var restored = store.restore();
        if (restored != null) {
            b.setRestoredState(restored);
        } else {
            b.setLocalEndpoint(new NodeEndpoint(host.id())).setInitialGroupMembers(members);
        }
        RaftServer server = new RaftServer(host, (RaftNodeImpl) b.build(), sm);
        host.onMessage((from, m) -> server.raft.handle((RaftMessage) m));
        host.onRequest(server::request);
        host.onStart(server.raft::start);
        return server;
    }

    private void request(Request r) {
        ClientOp op = (ClientOp) r.op();
        List<?> v = (List<?>) op.value();
        long key = (Long) v.get(0);
        switch (op.f()) {
            case "put" -> replicate(r, new Put(r.from(), r.id(), key, (Long) v.get(1)));
            case "cas" -> {
                List<?> ab = (List<?>) v.get(1);
                replicate(r, new Cas(r.from(), r.id(), key, (Long) ab.get(0), (Long) ab.get(1)));
            }
            case "get" -> query(r, key, QueryPolicy.LINEARIZABLE);
            case LeaseReads.F -> query(r, key, QueryPolicy.LEADER_LEASE);
            default -> host.reply(r, Result.fail("unknown operation " + op.f()));
        }
    }

    /**
     * A command: ok with the state machine's answer once committed; a definite failure when
     * MicroRaft refused it before appending it (not the leader, too many pending); no answer
     * when the outcome is unknown (the leader appended it, then lost leadership): the client's
     * timeout records that as indeterminate.
     */
    private void replicate(Request r, Object command) {
        CompletableFuture<io.microraft.Ordered<Object>> f = raft.replicate(command);
        f.whenComplete((ordered, thrown) -> {
            if (thrown == null) {
                if (ordered.getResult() != null) { // null: a repeat of a command already applied, which answered
                    host.reply(r, ordered.getResult());
                }
            } else if (cause(thrown) instanceof NotLeaderException || cause(thrown) instanceof CannotReplicateException) {
                host.reply(r, Result.fail(cause(thrown).getClass().getSimpleName()));
            }
        });
    }

    /** A read has no effect, so any failure of it is a definite one. */
    private void query(Request r, long key, QueryPolicy policy) {
        CompletableFuture<io.microraft.Ordered<Object>> f = raft.query(new Get(key), policy, Optional.empty(), Optional.empty());
        f.whenComplete((ordered, thrown) -> host.reply(r, thrown == null ? ordered.getResult()
                : Result.fail(cause(thrown).getClass().getSimpleName())));
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
