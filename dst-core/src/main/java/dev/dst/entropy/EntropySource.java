package dev.dst.entropy;

import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The root of a simulation's randomness: a seed, and the named streams forked from it.
 *
 * <p>Each stream's seed is {@code mix(seed ^ hash(name))}, so one subsystem's extra draw never
 * shifts another's sequence. A source either draws freshly from its PRNG, records every draw
 * into a {@link ChoiceTape}, or replays a tape (recorded or edited).
 */
public final class EntropySource {
    /** What a replaying source draws past the end of a stream's tape. */
    public enum PastTheEnd {
        /** Zeros: every choice the simplest (what shrinking an edited tape needs). */
        ZEROS,
        /**
         * Fresh draws from the stream's generator: the run goes on like a normal run (what
         * replaying a reproduction after a fix needs, where the code draws more than the tape
         * holds). An unedited tape replays exactly as before either way.
         */
        FRESH
    }

    private final long seed;
    private final boolean recording;
    private final ChoiceTape replay;
    private final PastTheEnd pastTheEnd;
    private final Map<String, Entropy> streams = new LinkedHashMap<>();
    private final Map<String, LongArrayList> records = new LinkedHashMap<>();
    private ChoiceLog log;
    private long seededWiderThan;

    private EntropySource(long seed, boolean recording, ChoiceTape replay, PastTheEnd pastTheEnd) {
        this.seed = seed;
        this.recording = recording;
        this.replay = replay;
        this.pastTheEnd = pastTheEnd;
    }

    /** Fresh draws from the seed; nothing recorded (the fastest mode). */
    public static EntropySource seeded(long seed) {
        return new EntropySource(seed, false, null, PastTheEnd.ZEROS);
    }

    /** Fresh draws from the seed, every draw recorded; see {@link #tape()}. */
    public static EntropySource recording(long seed) {
        return new EntropySource(seed, true, null, PastTheEnd.ZEROS);
    }

    /**
     * Draws come from the tape, stream by stream; a stream the tape lacks, or a draw past a
     * stream's end, gives 0. The seed still names the run in reports.
     */
    public static EntropySource replaying(ChoiceTape tape) {
        return replaying(tape, false, PastTheEnd.ZEROS);
    }

    /** Replays {@code tape}, recording what the draws return when {@code record}; past a stream's end as {@code pastTheEnd} says. */
    public static EntropySource replaying(ChoiceTape tape, boolean record, PastTheEnd pastTheEnd) {
        return new EntropySource(tape.seed(), record, tape, pastTheEnd);
    }

    /**
     * As {@link #replaying(ChoiceTape)}, and records the values the draws returned: the tape a
     * shrinker keeps after an edited tape still fails (unused draws gone, clamped values and
     * zeros past the end made explicit).
     */
    public static EntropySource replayingAndRecording(ChoiceTape tape) {
        return replaying(tape, true, PastTheEnd.ZEROS);
    }

    public long seed() {
        return seed;
    }

    public boolean isReplaying() {
        return replay != null;
    }

    /** Reports every draw of every stream to {@code choices}; only before the first stream is made. */
    public void logChoices(ChoiceLog choices) {
        if (!streams.isEmpty()) {
            throw new IllegalStateException("choices are logged from the first draw: call logChoices before any stream is made");
        }
        this.log = choices;
    }

    /**
     * Past a stream's tape (with {@link PastTheEnd#ZEROS}), a draw among more than {@code values}
     * values (a delay, a timeout from a range, 64 bits) takes a value fixed by the stream's seed and
     * the draw's place in the stream instead of 0; narrower draws stay 0. Exhaustive exploration
     * enumerates the narrow draws and holds the wide ones fixed this way, so that a protocol that
     * needs randomized timeouts to make progress still does. Only before the first stream is made.
     */
    public void seedWideDraws(long values) {
        if (!streams.isEmpty()) {
            throw new IllegalStateException("wide draws are seeded from the first draw: call seedWideDraws before any stream is made");
        }
        if (values < 1) {
            throw new IllegalArgumentException("wide draws are those among more than a positive number of values, not " + values);
        }
        this.seededWiderThan = values;
    }

    /** Each stream's draws so far, in order of first use. */
    public Map<String, Long> drawCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        streams.forEach((name, e) -> out.put(name, e.draws()));
        return out;
    }

    /** The stream with this name, created on first use; the same object afterwards. */
    public Entropy stream(String name) {
        Entropy e = streams.get(name);
        if (e == null) {
            LongArrayList record = null;
            if (recording) {
                record = new LongArrayList();
                records.put(name, record);
            }
            long[] replayed = replay == null ? null : replay.draws(name);
            e = new Entropy(name, SplitMix64.mix(seed ^ SplitMix64.hashName(name)), record, replayed, pastTheEnd == PastTheEnd.FRESH,
                    log, seededWiderThan);
            streams.put(name, e);
        }
        return e;
    }

    /** The draws recorded so far, per stream in order of first use. Only when recording. */
    public ChoiceTape tape() {
        if (!recording) {
            throw new IllegalStateException("this entropy source does not record; use EntropySource.recording(seed)"
                    + " or replayingAndRecording(tape)");
        }
        Map<String, long[]> copy = new LinkedHashMap<>();
        records.forEach((name, draws) -> copy.put(name, draws.toLongArray()));
        return new ChoiceTape(seed, copy);
    }
}
