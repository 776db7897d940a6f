package dev.dst.fault;

import dev.dst.net.Network;
import dev.dst.sim.Simulation;

/** What faults act on: the kernel (nodes, clocks, disks) and the network (links). */
public record World(Simulation sim, Network network) {
    /** The node called {@code name}; an {@link IllegalArgumentException} naming the known ones otherwise. */
    public int node(String name) {
        for (int i = 0; i < sim.nodeCount(); i++) {
            if (sim.nodeName(i).equals(name)) {
                return i;
            }
        }
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < sim.nodeCount(); i++) {
            known.append(i == 0 ? "" : ", ").append(sim.nodeName(i));
        }
        throw new IllegalArgumentException("unknown node '" + name + "'; nodes: " + known);
    }

    public String name(int node) {
        return sim.nodeName(node);
    }
}
