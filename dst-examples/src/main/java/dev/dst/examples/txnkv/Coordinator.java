package dev.dst.examples.txnkv;

import dev.dst.examples.txnkv.Messages.Abort;
import dev.dst.examples.txnkv.Messages.Commit;
import dev.dst.examples.txnkv.Messages.Committed;
import dev.dst.examples.txnkv.Messages.Outcome;
import dev.dst.examples.txnkv.Messages.Prepare;
import dev.dst.examples.txnkv.Messages.Read;
import dev.dst.examples.txnkv.Messages.ReadReply;
import dev.dst.examples.txnkv.Messages.Status;
import dev.dst.examples.txnkv.Messages.StatusReply;
import dev.dst.examples.txnkv.Messages.TsReply;
import dev.dst.examples.txnkv.Messages.TsRequest;
import dev.dst.examples.txnkv.Messages.Vote;
import dev.dst.examples.txnkv.Messages.Write;
import dev.dst.node.ClientOp;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.node.Result;
import dev.dst.storage.DiskFullException;
import dev.dst.storage.RecordLog;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transaction coordinator of a node: runs a client's list-append transaction, and holds
 * every transition of a transaction in this one class.
 *
 * <pre>
 *   request --> START: ask the oracle for a start timestamp s (the transaction's name)
 *   s --> READ: ask each shard holding a key read for the lists at snapshot s (a blocked shard is asked again)
 *   all lists --> the reads' results (the snapshot plus the transaction's own earlier appends)
 *       no append: reply ok (serializable at s)
 *       else PREPARE: each shard holding a key read or appended to validates and locks; votes
 *   a no --> abort every participant, reply fail
 *   all yes --> COMMIT_TS: ask the oracle for a commit timestamp c (issued after every lock is held)
 *   c --> the decision (s, c) appended to the decision log and fsynced: the commit point;
 *       Commit(c) to every participant, resent until each acknowledges; reply ok
 *   every RETRY: resend what the phase waits for
 *   DEADLINE, before the decision: abort every participant, reply fail (it did not commit, and never will)
 * </pre>
 *
 * <p>Presumed abort: a shard holding a transaction prepared for long asks its coordinator,
 * which answers committed (the decision log has it), pending (it is still running here) or
 * aborted (neither: it ended without a decision, or an earlier incarnation of this node ran it
 * and crashed before deciding, and no one will decide it now). Durable besides the decision
 * log: per client the highest request id accepted, so a duplicated or late copy of a request
 * never runs the transaction a second time.
 *
 * <p>Planted bug {@code non-atomic-commit}: the coordinator replies only once every participant
 * acknowledged the commit, and when the deadline passes first it treats the commit like a
 * prepare that timed out: it rolls the decision back, aborts the participants that have not
 * acknowledged, and replies fail, while the shards that applied the commit keep it.
 */
final class Coordinator {
    static final String MARKS = "clients";
    static final String DECISIONS = "decisions.log";
    static final long RETRY_NANOS = 10_000_000;
    static final long DEADLINE_NANOS = 150_000_000; // below the client's 200 ms timeout
    static final long RESEND_NANOS = 20_000_000;
    private static final long ROLLED_BACK = -1;

    /** Where the shards and the oracle are, and the planted bug. */
    record Config(int shards, int oracle, boolean nonAtomicCommit) {}

    /** How a message leaves a node (to itself too). */
    @FunctionalInterface
    interface Link {
        void send(NodeContext ctx, int to, Messages m);
    }

    enum Phase { START, READ, PREPARE, COMMIT_TS, COMMITTING }

    /** One micro-op of the client's transaction. */
    record MicroOp(boolean append, long key, long element) {}

    /** One transaction in flight here. */
    private static final class Txn {
        final Request request;
        final List<MicroOp> ops;
        Phase phase = Phase.START;
        long txn = -1;     // the start timestamp, once issued
        long commitTs = -1;
        int waiting;       // bit per shard that has not answered in this phase
        int participants;  // bit per shard prepared
        final TreeMap<Integer, List<Long>> readKeys = new TreeMap<>();            // per shard, the distinct keys read
        final Long2ObjectOpenHashMap<List<Long>> snapshot = new Long2ObjectOpenHashMap<>(); // key -> list at s; looked up
        final TreeMap<Integer, Prepare> prepares = new TreeMap<>();
        List<Object> result;
        long retryTimer;
        long deadlineTimer;

        Txn(Request request, List<MicroOp> ops) {
            this.request = request;
            this.ops = ops;
        }
    }

    /** A decided commit some participants have not acknowledged yet. */
    private static final class Unacked {
        final long commitTs;
        int waiting;

        Unacked(long commitTs, int waiting) {
            this.commitTs = commitTs;
            this.waiting = waiting;
        }
    }

