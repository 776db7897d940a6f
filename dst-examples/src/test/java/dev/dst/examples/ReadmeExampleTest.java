package dev.dst.examples;

import dev.dst.junit.SimulationTest;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.sim.Call;
import dev.dst.sim.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example of README.md, kept compiling and passing here (keep the two in step). */
final class ReadmeExampleTest {
    static final class Counter implements Node {
        long value;

        Counter(NodeContext ctx) {
            value = ctx.storage().readLong("value", 0);       // whatever survived the last crash
        }

        @Override
        public void onRequest(NodeContext ctx, Request request) {
            ctx.storage().writeLong("value", ++value);
            ctx.storage().fsync();                            // delete this line: dst finds the bug
            ctx.reply(request, value);
        }
    }

    @SimulationTest(seeds = 200)
    void acknowledgedIncrementsSurviveCrashes(Simulation sim) {
        int counter = sim.addNode("counter", Counter::new);
        List<Call> calls = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            sim.schedule(Duration.ofMillis(10 * i), "increment", () -> calls.add(sim.submit(counter, "inc")));
            if (sim.entropy("faults").chance(0.2)) {
                sim.schedule(Duration.ofMillis(10 * i + 5), "crash and restart", () -> {
                    sim.crash(counter);
                    sim.restart(counter);
                });
            }
        }
        sim.runFor(Duration.ofSeconds(1));
        long acknowledged = calls.stream().filter(Call::isDone).count();
        assertEquals(acknowledged, sim.storage(counter).readLong("value", 0));
    }
}
