package dev.dst.nemesis;

import java.util.ArrayList;
import java.util.List;

/**
 * What a nemesis may hit: the {@code servers} (node, clock, disk faults and partitions) and
 * every endpoint, servers and clients, for link faults.
 */
public record Targets(List<Integer> servers, List<Integer> clients) {
    public Targets {
        servers = List.copyOf(servers);
        clients = List.copyOf(clients);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a nemesis needs at least one server to target");
        }
    }

    public List<Integer> all() {
        List<Integer> a = new ArrayList<>(servers);
        a.addAll(clients);
        return a;
    }
}