    private final Config config;
    private final Observer observer;
    private final Link link;
    private final RecordLog decisions;
    private final Long2LongOpenHashMap decided = new Long2LongOpenHashMap();     // txn -> commit ts; looked up, never iterated
    private final Long2ObjectOpenHashMap<Txn> byOp = new Long2ObjectOpenHashMap<>();  // request id -> txn; looked up
    private final Long2ObjectOpenHashMap<Txn> byTxn = new Long2ObjectOpenHashMap<>(); // start ts -> txn; looked up
    private final TreeMap<Long, Unacked> unacked = new TreeMap<>();               // iterated in transaction order
    private final TreeMap<Integer, Long> marks = new TreeMap<>();                  // client -> highest request id accepted
    private boolean resendScheduled;

    Coordinator(NodeContext ctx, Config config, Observer observer, Link link) {
        this.config = config;
        this.observer = observer;
        this.link = link;
        this.decisions = RecordLog.open(ctx.storage(), DECISIONS);
        for (byte[] r : decisions.records()) {
            ByteBuffer b = ByteBuffer.wrap(r);
            long txn = b.getLong();
            long commitTs = b.getLong();
            if (commitTs == ROLLED_BACK) {
                decided.remove(txn);
            } else {
                decided.put(txn, commitTs);
            }
        }
        byte[] m = ctx.storage().read(MARKS);
        if (m != null) {
            ByteBuffer b = ByteBuffer.wrap(m);
            while (b.remaining() >= 12) {
                marks.put(b.getInt(), b.getLong());
            }
        }
    }

    void onRequest(NodeContext ctx, Request request) {
        if (byOp.containsKey(request.id())) {
            return; // a copy of a transaction in flight: it will be answered once
        }
        List<MicroOp> ops = request.op() instanceof ClientOp op && op.f().equals("txn") ? parse(op.value()) : null;
        if (ops == null) {
            ctx.reply(request, Result.fail("expected txn [[f key value] ...] with f r or append, got " + request.op()));
            return;
        }
        Long last = marks.get(request.from());
        if (last != null && request.id() <= last) {
            return; // a copy, or a late copy of a transaction the client gave up on: never run twice
        }
        marks.put(request.from(), request.id());
        if (!persistMarks(ctx)) {
            if (last == null) {
                marks.remove(request.from());
            } else {
                marks.put(request.from(), last);
            }
            ctx.reply(request, Result.fail("disk full"));
            return;
        }
        Txn t = new Txn(request, ops);
        byOp.put(request.id(), t);
        t.retryTimer = ctx.setTimer(RETRY_NANOS, new Messages.Retry(request.id()));
        t.deadlineTimer = ctx.setTimer(DEADLINE_NANOS, new Messages.Deadline(request.id()));
        link.send(ctx, config.oracle(), new TsRequest(request.id(), false));
    }

