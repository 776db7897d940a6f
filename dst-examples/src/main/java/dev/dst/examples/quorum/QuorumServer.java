package dev.dst.examples.quorum;

import dev.dst.chaos.ChaosNode;

import java.util.List;

/**
 * A quorum-register replica and coordinator as a real process, for {@code dst chaos
 * quorum-register}: {@link QuorumNode}, the class the simulation tests, unchanged, on the
 * runtime ({@link ChaosNode}). Extra arguments name the planted bugs to turn on.
 */
public final class QuorumServer {
    private QuorumServer() {}

    public static void main(String[] args) {
        ChaosNode.run(args, launch -> {
            Coordinator.Config config = config(launch.book().size(), launch.extra());
            return ctx -> new QuorumNode(ctx, config, new Observer());
        });
    }

    static Coordinator.Config config(int replicas, List<String> bugs) {
        List<String> known = new QuorumRegister().bugs().stream().map(b -> b.name()).toList();
        for (String b : bugs) {
            if (!known.contains(b)) {
                throw new IllegalArgumentException("quorum-register has no bug '" + b + "'; bugs: " + String.join(", ", known));
            }
        }
        return new Coordinator.Config(replicas, QuorumRegister.QUORUM, QuorumRegister.QUORUM, bugs.contains(QuorumRegister.BUG_ACK_BELOW_W),
                bugs.contains(QuorumRegister.BUG_SINGLE_REPLICA_READ));
    }
}
