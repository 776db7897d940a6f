package dev.dst.examples.raftkv;

import dev.dst.trace.StableHash;

import java.util.List;

/**
 * Raft's messages and log entries, as small immutable values. Every field is a number, a
 * string or a list of records, so {@code toString} is deterministic; they also hash
 * themselves ({@link StableHash}), because the trace hashes every message and a string per
 * message would be most of a run's cost.
 */
final class Messages {
    private Messages() {}

    /** One step of a 64-bit hash combination (SplitMix64's finaliser over the running value). */
    static long mix(long h, long v) {
        long z = h * 0x9e3779b97f4a7c15L + v;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A state-machine command: {@code noop}, {@code put key a} or {@code cas key a→b}; {@code client}/{@code requestId} de-duplicate retries. */
    record Command(String f, long key, long a, long b, int client, long requestId) {
        static final Command NOOP = new Command("noop", 0, 0, 0, -1, -1);

        boolean isClientOp() {
            return client >= 0;
        }

        long stableHash() {
            return mix(mix(mix(mix(mix(f.hashCode(), key), a), b), client), requestId);
        }
    }

    /** A log entry: the term of the leader that created it, and its command. */
    record Entry(long term, Command command) {
        long stableHash() {
            return mix(term, command.stableHash());
        }
    }

    sealed interface RaftMessage extends StableHash permits RequestVote, VoteReply, AppendEntries, AppendReply {
        long term();
    }

    record RequestVote(long term, int candidate, long lastLogIndex, long lastLogTerm) implements RaftMessage {
        @Override
        public long stableHash() {
            return mix(mix(mix(mix(1, term), candidate), lastLogIndex), lastLogTerm);
        }
    }

    record VoteReply(long term, boolean granted) implements RaftMessage {
        @Override
        public long stableHash() {
            return mix(mix(2, term), granted ? 1 : 0);
        }
    }

    /**
     * Replication and heartbeat. {@code readRound} is the leader's latest read-index round when
     * it sent this; the reply echoes it, so the leader knows the follower still accepted its
     * term after the read arrived.
     */
    record AppendEntries(long term, int leader, long prevIndex, long prevTerm, List<Entry> entries, long leaderCommit,
                         long readRound) implements RaftMessage {
        @Override
        public long stableHash() {
            long h = mix(mix(mix(mix(mix(mix(3, term), leader), prevIndex), prevTerm), leaderCommit), readRound);
            for (Entry e : entries) {
                h = mix(h, e.stableHash());
            }
            return h;
        }
    }

    /** {@code matchIndex}: on success the last index now known to match; on failure a hint (the follower's last index). */
    record AppendReply(long term, boolean success, long matchIndex, long readRound) implements RaftMessage {
        @Override
        public long stableHash() {
            return mix(mix(mix(mix(4, term), success ? 1 : 0), matchIndex), readRound);
        }
    }
}