    /** The micro-ops, or null when the value is not a list of [r key nil] and [append key element]. */
    static List<MicroOp> parse(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        List<MicroOp> ops = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof List<?> m) || m.size() != 3 || !(m.get(1) instanceof Long key)) {
                return null;
            }
            if ("append".equals(m.get(0)) && m.get(2) instanceof Long e) {
                ops.add(new MicroOp(true, key, e));
            } else if ("r".equals(m.get(0))) {
                ops.add(new MicroOp(false, key, 0));
            } else {
                return null;
            }
        }
        return ops;
    }

    void onMessage(NodeContext ctx, int from, Messages m) {
        if (m instanceof TsReply r) {
            onTimestamp(ctx, r);
        } else if (m instanceof ReadReply r) {
            onRead(ctx, from, r);
        } else if (m instanceof Vote v) {
            onVote(ctx, from, v);
        } else if (m instanceof Committed c) {
            onCommitted(ctx, from, c);
        } else if (m instanceof Status s) {
            link.send(ctx, from, status(s.txn()));
        }
    }

    private void onTimestamp(NodeContext ctx, TsReply r) {
        Txn t = byOp.get(r.op());
        if (t == null) {
            return;
        }
        if (!r.forCommit() && t.phase == Phase.START) {
            t.txn = r.ts();
            byTxn.put(t.txn, t);
            startReads(ctx, t);
        } else if (r.forCommit() && t.phase == Phase.COMMIT_TS) {
            t.commitTs = r.ts();
            decide(ctx, t);
        }
    }

    private void startReads(NodeContext ctx, Txn t) {
        for (MicroOp op : t.ops) {
            if (!op.append()) {
                List<Long> keys = t.readKeys.computeIfAbsent(shardOf(op.key()), s -> new ArrayList<>());
                if (!keys.contains(op.key())) {
                    keys.add(op.key());
                }
            }
        }
        if (t.readKeys.isEmpty()) {
            readsDone(ctx, t);
            return;
        }
        t.phase = Phase.READ;
        for (int shard : t.readKeys.keySet()) {
            t.waiting |= 1 << shard;
        }
        resend(ctx, t);
    }

    private void onRead(NodeContext ctx, int from, ReadReply r) {
        Txn t = byTxn.get(r.txn());
        if (t == null || t.phase != Phase.READ || (t.waiting & (1 << from)) == 0 || r.blocked()) {
            return; // ended, a repeat, or blocked (asked again at the next retry)
        }
        List<Long> keys = t.readKeys.get(from);
        for (int i = 0; i < keys.size(); i++) {
            t.snapshot.put((long) keys.get(i), r.lists().get(i));
        }
        t.waiting &= ~(1 << from);
        if (t.waiting == 0) {
            readsDone(ctx, t);
        }
    }

    /** The reads' results; a read-only transaction ends here, one with appends prepares. */
    private void readsDone(NodeContext ctx, Txn t) {
        List<Object> result = new ArrayList<>(t.ops.size());
        TreeMap<Long, List<Long>> own = new TreeMap<>(); // key -> this transaction's appends so far
        for (MicroOp op : t.ops) {
            if (op.append()) {
                own.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op.element());
                result.add(List.of("append", op.key(), op.element()));
            } else {
                List<Long> list = new ArrayList<>(t.snapshot.get(op.key()));
                list.addAll(own.getOrDefault(op.key(), List.of()));
                result.add(List.of("r", op.key(), List.copyOf(list)));
            }
        }
        t.result = result;
        if (own.isEmpty()) {
            finish(ctx, t, Result.ok(result));
            return;
        }
        TreeMap<Integer, List<Write>> writes = new TreeMap<>();
        for (Map.Entry<Long, List<Long>> e : own.entrySet()) {
            writes.computeIfAbsent(shardOf(e.getKey()), s -> new ArrayList<>()).add(new Write(e.getKey(), e.getValue()));
        }
        for (int shard = 0; shard < config.shards(); shard++) {
            List<Long> reads = t.readKeys.getOrDefault(shard, List.of());
            List<Write> w = writes.getOrDefault(shard, List.of());
            if (!reads.isEmpty() || !w.isEmpty()) {
                t.prepares.put(shard, new Prepare(t.txn, ctx.id(), reads, w));
                t.participants |= 1 << shard;
            }
        }
        t.phase = Phase.PREPARE;
        t.waiting = t.participants;
        resend(ctx, t);
    }

    private void onVote(NodeContext ctx, int from, Vote v) {
        Txn t = byTxn.get(v.txn());
        if (t == null || t.phase != Phase.PREPARE || (t.waiting & (1 << from)) == 0) {
            return;
        }
        if (!v.yes()) {
            abort(ctx, t, "not prepared at " + ctx.nameOf(from) + ": " + v.reason());
            return;
        }
        t.waiting &= ~(1 << from);
        if (t.waiting == 0) {
            t.phase = Phase.COMMIT_TS;
            resend(ctx, t);
        }
    }

    /** The commit point: the decision made durable, then the participants told. */
    private void decide(NodeContext ctx, Txn t) {
        try {
            decisions.append(ByteBuffer.allocate(16).putLong(t.txn).putLong(t.commitTs).array());
            decisions.fsync();
        } catch (DiskFullException e) {
            abort(ctx, t, "disk full: the decision could not be recorded");
            return;
        }
        decided.put(t.txn, t.commitTs);
        observer.decided();
        t.phase = Phase.COMMITTING;
        t.waiting = t.participants;
        resend(ctx, t);
        if (!config.nonAtomicCommit()) {
            unacked.put(t.txn, new Unacked(t.commitTs, t.participants));
            if (!resendScheduled) {
                resendScheduled = true;
                ctx.setTimer(RESEND_NANOS, new Messages.ResendCommits());
            }
            finish(ctx, t, Result.ok(t.result));
        }
    }

    private void onCommitted(NodeContext ctx, int from, Committed c) {
        Unacked u = unacked.get(c.txn());
        if (u != null) {
            u.waiting &= ~(1 << from);
            if (u.waiting == 0) {
                unacked.remove(c.txn());
            }
        }
        Txn t = byTxn.get(c.txn());
        if (t != null && t.phase == Phase.COMMITTING && (t.waiting & (1 << from)) != 0) {
            t.waiting &= ~(1 << from);
            if (t.waiting == 0) {
                finish(ctx, t, Result.ok(t.result));
            }
        }
    }

    /** What a shard asking about {@code txn} is told. */
    private StatusReply status(long txn) {
        Txn t = byTxn.get(txn);
        if (t != null && t.phase != Phase.COMMITTING) {
            return new StatusReply(txn, Outcome.PENDING, -1);
        }
        if (decided.containsKey(txn)) {
            return new StatusReply(txn, Outcome.COMMITTED, decided.get(txn));
        }
        return new StatusReply(txn, Outcome.ABORTED, -1);
    }

    void onTimer(NodeContext ctx, Object tag) {
        if (tag instanceof Messages.Retry r && byOp.get(r.op()) != null) {
            Txn t = byOp.get(r.op());
            t.retryTimer = ctx.setTimer(RETRY_NANOS, r);
            resend(ctx, t);
        } else if (tag instanceof Messages.Deadline d && byOp.get(d.op()) != null) {
            Txn t = byOp.get(d.op());
            if (t.phase == Phase.COMMITTING) {
                rollBack(ctx, t);
            } else {
                abort(ctx, t, "no answer in phase " + t.phase + " before the deadline");
            }
        } else if (tag instanceof Messages.ResendCommits) {
            for (Map.Entry<Long, Unacked> e : unacked.entrySet()) {
                sendCommits(ctx, e.getKey(), e.getValue().commitTs, e.getValue().waiting);
            }
            resendScheduled = !unacked.isEmpty();
            if (resendScheduled) {
                ctx.setTimer(RESEND_NANOS, tag);
            }
        }
    }

    /** Sends what the phase waits for, to those that have not answered. */
    private void resend(NodeContext ctx, Txn t) {
        switch (t.phase) {
            case START -> link.send(ctx, config.oracle(), new TsRequest(t.request.id(), false));
            case COMMIT_TS -> link.send(ctx, config.oracle(), new TsRequest(t.request.id(), true));
            case READ -> {
                for (Map.Entry<Integer, List<Long>> e : t.readKeys.entrySet()) {
                    if ((t.waiting & (1 << e.getKey())) != 0) {
                        link.send(ctx, e.getKey(), new Read(t.txn, e.getValue()));
                    }
                }
            }
            case PREPARE -> {
                for (Map.Entry<Integer, Prepare> e : t.prepares.entrySet()) {
                    if ((t.waiting & (1 << e.getKey())) != 0) {
                        link.send(ctx, e.getKey(), e.getValue());
                    }
                }
            }
            case COMMITTING -> sendCommits(ctx, t.txn, t.commitTs, t.waiting);
        }
    }

    private void sendCommits(NodeContext ctx, long txn, long commitTs, int shards) {
        for (int shard = 0; shard < config.shards(); shard++) {
            if ((shards & (1 << shard)) != 0) {
                link.send(ctx, shard, new Commit(txn, commitTs));
            }
        }
    }

    /** Before the decision: nothing committed anywhere, and nothing will. */
    private void abort(NodeContext ctx, Txn t, String reason) {
        for (int shard : t.prepares.keySet()) {
            link.send(ctx, shard, new Abort(t.txn));
        }
        finish(ctx, t, Result.fail(reason));
    }

    /** The planted bug: a commit some shards did not acknowledge in time is undone where it can be, and reported failed. */
    private void rollBack(NodeContext ctx, Txn t) {
        try {
            decisions.append(ByteBuffer.allocate(16).putLong(t.txn).putLong(ROLLED_BACK).array());
            decisions.fsync();
        } catch (DiskFullException e) {
            // rolled back in memory all the same
        }
        decided.remove(t.txn);
        observer.rolledBack();
        for (int shard = 0; shard < config.shards(); shard++) {
            if ((t.waiting & (1 << shard)) != 0) {
                link.send(ctx, shard, new Abort(t.txn));
            }
        }
        finish(ctx, t, Result.fail("the commit was not acknowledged by every shard before the deadline: rolled back"));
    }

    private void finish(NodeContext ctx, Txn t, Result result) {
        ctx.cancelTimer(t.retryTimer);
        ctx.cancelTimer(t.deadlineTimer);
        byOp.remove(t.request.id());
        if (t.txn >= 0) {
            byTxn.remove(t.txn);
        }
        ctx.reply(t.request, result);
    }

    private int shardOf(long key) {
        return (int) Math.floorMod(key, (long) config.shards());
    }

    /** Writes the per-client marks atomically and fsyncs; false when the disk is full. */
    private boolean persistMarks(NodeContext ctx) {
        ByteBuffer b = ByteBuffer.allocate(12 * marks.size());
        for (Map.Entry<Integer, Long> e : marks.entrySet()) {
            b.putInt(e.getKey()).putLong(e.getValue());
        }
        try {
            ctx.storage().write(MARKS, b.array());
            ctx.storage().fsync();
            return true;
        } catch (DiskFullException e) {
            return false;
        }
    }
}
