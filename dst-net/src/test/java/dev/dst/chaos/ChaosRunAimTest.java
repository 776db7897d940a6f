package dev.dst.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Entropy;
import dev.dst.fault.Fault;
import dev.dst.fault.World;
import dev.dst.history.Op;
import dev.dst.node.ClientOp;
import dev.dst.workload.Workload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos run's aimed faults: the aim hears what the node processes report, and what it answers
 * is applied, recorded as the plan's faults are (history, timeline, counts), one at a time, and
 * reverted before the heal.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class ChaosRunAimTest {
    @TempDir
    Path tmp;

    private ChaosCluster cluster;

    @AfterEach
    void noProcessIsLeftBehind() {
        if (cluster != null) {
            cluster.close();
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }

    /** Pauses the node that reported {@code strike} for 200 ms, 1 ms after the report; counts what it heard. */
    private static final class PauseTheReporter implements Aim {
        final List<String> heard = new ArrayList<>();

        @Override
        public Shot onEvent(int node, String event) {
            synchronized (heard) {
                heard.add(node + " " + event);
            }
            return event.equals("strike") ? new Shot(new Fault.Pause(node), 1_000_000L, 200_000_000L) : null;
        }

        @Override
        public String description() {
            return "pause a node that says strike";
        }
    }

    @Test
    void whatTheAimAnswersIsAppliedRecordedAndRevertedBeforeTheHeal() throws Exception {
        List<String> names = List.of("n0", "n1");
        cluster = ChaosCluster.builder(names).mainClass(ProbeServer.class.getName()).directory(tmp).seed(3).start();
        World world = ChaosCluster.namingWorld(names, List.of("c0"));
        Workload strikes = new Workload() {
            @Override
            public ClientOp next(Entropy e) {
                return new ClientOp("event", "strike");
            }

            @Override
            public long meanIntervalNanos() {
                return 50_000_000L;
            }
        };
        PauseTheReporter aim = new PauseTheReporter();
        ChaosRun.Result r = ChaosRun.on(cluster).workload(1, strikes).seed(3).timeLimit(Duration.ofSeconds(3))
                .plan(dev.dst.nemesis.NemesisPlan.EMPTY, world).aim(aim).run();

        assertEquals("pause a node that says strike", r.aimed());
        assertTrue(r.aimedApplied() >= 1, "at least one strike was aimed: " + r.timeline());
        assertEquals(r.aimedApplied(), r.faultsApplied().get("pause"), "counted with the faults");
        synchronized (aim.heard) {
            assertTrue(aim.heard.stream().anyMatch(h -> h.endsWith(" strike")), "the aim heard the reports: " + aim.heard);
        }
        List<ChaosRun.Line> applies = r.timeline().stream().filter(l -> l.text().startsWith("aimed: apply pause")).toList();
        List<ChaosRun.Line> reverts = r.timeline().stream().filter(l -> l.text().startsWith("aimed: revert pause")).toList();
        assertEquals(r.aimedApplied(), applies.size());
        assertEquals(applies.size(), reverts.size(), "every aimed fault reverted: " + r.timeline());
        for (int i = 0; i < applies.size(); i++) {
            assertTrue(applies.get(i).text().contains("SIGSTOP"), applies.get(i).text());
            assertTrue(reverts.get(i).atNanos() > applies.get(i).atNanos());
            assertTrue(reverts.get(i).atNanos() <= r.healNanos(), "reverted before the heal");
            if (i + 1 < applies.size()) {
                assertTrue(applies.get(i + 1).atNanos() >= reverts.get(i).atNanos(), "one aimed fault at a time");
            }
        }
        long nemesisEvents = r.history().ops().stream().filter(Op::isNemesis).count();
        assertTrue(nemesisEvents >= 2L * applies.size(), "in the history: " + nemesisEvents);
    }
}
