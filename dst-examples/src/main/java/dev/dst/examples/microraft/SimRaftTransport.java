package dev.dst.examples.microraft;

import dev.dst.examples.microraft.KvOps.NodeEndpoint;
import dev.dst.hosted.Host;
import io.microraft.RaftEndpoint;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;

/**
 * MicroRaft's transport over the simulated network: each message goes through the host, which
 * encodes it (so that no node holds an object another node has) and the network decides its fate.
 */
final class SimRaftTransport implements Transport {
    private final Host host;

    SimRaftTransport(Host host) {
        this.host = host;
    }

    @Override
    public void send(RaftEndpoint target, RaftMessage message) {
        host.send(((NodeEndpoint) target).id(), message);
    }

    /** A real transport answers whether it holds a connection; the simulated one cannot know of a partition, as a datagram cannot. */
    @Override
    public boolean isReachable(RaftEndpoint endpoint) {
        return true;
    }
}
