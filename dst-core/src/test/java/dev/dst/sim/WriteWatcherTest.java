package dev.dst.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Simulation.watchWrites: told of each write with its node and file; unsyncedWrites counts until the fsync. */
final class WriteWatcherTest {
    @Test
    void aWatcherHearsEveryWriteAndTheUnsyncedCountFallsAtTheFsync() {
        Simulation sim = Simulation.create(1);
        List<String> heard = new ArrayList<>();
        List<Integer> unsyncedAtWrite = new ArrayList<>();
        sim.watchWrites((node, file) -> {
            heard.add(sim.nodeName(node) + " " + file);
            unsyncedAtWrite.add(sim.unsyncedWrites(node));
        });
        sim.addNode("a", ctx -> new Probe()
                .onStart(c -> {
                    c.storage().append("log", new byte[] {1});
                    c.storage().write("meta", new byte[] {2});
                    c.setTimer(1_000_000, "sync");
                })
                .onTimer((c, id, tag) -> c.storage().fsync()));
        sim.runFor(Duration.ofMillis(2));
        assertEquals(List.of("a log", "a meta"), heard);
        assertEquals(List.of(1, 2), unsyncedAtWrite);
        assertEquals(0, sim.unsyncedWrites(0));
    }
}
