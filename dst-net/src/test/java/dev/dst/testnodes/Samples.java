package dev.dst.testnodes;

import dev.dst.fault.Fault;
import dev.dst.trace.TraceKind;

import java.util.List;

/** One fault of every kind on a five-node cluster (n0..n4), with the trace record its application leaves. */
public final class Samples {
    public record Sample(Fault fault, TraceKind traceKind) {
        @Override
        public String toString() {
            return fault.kind();
        }
    }

    private static final long MS = 1_000_000L;

    private Samples() {}

    public static List<Sample> oneOfEachKind() {
        return List.of(
                new Sample(new Fault.Kill(1), TraceKind.CRASH),
                new Sample(new Fault.PowerLoss(1), TraceKind.CRASH),
                new Sample(new Fault.BurstKill(List.of(1, 3)), TraceKind.CRASH),
                new Sample(new Fault.Restart(1), TraceKind.RESTART),
                new Sample(new Fault.Pause(1), TraceKind.PAUSE),
                new Sample(new Fault.DiskFull(1), TraceKind.DISK),
                new Sample(new Fault.ClockSkew(1, -250 * MS), TraceKind.CLOCK),
                new Sample(new Fault.ClockDrift(1, 20_000), TraceKind.CLOCK),
                new Sample(new Fault.ClockJump(1, 1_500 * MS), TraceKind.CLOCK),
                new Sample(new Fault.Partition("partition-pair", List.of(List.of(0), List.of(1))), TraceKind.FAULT),
                new Sample(new Fault.Partition("partition-subset", List.of(List.of(0, 1), List.of(2, 3))), TraceKind.FAULT),
                new Sample(new Fault.Partition("partition-halves", List.of(List.of(0, 1), List.of(2, 3, 4))), TraceKind.FAULT),
                new Sample(new Fault.Partition("isolate", List.of(List.of(2), List.of(0, 1, 3, 4))), TraceKind.FAULT),
                new Sample(new Fault.MajoritiesRing(List.of(3, 0, 4, 1, 2)), TraceKind.FAULT),
                new Sample(new Fault.OneWay(0, 1), TraceKind.FAULT),
                new Sample(new Fault.FlappingLink(0, 1, 75 * MS + 3), TraceKind.FAULT),
                new Sample(new Fault.SlowLink(0, 1, 50 * MS + 7), TraceKind.FAULT),
                new Sample(new Fault.LossyLink(0, 1, 0.35), TraceKind.FAULT),
                new Sample(new Fault.DuplicatingLink(0, 1, 0.2), TraceKind.FAULT),
                new Sample(new Fault.ReplayingLink(0, 1, 0.2), TraceKind.FAULT),
                new Sample(new Fault.ReversingLink(0, 1, 20_000_000L), TraceKind.FAULT),
                new Sample(new Fault.ConnectionReset(0, 1), TraceKind.FAULT));
    }
}
