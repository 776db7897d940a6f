package dev.dst.fault;

import dev.dst.nemesis.Nemesis;
import dev.dst.testnodes.Fixture;
import dev.dst.testnodes.Recorder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.dst.testnodes.Fixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The late package's links: replaying-link (copies of messages delivered 100 ms to 10 s late,
 * across connection resets and restarts) and reversing-link (each window's messages delivered
 * newest first).
 */
final class LateCopiesTest {
    @Test
    void aReplayingLinkDeliversLateCopiesOfItsMessagesAcrossAResetAndARestart() {
        Fixture f = Fixture.five(42);   // five nodes pinging each other every 10 ms over 1 ms links
        Fault replay = new Fault.ReplayingLink(0, 1, 1.0);
        f.runTo(1_005 * MS);
        f.apply(replay);
        f.runTo(1_105 * MS);           // 10 pings each way kept
        f.revert(replay);
        f.apply(new Fault.ConnectionReset(0, 1));
        f.apply(new Fault.Restart(1));
        f.runTo(12_005 * MS);
        assertEquals(f.network().replayed(0, 1), f.network().replayed(1, 0));
        long kept = f.network().replayed(0, 1);
        assertTrue(kept >= 9 && kept <= 11, "a copy of every ping sent while in force: " + kept);
        // the pings sent while the fault was in force arrived twice: at once, and once more, late
        List<Recorder.Received> window = f.rec.received(r -> r.from() == 0 && r.to() == 1
                && r.sentAtNanos() >= 1_005 * MS && r.sentAtNanos() < 1_105 * MS);
        Map<Long, List<Recorder.Received>> bySeq = window.stream().collect(Collectors.groupingBy(Recorder.Received::seq));
        long late = 0;
        for (List<Recorder.Received> copies : bySeq.values()) {
            assertTrue(copies.size() <= 2, "an original and at most one late copy: " + copies);
            if (copies.size() == 2) {
                long gap = Math.abs(copies.get(1).receivedAtNanos() - copies.get(0).receivedAtNanos());
                assertTrue(gap >= 99 * MS && gap <= 10_010 * MS, "100 ms to 10 s late: " + gap);
                late++;
            }
        }
        assertEquals(kept, late, "every late copy arrived, reset and restart notwithstanding");
        assertTrue(window.stream().anyMatch(r -> r.receivedAtNanos() > 1_105 * MS), "some arrived after the restart");
    }

    @Test
    void aReversingLinkDeliversEachWindowsMessagesNewestFirstAndNoneAfterTwoWindows() {
        long window = 20 * MS;
        Fixture f = Fixture.chatters(5, 2, Fixture.ONE_MS, 2 * MS); // two nodes pinging each other every 2 ms over fixed 1 ms links
        Fault reverse = new Fault.ReversingLink(0, 1, window);
        f.runTo(1_000 * MS);
        f.apply(reverse);
        f.runTo(1_200 * MS);
        f.revert(reverse);
        f.runTo(1_300 * MS);
        List<Recorder.Received> held = f.rec.received(r -> r.from() == 0 && r.to() == 1
                && r.sentAtNanos() > 1_000 * MS && r.sentAtNanos() < 1_200 * MS); // after the apply
        assertTrue(held.size() >= 90, "about one ping per 2 ms: " + held.size());
        Map<Long, List<Recorder.Received>> byWindow = held.stream().collect(Collectors.groupingBy(r -> r.sentAtNanos() / window));
        for (List<Recorder.Received> w : byWindow.values()) {
            for (int i = 1; i < w.size(); i++) { // in order of arrival: each sent before the one that arrived before it
                assertTrue(w.get(i).seq() < w.get(i - 1).seq(), "newest first within a window: " + w);
            }
            for (Recorder.Received r : w) {
                long latency = r.receivedAtNanos() - r.sentAtNanos();
                assertTrue(latency >= MS && latency <= 2 * window + MS, "held to the window's end, at most two windows: " + latency);
            }
        }
        List<Recorder.Received> after = f.rec.received(r -> r.from() == 0 && r.to() == 1 && r.sentAtNanos() > 1_200 * MS);
        assertTrue(after.stream().allMatch(r -> r.receivedAtNanos() - r.sentAtNanos() == MS), "reverted: 1 ms again");
        assertEquals(0, f.network().dropped(0, 1), "nothing lost");
    }

    @Test
    void theLatePackageDrawsReplayingLinksAndRestartsAndParsesBack() {
        Fixture f = Fixture.five(7);
        NemesisPlanText.roundTrip(f, Nemesis.named("late"));
    }

    /** A plan of a package, printed and parsed back to the same steps. */
    private static final class NemesisPlanText {
        static void roundTrip(Fixture f, Nemesis n) {
            var plan = n.plan(f.sim.entropy("nemesis"), new dev.dst.nemesis.Targets(Fixture.range(5), List.of()), 10_000 * MS, k -> { });
            String text = plan.toText(f.world());
            assertTrue(text.contains("replaying-link"), text);
            assertEquals(text, dev.dst.nemesis.NemesisPlan.parse(text, f.world()).toText(f.world()));
        }
    }
}
