package dev.dst.examples.kafkalog;

import dev.dst.examples.kafkalog.Messages.Ack;
import dev.dst.examples.kafkalog.Messages.Answer;
import dev.dst.examples.kafkalog.Messages.Forward;
import dev.dst.examples.kafkalog.Messages.Origin;
import dev.dst.examples.kafkalog.Messages.Replicate;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.storage.DiskFullException;
import dev.dst.storage.Storage;
import dev.dst.node.ClientOp;
import dev.dst.node.Result;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A replica of a Kafka-like log: every key has a fixed leader, {@link #leaderOf} (a hash of
 * the key's name over the replicas), so there is no election and never two leaders.
 *
 * <p>The leader appends a send to its log and group-commits: every {@link #FLUSH_NANOS} it
 * fsyncs, and only then ships the new entries to the followers, so a follower's log is always
 * a prefix of the leader's durable log, which no crash can shorten. A follower appends,
 * fsyncs, and acknowledges its durable length. A send is acknowledged once a majority (the
 * leader counting itself only once it has fsynced) holds it durably: the high watermark has
 * passed it. Polls return entries below the high watermark only. A heartbeat every
 * {@link #HEARTBEAT_NANOS} re-ships from what each follower last acknowledged, so followers
 * that missed entries (partitioned, crashed, disk full) catch up.
 *
 * <p>After a crash the leader reads its log back and fsyncs it (a kill may have kept
 * unsynced entries: they were never shipped nor acknowledged, and from now on they are
 * ordinary durable entries); its high watermark starts at zero and climbs back with the
 * followers' acknowledgements. Committed consumer offsets live on the key's leader, made
 * durable before they are acknowledged.
 *
 * <p>A replica asked about a key it does not lead forwards the operation to the leader and
 * relays the answer; a lost forward or answer leaves the client to time out (outcome unknown).
 *
 * <p>Planted bug {@code ack-before-quorum}: the leader acknowledges a send as soon as it has
 * appended it, before its group commit and before any follower has it, so a power loss of the
 * leader loses an acknowledged message, and the next send reuses its offset.
 */
final class LogNode implements Node {
    static final long FLUSH_NANOS = 2_000_000;
    static final long HEARTBEAT_NANOS = 50_000_000;
    static final int BATCH = 100;
    /**
     * A request still unanswered after this long (local time) is forgotten: its client gave up
     * long before (workload timeout 200 ms), and forwards or answers lost by the network would
     * otherwise pile up. A clock jump can make it early or late; either is safe, since a
     * forgotten request only leaves its client to time out.
     */
    static final long FORGET_NANOS = 1_000_000_000;
    static final String COMMIT_PREFIX = "commit/";
    private static final String FLUSH = "flush";
    private static final String HEARTBEAT = "heartbeat";

    private final int self;
    private final int replicas;
    private final boolean ackBeforeQuorum;
    private final TreeMap<String, ReplicaLog> logs = new TreeMap<>();
    private final TreeMap<String, LeaderState> leading = new TreeMap<>();
    private final TreeMap<String, Long> committed = new TreeMap<>();     // key -> committed consumer offset (leader only)
    private final TreeMap<Long, Awaiting> awaiting = new TreeMap<>();    // request id -> the client's request
    private boolean flushPending;

    /** A client's request waiting here for its answer, since {@code sinceNanos} of local time. */
    private record Awaiting(Request request, long sinceNanos) {}

    LogNode(NodeContext ctx, int replicas, boolean ackBeforeQuorum) {
        this.self = ctx.id();
        this.replicas = replicas;
        this.ackBeforeQuorum = ackBeforeQuorum;
        Storage storage = ctx.storage();
        for (String file : storage.files()) {
            if (file.startsWith(ReplicaLog.PREFIX)) {
                String key = file.substring(ReplicaLog.PREFIX.length());
                logs.put(key, ReplicaLog.load(key, storage));
            } else if (file.startsWith(COMMIT_PREFIX)) {
                committed.put(file.substring(COMMIT_PREFIX.length()), ByteBuffer.wrap(storage.read(file)).getLong());
            }
        }
        storage.fsync(); // what a kill kept unsynced is durable from here on
        logs.forEach((key, log) -> {
            if (leaderOf(key, replicas) == self) {
                leader(key).syncedTo(log.size());
            }
        });
    }

    /** The fixed leader of {@code key}: String.hashCode is specified, so this is the same on every JVM. */
    static int leaderOf(String key, int replicas) {
        return Math.floorMod(key.hashCode(), replicas);
    }

    /** This replica's log of {@code key} (empty if it has none). */
    ReplicaLog log(String key) {
        return logs.computeIfAbsent(key, ReplicaLog::new);
    }

    /** This replica's log of {@code key} for a reader (checks, probes): never creates one. */
    ReplicaLog peek(String key) {
        ReplicaLog log = logs.get(key);
        return log != null ? log : new ReplicaLog(key);
    }

    /** Keys this replica has a log of, in order (a read-only view). */
    Set<String> keys() {
        return Collections.unmodifiableSet(logs.keySet());
    }

    private LeaderState leader(String key) {
        return leading.computeIfAbsent(key, k -> new LeaderState(self, replicas));
    }

    @Override
    public void onStart(NodeContext ctx) {
        ctx.setTimer(HEARTBEAT_NANOS, HEARTBEAT);
    }

    @Override
    public void onTimer(NodeContext ctx, long timerId, Object tag) {
        if (FLUSH.equals(tag)) {
            flushPending = false;
            groupCommit(ctx);
        } else if (HEARTBEAT.equals(tag)) {
            leading.keySet().forEach(key -> shipToFollowers(ctx, key));
            awaiting.values().removeIf(a -> ctx.now() - a.sinceNanos() > FORGET_NANOS);
            ctx.setTimer(HEARTBEAT_NANOS, HEARTBEAT);
        }
    }

    @Override
    public void onRequest(NodeContext ctx, Request request) {
        ClientOp op = (ClientOp) request.op();
        awaiting.put(request.id(), new Awaiting(request, ctx.now()));
        Origin origin = new Origin(self, request.id());
        int leader = leaderOf(KafkaWorkload.keyOf(op), replicas);
        if (leader == self) {
            handle(ctx, origin, op);
        } else {
            ctx.send(leader, new Forward(origin, op));
        }
    }

    @Override
    public void onMessage(NodeContext ctx, int from, Object message) {
        if (message instanceof Forward f) {
            handle(ctx, f.origin(), f.op());
        } else if (message instanceof Answer a) {
            relay(ctx, a.requestId(), a.result());
        } else if (message instanceof Replicate r) {
            follow(ctx, from, r);
        } else if (message instanceof Ack a) {
            acknowledged(ctx, from, a);
        }
    }

    // ---- the leader's side: client operations on keys this replica leads

    private void handle(NodeContext ctx, Origin origin, ClientOp op) {
        List<?> v = op.value() instanceof List<?> l ? l : List.of(op.value());
        String key = (String) v.get(0);
        switch (op.f()) {
            case "send" -> send(ctx, origin, key, (Long) v.get(1));
            case "poll" -> answer(ctx, origin, Result.ok(poll(key, (Long) v.get(1))));
            case "commit_offsets" -> commitOffset(ctx, origin, key, (Long) v.get(1));
            case "list_committed_offsets" -> answer(ctx, origin, Result.ok(List.of(key, committed.getOrDefault(key, 0L))));
            default -> answer(ctx, origin, Result.fail("unknown operation " + op.f()));
        }
    }

    private void send(NodeContext ctx, Origin origin, String key, long message) {
        ReplicaLog log = log(key);
        try {
            log.append(ctx.storage(), List.of(message));
        } catch (DiskFullException e) {
            answer(ctx, origin, Result.fail("disk full"));
            return;
        }
        long offset = log.size() - 1;
        if (ackBeforeQuorum) {
            answer(ctx, origin, Result.ok(List.of(key, offset)));
        } else {
            leader(key).waiting.add(new LeaderState.Waiting(offset, origin));
        }
        if (!flushPending) {
            flushPending = true;
            ctx.setTimer(FLUSH_NANOS, FLUSH);
        }
    }

    /** One fsync for every send since the last one; only then are the new entries shipped. */
    private void groupCommit(NodeContext ctx) {
        ctx.storage().fsync();
        leading.forEach((key, state) -> {
            state.syncedTo(log(key).size());
            shipToFollowers(ctx, key);
            advance(ctx, key);
        });
    }

    /** Entries below the high watermark from {@code from} on, at most {@link #BATCH}: {@code {key [[offset message] ...]}}. */
    private TreeMap<String, List<List<Long>>> poll(String key, long from) {
        long hw = leader(key).highWatermark();
        List<Long> messages = from < hw ? log(key).range(from, Math.min(hw, from + BATCH)) : List.of();
        List<List<Long>> records = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            records.add(List.of(from + i, messages.get(i)));
        }
        TreeMap<String, List<List<Long>>> out = new TreeMap<>();
        out.put(key, records);
        return out;
    }

    /** Committed offsets only grow; an offset beyond what consumers can have read is refused. */
    private void commitOffset(NodeContext ctx, Origin origin, String key, long offset) {
        if (offset > leader(key).highWatermark()) {
            answer(ctx, origin, Result.fail("offset " + offset + " is beyond the high watermark"));
            return;
        }
        if (offset > committed.getOrDefault(key, 0L)) {
            try {
                ctx.storage().write(COMMIT_PREFIX + key, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
            } catch (DiskFullException e) {
                answer(ctx, origin, Result.fail("disk full"));
                return;
            }
            ctx.storage().fsync();
            committed.put(key, offset);
        }
        answer(ctx, origin, Result.ok(List.of(key, offset)));
    }

    private void shipToFollowers(NodeContext ctx, String key) {
        LeaderState state = leader(key);
        for (int f = 0; f < replicas; f++) {
            if (f != self) {
                long from = state.durableBy(f);
                long to = Math.min(state.durable(), from + BATCH);
                ctx.send(f, new Replicate(key, from, log(key).range(from, to)));
            }
        }
    }

    private void acknowledged(NodeContext ctx, int follower, Ack a) {
        if (a.length() > log(a.key()).size()) {
            throw new IllegalStateException(ctx.nameOf(follower) + " holds " + a.length() + " entries of " + a.key()
                    + " but its leader only " + log(a.key()).size());
        }
        LeaderState state = leader(a.key());
        long before = state.durableBy(follower);
        state.acknowledged(follower, a.length());
        advance(ctx, a.key());
        if (a.length() < state.durable() && a.length() > before) {
            shipToFollowers(ctx, a.key()); // keep a lagging follower coming without waiting for the heartbeat
        }
    }

    /** Raises the high watermark and acknowledges the sends it passed. */
    private void advance(NodeContext ctx, String key) {
        LeaderState state = leader(key);
        long hw = state.advance();
        while (!state.waiting.isEmpty() && state.waiting.peekFirst().offset() < hw) {
            LeaderState.Waiting w = state.waiting.pollFirst();
            answer(ctx, w.origin(), Result.ok(List.of(key, w.offset())));
        }
    }

    private void answer(NodeContext ctx, Origin origin, Result result) {
        if (origin.node() == self) {
            relay(ctx, origin.requestId(), result);
        } else {
            ctx.send(origin.node(), new Answer(origin.requestId(), result));
        }
    }

    /** Answers the client waiting here, if it still is (a duplicated or very late answer finds nobody). */
    private void relay(NodeContext ctx, long requestId, Result result) {
        Awaiting a = awaiting.remove(requestId);
        if (a != null) {
            ctx.reply(a.request(), result);
        }
    }

    // ---- the follower's side

    /** Appends what extends this log (entries never change once the leader shipped them), fsyncs, and says how much it holds. */
    private void follow(NodeContext ctx, int leader, Replicate r) {
        ReplicaLog log = log(r.key());
        long have = log.size();
        long end = r.from() + r.messages().size();
        if (r.from() <= have && end > have) {
            try {
                log.append(ctx.storage(), r.messages().subList((int) (have - r.from()), r.messages().size()));
            } catch (DiskFullException e) {
                return; // the leader ships it again on its heartbeat
            }
            ctx.storage().fsync();
        }
        ctx.send(leader, new Ack(r.key(), log.size()));
    }
}
