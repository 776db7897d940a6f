package dev.dst.examples.raftkv;

import dev.dst.trace.StableHash;

import java.util.List;

/**
 * Raft's messages and log entries, as small immutable values. Every field is a number, a
 * string or a list of records, so {@code toString} is deterministic; they also hash
 * themselves ({@link StableHash}), because the trace hashes every message and a string per
 * message would be most of a run's cost. Their {@code toString} is written out by hand, in the
 * records' own format: on Java 17 a record's generated {@code toString} goes through
 * {@code String.format}, and the kernel builds the text of every dropped message.
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

        /** Written out, like {@link #hashCode}: a record's generated one goes through method handles, and the observer compares every applied entry. */
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Command c && key == c.key && a == c.a && b == c.b && client == c.client
                    && requestId == c.requestId && f.equals(c.f);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(stableHash());
        }

        @Override
        public String toString() {
            return appendTo(new StringBuilder(64)).toString();
        }

        StringBuilder appendTo(StringBuilder b) {
            return b.append("Command[f=").append(f).append(", key=").append(key).append(", a=").append(a).append(", b=").append(this.b)
                    .append(", client=").append(client).append(", requestId=").append(requestId).append(']');
        }
    }

    /** A log entry: the term of the leader that created it, and its command. */
    record Entry(long term, Command command) {
        long stableHash() {
            return mix(term, command.stableHash());
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Entry e && term == e.term && command.equals(e.command);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(stableHash());
        }

        @Override
        public String toString() {
            return appendTo(new StringBuilder(80)).toString();
        }

        StringBuilder appendTo(StringBuilder b) {
            return command.appendTo(b.append("Entry[term=").append(term).append(", command=")).append(']');
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

        @Override
        public String toString() {
            return "RequestVote[term=" + term + ", candidate=" + candidate + ", lastLogIndex=" + lastLogIndex + ", lastLogTerm=" + lastLogTerm + "]";
        }
    }

    record VoteReply(long term, boolean granted) implements RaftMessage {
        @Override
        public long stableHash() {
            return mix(mix(2, term), granted ? 1 : 0);
        }

        @Override
        public String toString() {
            return "VoteReply[term=" + term + ", granted=" + granted + "]";
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

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(96 + 80 * entries.size());
            b.append("AppendEntries[term=").append(term).append(", leader=").append(leader).append(", prevIndex=").append(prevIndex)
                    .append(", prevTerm=").append(prevTerm).append(", entries=[");
            for (int i = 0; i < entries.size(); i++) {
                entries.get(i).appendTo(i == 0 ? b : b.append(", "));
            }
            return b.append("], leaderCommit=").append(leaderCommit).append(", readRound=").append(readRound).append(']').toString();
        }
    }

    /** {@code matchIndex}: on success the last index now known to match; on failure a hint (the follower's last index). */
    record AppendReply(long term, boolean success, long matchIndex, long readRound) implements RaftMessage {
        @Override
        public long stableHash() {
            return mix(mix(mix(mix(4, term), success ? 1 : 0), matchIndex), readRound);
        }

        @Override
        public String toString() {
            return "AppendReply[term=" + term + ", success=" + success + ", matchIndex=" + matchIndex + ", readRound=" + readRound + "]";
        }
    }
}
