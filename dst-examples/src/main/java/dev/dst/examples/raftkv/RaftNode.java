package dev.dst.examples.raftkv;

import dev.dst.examples.raftkv.Messages.AppendEntries;
import dev.dst.examples.raftkv.Messages.AppendReply;
import dev.dst.examples.raftkv.Messages.Command;
import dev.dst.examples.raftkv.Messages.Entry;
import dev.dst.examples.raftkv.Messages.RaftMessage;
import dev.dst.examples.raftkv.Messages.RequestVote;
import dev.dst.examples.raftkv.Messages.VoteReply;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;
import dev.dst.node.ClientOp;
import dev.dst.node.Result;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A Raft server with a key-value state machine, sans-IO. Durable: current term and vote
 * ({@value #META}, fsynced before a vote is answered or a new term acted on), the log
 * ({@link RaftLog}, fsynced before an append is acknowledged or counted), and the ids of the
 * client requests this server ever put in its log (files {@code seen.0}, {@code seen.1} ...). Volatile: commit index and
 * the state machine, rebuilt by re-applying the log as commits become known again. Each file
 * is fsynced by name: an fsync of one file does not make another durable.
 *
 * <p>Clients: a server that is not leader answers {@code fail "not leader"}, a definite failure,
 * unless the request is one it once appended (a copy a duplicating link delivered late): that
 * one's outcome is unknown here, so it stays unanswered. A leader answers a put or cas when its
 * entry commits and applies, and a get after a read-index round: it notes the commit index, then
 * waits until a majority has acknowledged a heartbeat sent after the read arrived, which proves
 * no newer leader had committed anything then.
 *
 * <p>Role changes all happen in {@link #stepDown}, {@link #becomeCandidate} and
 * {@link #becomeLeader}; the per-role state is {@link Candidate} or {@link Leader}.
 */
final class RaftNode implements Node {
    static final String META = "meta";
    static final String SEEN = "seen.";
    static final int SEEN_SEGMENT_IDS = 128; // ids per file, so that an append does not copy them all
    static final long HEARTBEAT_NANOS = 50_000_000L;
    static final long ELECTION_MIN_NANOS = 300_000_000L;
    static final long ELECTION_SPREAD_NANOS = 300_000_000L;
    static final int MAX_ENTRIES_PER_APPEND = 4;

    enum Role { FOLLOWER, CANDIDATE, LEADER }

    /** The planted bugs, each off in the correct version. */
    record Bugs(boolean duplicateVotes, boolean commitOldTerm, boolean voteWithoutFsync, boolean staleRead) {
        static final Bugs NONE = new Bugs(false, false, false, false);
    }

    /** A candidate's tally: who granted (a bit per node) and the count. */
    private static final class Candidate {
        int grantedMask;
        int votes = 1; // its own
    }

    /** A read waiting for its read-index round: answered once a majority acknowledged {@code round}. */
    private record PendingRead(Request request, long key, long round, long readIndex) {}

    /** A leader's view of its followers and its unanswered clients. */
    private static final class Leader {
        final long[] nextIndex;
        final long[] matchIndex;
        final long[] ackedRound;
        final TreeMap<Long, Request> pendingWrites = new TreeMap<>(); // log index -> request
        final ArrayDeque<PendingRead> pendingReads = new ArrayDeque<>();
        long readRound;

        Leader(int nodes, long lastIndex) {
            nextIndex = new long[nodes];
            matchIndex = new long[nodes];
            ackedRound = new long[nodes];
            Arrays.fill(nextIndex, lastIndex + 1);
        }
    }

    private final int self;
    private final int nodes;
    private final Bugs bugs;
    private final RaftObserver observer;
    private final RaftLog log;
    private final KvStore store = new KvStore();
    private final LongOpenHashSet seen = new LongOpenHashSet();
    private long currentTerm;
    private int votedFor = -1;
    private Role role = Role.FOLLOWER;
    private Candidate candidate;
    private Leader leader;
    private long commitIndex;
    private long lastApplied;
    private byte[] seenTorn; // the last seen-file's whole ids, while its torn tail is still on disk (disk full at load)
    private long electionTimer = -1;
    private long heartbeatTimer = -1;

    RaftNode(NodeContext ctx, int nodes, Bugs bugs, RaftObserver observer) {
        this.self = ctx.id();
        this.nodes = nodes;
        this.bugs = bugs;
        this.observer = observer;
        byte[] meta = ctx.storage().read(META);
        if (meta != null) {
            ByteBuffer b = ByteBuffer.wrap(meta);
            currentTerm = b.getLong();
            votedFor = b.getInt();
        }
        for (int segment = 0; ; segment++) {
            byte[] ids = ctx.storage().read(SEEN + segment);
            if (ids == null) {
                break;
            }
            ByteBuffer b = ByteBuffer.wrap(ids);
            while (b.remaining() >= 8) {
                seen.add(b.getLong());
            }
            if (b.remaining() > 0) {
                seenTorn = Arrays.copyOf(ids, ids.length - b.remaining());
                repairSeen(ctx);
            }
            if (ids.length < 8 * SEEN_SEGMENT_IDS) {
                break;
            }
        }
        this.log = new RaftLog(ctx.storage());
        observer.started(self, log);
    }

    Role role() {
        return role;
    }

    long currentTerm() {
        return currentTerm;
    }

    long commitIndex() {
        return commitIndex;
    }

    @Override
    public void onStart(NodeContext ctx) {
        resetElectionTimer(ctx);
    }

    // ------------------------------------------------------------------ role changes

    /** Adopts {@code term} (when newer) and becomes follower; false when the new term cannot be made durable (disk full). */
    private boolean stepDown(NodeContext ctx, long term) {
        if (term > currentTerm) {
            if (!persistMeta(ctx, term, -1, true)) {
                return false;
            }
            currentTerm = term;
            votedFor = -1;
        }
        if (role != Role.FOLLOWER) {
            role = Role.FOLLOWER;
            candidate = null;
            leader = null; // unanswered clients time out: their entries may still commit
            ctx.cancelTimer(heartbeatTimer);
            resetElectionTimer(ctx);
        }
        return true;
    }

    private void becomeCandidate(NodeContext ctx) {
        resetElectionTimer(ctx);
        if (!persistMeta(ctx, currentTerm + 1, self, true)) {
            return;
        }
        currentTerm++;
        votedFor = self;
        role = Role.CANDIDATE;
        leader = null;
        candidate = new Candidate();
        candidate.grantedMask = 1 << self;
        requestVotes(ctx);
        startHeartbeatTimer(ctx);
    }

    private void becomeLeader(NodeContext ctx) {
        role = Role.LEADER;
        candidate = null;
        ctx.cancelTimer(electionTimer);
        observer.electedLeader(self, currentTerm, log);
        leader = new Leader(nodes, log.lastIndex());
        appendLocal(ctx, Command.NOOP); // commits the earlier terms' entries (and lets reads start)
        broadcastAppend(ctx);
        startHeartbeatTimer(ctx);
    }

    // ------------------------------------------------------------------ timers

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if (timerId == electionTimer && role != Role.LEADER) {
            becomeCandidate(ctx);
        } else if (timerId == heartbeatTimer) {
            if (role == Role.LEADER) {
                broadcastAppend(ctx);
            } else if (role == Role.CANDIDATE) {
                requestVotes(ctx);
            } else {
                return;
            }
            startHeartbeatTimer(ctx);
        }
    }

    private void resetElectionTimer(NodeContext ctx) {
        ctx.cancelTimer(electionTimer);
        electionTimer = ctx.setTimer(ELECTION_MIN_NANOS + ctx.random().below(ELECTION_SPREAD_NANOS), "election");
    }

    private void startHeartbeatTimer(NodeContext ctx) {
        ctx.cancelTimer(heartbeatTimer);
        heartbeatTimer = ctx.setTimer(HEARTBEAT_NANOS, "heartbeat");
    }

    // ------------------------------------------------------------------ messages

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (!(message instanceof RaftMessage m)) {
            return;
        }
        if (m.term() > currentTerm && !stepDown(ctx, m.term())) {
            return; // cannot make the newer term durable: act as if the message was lost
        }
        if (m instanceof RequestVote rv) {
            onRequestVote(ctx, from, rv);
        } else if (m instanceof VoteReply vr) {
            onVoteReply(ctx, from, vr);
        } else if (m instanceof AppendEntries ae) {
            onAppendEntries(ctx, from, ae);
        } else if (m instanceof AppendReply ar) {
            onAppendReply(ctx, from, ar);
        }
    }

    /**
     * Asks every peer for its vote; a candidate asks again every heartbeat interval, since
     * requests and replies get lost. A peer that already granted grants again (its vote is for
     * this candidate), so the tally must be a set of voters.
     */
    private void requestVotes(NodeContext ctx) {
        RequestVote rv = new RequestVote(currentTerm, self, log.lastIndex(), log.lastTerm());
        for (int peer = 0; peer < nodes; peer++) {
            if (peer != self) {
                ctx.send(peer, rv);
            }
        }
    }

    private void onRequestVote(NodeContext ctx, int from, RequestVote rv) {
        boolean upToDate = rv.lastLogTerm() > log.lastTerm()
                || rv.lastLogTerm() == log.lastTerm() && rv.lastLogIndex() >= log.lastIndex();
        boolean grant = rv.term() == currentTerm && (votedFor == -1 || votedFor == rv.candidate()) && upToDate;
        if (grant && votedFor != rv.candidate()) {
            if (!persistMeta(ctx, currentTerm, rv.candidate(), !bugs.voteWithoutFsync())) {
                return;
            }
            votedFor = rv.candidate();
        }
        if (grant) {
            observer.voted(self, currentTerm, rv.candidate());
            resetElectionTimer(ctx);
        }
        ctx.send(from, new VoteReply(currentTerm, grant));
    }

    private void onVoteReply(NodeContext ctx, int from, VoteReply vr) {
        if (role != Role.CANDIDATE || vr.term() != currentTerm || !vr.granted()) {
            return;
        }
        boolean first = (candidate.grantedMask & (1 << from)) == 0;
        candidate.grantedMask |= 1 << from;
        if (first || bugs.duplicateVotes()) {
            candidate.votes++;
        }
        if (candidate.votes > nodes / 2) {
            becomeLeader(ctx);
        }
    }

    private void onAppendEntries(NodeContext ctx, int from, AppendEntries ae) {
        if (ae.term() < currentTerm || role == Role.LEADER) {
            ctx.send(from, new AppendReply(currentTerm, false, 0, ae.readRound()));
            return;
        }
        stepDown(ctx, ae.term()); // a candidate yields to this term's leader
        resetElectionTimer(ctx);
        if (ae.prevIndex() > log.lastIndex() || log.termAt(ae.prevIndex()) != ae.prevTerm()) {
            ctx.send(from, new AppendReply(currentTerm, false, Math.min(log.lastIndex(), ae.prevIndex() - 1), ae.readRound()));
            return;
        }
        if (!merge(ctx, ae.prevIndex(), ae.entries())) {
            return; // disk full: no acknowledgement
        }
        long lastNew = ae.prevIndex() + ae.entries().size();
        if (ae.leaderCommit() > commitIndex) {
            commitIndex = Math.max(commitIndex, Math.min(ae.leaderCommit(), lastNew));
            applyCommitted(ctx);
        }
        ctx.send(from, new AppendReply(currentTerm, true, lastNew, ae.readRound()));
    }

    /** Adds the leader's entries after {@code prevIndex}: skips those already here, truncates at the first conflict; fsyncs. */
    private boolean merge(NodeContext ctx, long prevIndex, List<Entry> entries) {
        for (int k = 0; k < entries.size(); k++) {
            long index = prevIndex + 1 + k;
            if (index <= log.lastIndex() && log.termAt(index) == entries.get(k).term()) {
                continue;
            }
            try {
                if (index <= log.lastIndex()) {
                    if (index <= commitIndex) {
                        throw new IllegalStateException("leader overwrites committed entry " + index);
                    }
                    log.truncateFrom(ctx.storage(), index);
                    observer.truncated();
                }
                log.append(ctx.storage(), entries.subList(k, entries.size()));
            } catch (DiskFullException e) {
                return false;
            } finally {
                log.sync(ctx.storage());
            }
            observer.appended(self, log, index);
            break;
        }
        return true;
    }

    private void onAppendReply(NodeContext ctx, int from, AppendReply r) {
        if (role != Role.LEADER || r.term() != currentTerm) {
            return;
        }
        leader.ackedRound[from] = Math.max(leader.ackedRound[from], r.readRound());
        if (r.success()) {
            leader.matchIndex[from] = Math.max(leader.matchIndex[from], r.matchIndex());
            leader.nextIndex[from] = Math.max(leader.nextIndex[from], leader.matchIndex[from] + 1);
            advanceCommit(ctx);
            if (role == Role.LEADER && leader.nextIndex[from] <= log.lastIndex()) {
                sendAppend(ctx, from);
            }
        } else {
            long next = Math.min(leader.nextIndex[from] - 1, r.matchIndex() + 1);
            leader.nextIndex[from] = Math.max(leader.matchIndex[from] + 1, Math.max(1, next));
            sendAppend(ctx, from);
        }
        if (role == Role.LEADER) {
            answerConfirmedReads(ctx);
        }
    }

    private void broadcastAppend(NodeContext ctx) {
        for (int peer = 0; peer < nodes; peer++) {
            if (peer != self) {
                sendAppend(ctx, peer);
            }
        }
    }

    private void sendAppend(NodeContext ctx, int peer) {
        long next = leader.nextIndex[peer];
        List<Entry> entries = next <= log.lastIndex() ? log.slice(next, MAX_ENTRIES_PER_APPEND) : List.of();
        ctx.send(peer, new AppendEntries(currentTerm, self, next - 1, log.termAt(next - 1), entries, commitIndex, leader.readRound));
    }

    // ------------------------------------------------------------------ commit and apply

    /**
     * Commits the highest index a majority stores, if its entry is of the current term (Raft's
     * Figure 8: counting replicas of an older term's entry does not make it safe; it commits
     * with the first current-term entry after it).
     */
    private void advanceCommit(NodeContext ctx) {
        for (long n = log.lastIndex(); n > commitIndex; n--) {
            if (log.termAt(n) != currentTerm && !bugs.commitOldTerm()) {
                break; // terms only decrease going back
            }
            int replicas = 1;
            for (int peer = 0; peer < nodes; peer++) {
                if (peer != self && leader.matchIndex[peer] >= n) {
                    replicas++;
                }
            }
            if (replicas > nodes / 2) {
                commitIndex = n;
                applyCommitted(ctx);
                return;
            }
        }
    }

    private void applyCommitted(NodeContext ctx) {
        while (lastApplied < commitIndex) {
            lastApplied++;
            Entry e = log.get(lastApplied);
            observer.applied(self, currentTerm, lastApplied, e);
            Result result = store.apply(e.command());
            Request waiting = leader == null ? null : leader.pendingWrites.remove(lastApplied);
            if (waiting != null && result != null) {
                ctx.reply(waiting, result);
            }
        }
    }

    // ------------------------------------------------------------------ clients

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        ClientOp op = (ClientOp) request.op();
        if (role != Role.LEADER) {
            if (!seen.contains(request.id())) {
                ctx.reply(request, Result.fail("not leader"));
            }
            return;
        }
        List<?> v = (List<?>) op.value();
        long key = (Long) v.get(0);
        switch (op.f()) {
            case "get" -> read(ctx, request, key);
            case "put" -> write(ctx, request, new Command("put", key, (Long) v.get(1), 0, request.from(), request.id()));
            case "cas" -> {
                List<?> ab = (List<?>) v.get(1);
                write(ctx, request, new Command("cas", key, (Long) ab.get(0), (Long) ab.get(1), request.from(), request.id()));
            }
            default -> ctx.reply(request, Result.fail("unknown operation " + op.f()));
        }
    }

    private void write(NodeContext ctx, Request request, Command c) {
        if (seen.contains(request.id())) {
            return; // a late copy of a request already in the log: the first copy gets the answer
        }
        try {
            if (seenTorn != null && !repairSeen(ctx)) {
                throw new DiskFullException(SEEN);
            }
            String file = SEEN + seen.size() / SEEN_SEGMENT_IDS;
            ctx.storage().append(file, ByteBuffer.allocate(8).putLong(request.id()).array());
            ctx.storage().fsync(file); // before the entry is: a restarted follower must not answer "not leader" to a logged request
        } catch (DiskFullException e) {
            ctx.reply(request, Result.fail("disk full"));
            return;
        }
        seen.add(request.id());
        if (!appendLocal(ctx, c)) {
            ctx.reply(request, Result.fail("disk full"));
            return;
        }
        leader.pendingWrites.put(log.lastIndex(), request);
        broadcastAppend(ctx);
    }

    /** Appends a command of the current term to the leader's own log, durably; false when the disk is full. */
    private boolean appendLocal(NodeContext ctx, Command c) {
        try {
            log.append(ctx.storage(), List.of(new Entry(currentTerm, c)));
        } catch (DiskFullException e) {
            return false;
        } finally {
            log.sync(ctx.storage());
        }
        observer.appended(self, log, log.lastIndex());
        return true;
    }

    private void read(NodeContext ctx, Request request, long key) {
        if (bugs.staleRead()) {
            ctx.reply(request, Result.ok(List.of(key, store.get(key))));
            return;
        }
        if (log.termAt(commitIndex) != currentTerm) {
            ctx.reply(request, Result.fail("leader has not committed in its term yet"));
            return;
        }
        leader.readRound++;
        leader.pendingReads.add(new PendingRead(request, key, leader.readRound, commitIndex));
        broadcastAppend(ctx);
    }

    /** Answers the reads whose round a majority has acknowledged (rounds increase along the queue). */
    private void answerConfirmedReads(NodeContext ctx) {
        while (!leader.pendingReads.isEmpty()) {
            PendingRead r = leader.pendingReads.peek();
            int acks = 1;
            for (int peer = 0; peer < nodes; peer++) {
                if (peer != self && leader.ackedRound[peer] >= r.round()) {
                    acks++;
                }
            }
            if (acks <= nodes / 2) {
                return;
            }
            leader.pendingReads.poll();
            if (lastApplied < r.readIndex()) {
                throw new IllegalStateException("read index " + r.readIndex() + " not applied (applied " + lastApplied + ")");
            }
            ctx.reply(r.request(), Result.ok(List.of(r.key(), store.get(r.key()))));
        }
    }

    // ------------------------------------------------------------------ durability

    /** Rewrites the last seen-file without its torn tail (appends after it would misalign); false while the disk is full. */
    private boolean repairSeen(NodeContext ctx) {
        try {
            ctx.storage().write(SEEN + seen.size() / SEEN_SEGMENT_IDS, seenTorn);
        } catch (DiskFullException e) {
            return false;
        }
        seenTorn = null;
        return true;
    }

    /** Writes term and vote atomically, fsynced when asked; false when the disk is full. */
    private boolean persistMeta(NodeContext ctx, long term, int vote, boolean fsync) {
        try {
            ctx.storage().write(META, ByteBuffer.allocate(12).putLong(term).putInt(vote).array());
        } catch (DiskFullException e) {
            return false;
        }
        if (fsync) {
            ctx.storage().fsync(META); // this file only: a later log fsync does not make the vote durable
        }
        return true;
    }
}
