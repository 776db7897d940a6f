package dev.dst.hosted;

import dev.dst.node.NodeContext;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A node's wall clock as a {@link Clock} (and so an {@link java.time.InstantSource}): the
 * simulation's true time plus the node's offset, drift and jumps, on the calendar from
 * {@link #EPOCH}. Hand it to code that takes a {@code Clock} instead of {@code Clock.systemUTC()}.
 * Like a real wall clock it can jump backwards; measure durations with the node's monotonic
 * {@link Host#nanoTime() nanoTime}.
 */
public final class SimClock extends Clock {
    /**
     * The calendar instant of simulated time 0. Fixed, so that runs replay, and recent, so that
     * code that checks dates (certificates, TTLs) sees a plausible one.
     */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long EPOCH_SECONDS = EPOCH.getEpochSecond();

    private final NodeContext ctx;
    private final ZoneId zone;

    SimClock(NodeContext ctx, ZoneId zone) {
        this.ctx = Objects.requireNonNull(ctx);
        this.zone = Objects.requireNonNull(zone);
    }

    static SimClock utc(NodeContext ctx) {
        return new SimClock(ctx, ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return z.equals(zone) ? this : new SimClock(ctx, z);
    }

    @Override
    public Instant instant() {
        long nanos = ctx.now();
        return Instant.ofEpochSecond(EPOCH_SECONDS + Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public long millis() {
        return EPOCH_SECONDS * 1000 + Math.floorDiv(ctx.now(), 1_000_000L);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimClock c && c.ctx == ctx && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return ctx.id() * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return "SimClock[" + ctx.name() + ", " + zone + "]";
    }
}
