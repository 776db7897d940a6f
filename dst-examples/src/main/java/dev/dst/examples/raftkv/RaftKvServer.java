package dev.dst.examples.raftkv;

import dev.dst.chaos.ChaosNode;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Reply;
import dev.dst.node.Request;

import java.util.List;

/**
 * A raft-kv server as a real process, for {@code dst chaos raft-kv}: {@link RaftNode}, the class
 * the simulation tests, unchanged, on the runtime ({@link ChaosNode}). Extra arguments name the
 * planted bugs to turn on. The process reports {@code leader TERM} each time its node becomes
 * leader (read after each input from the node's role and term), so that the chaos run can check
 * one leader per term across processes.
 */
public final class RaftKvServer {
    private RaftKvServer() {}

    public static void main(String[] args) {
        ChaosNode.run(args, launch -> {
            RaftNode.Bugs bugs = bugs(launch.extra());
            int nodes = launch.book().size();
            return ctx -> new Reporting(new RaftNode(ctx, nodes, bugs, new RaftObserver(nodes, ctx::nameOf)));
        });
    }

    static RaftNode.Bugs bugs(List<String> names) {
        List<String> known = new RaftKv().bugs().stream().map(b -> b.name()).toList();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("raft-kv has no bug '" + n + "'; bugs: " + String.join(", ", known));
            }
        }
        return new RaftNode.Bugs(names.contains(RaftKv.BUG_DUPLICATE_VOTES), names.contains(RaftKv.BUG_COMMIT_OLD_TERM),
                names.contains(RaftKv.BUG_VOTE_WITHOUT_FSYNC), names.contains(RaftKv.BUG_STALE_READ));
    }

    /** The node, and a {@code leader TERM} event whenever it has become leader of a new term. */
    private static final class Reporting implements Node {
        private final RaftNode raft;
        private long reportedTerm = -1;

        Reporting(RaftNode raft) {
            this.raft = raft;
        }

        private void report() {
            if (raft.role() == RaftNode.Role.LEADER && raft.currentTerm() != reportedTerm) {
                reportedTerm = raft.currentTerm();
                ChaosNode.event("leader " + reportedTerm);
            }
        }

        @Override
        public void onStart(NodeContext ctx) {
            raft.onStart(ctx);
            report();
        }

        @Override
        public void onMessage(NodeContext ctx, int from, Object message) {
            raft.onMessage(ctx, from, message);
            report();
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            raft.onTimer(ctx, timerId, tag);
            report();
        }

        @Override
        public void onRequest(NodeContext ctx, Request request) {
            raft.onRequest(ctx, request);
            report();
        }

        @Override
        public void onReply(NodeContext ctx, Reply reply) {
            raft.onReply(ctx, reply);
            report();
        }
    }
}
