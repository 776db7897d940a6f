package dev.dst.maelstrom;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client requests handed to the node and not yet answered, by the dst request id of each of
 * their operations.
 *
 * <p>A request id is made from the client's number and its {@code msg_id}:
 * {@code msg_id << 28 | part << 20 | client}. Maelstrom's client {@code cK} numbers its requests
 * 1, 2, 3 ... and has one outstanding at a time, so the ids of one client increase, on every
 * node, and no two clients share one: what the bundled nodes rely on to recognise a repeated
 * request (g-counter per client, raft-kv per client in its replicated log), as in a simulation,
 * where request ids are unique in the run. {@code part} numbers the operations of one request.
 */
final class ClientCalls {
    static final int CLIENT_BITS = 20;
    static final int PART_BITS = 8;
    static final int MSG_ID_BITS = 63 - CLIENT_BITS - PART_BITS;
    static final int MAX_CLIENTS = 1 << CLIENT_BITS;
    static final int MAX_PARTS = 1 << PART_BITS;
    static final long MAX_MSG_ID = (1L << MSG_ID_BITS) - 1;

    /** A request waiting for the node's replies to its operations. */
    static final class InFlight {
        final String client;
        final long msgId;
        final Call call;
        final long[] ids;
        final Object[] replies;
        final long sinceNanos;
        int missing;
        boolean over;

        InFlight(String client, long msgId, Call call, long[] ids, long sinceNanos) {
            this.client = client;
            this.msgId = msgId;
            this.call = call;
            this.ids = ids;
            this.replies = new Object[ids.length];
            this.missing = ids.length;
            this.sinceNanos = sinceNanos;
        }
    }

    private final LinkedHashMap<Long, InFlight> byRequestId = new LinkedHashMap<>();
    private final long forgetNanos;
    long forgotten;
    long repliesUnmatched;

    ClientCalls(long forgetNanos) {
        this.forgetNanos = forgetNanos;
    }

    /** The client number of Maelstrom client {@code name} ({@code c7} is 7), or -1 when the name is not a client's. */
    static int clientNumber(String name) {
        if (name.length() < 2 || name.length() > 8 || name.charAt(0) != 'c') {
            return -1;
        }
        int n = 0;
        for (int i = 1; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '0' || ch > '9' || (i == 1 && ch == '0' && name.length() > 2)) {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return n < MAX_CLIENTS ? n : -1;
    }

    /** The dst request ids of the {@code parts} operations of client {@code client}'s request {@code msgId}. */
    static long[] requestIds(long msgId, int client, int parts) throws MaelstromError {
        if (msgId < 0 || msgId > MAX_MSG_ID) {
            throw MaelstromError.malformed("msg_id " + msgId + " is outside 0.." + MAX_MSG_ID + ", the range dst's request ids have room for");
        }
        if (parts > MAX_PARTS) {
            throw MaelstromError.malformed("the request asks for " + parts + " operations; at most " + MAX_PARTS + " fit one request");
        }
        assert client >= 0 && client < MAX_CLIENTS : client;
        long[] ids = new long[parts];
        for (int i = 0; i < parts; i++) {
            ids[i] = msgId << (PART_BITS + CLIENT_BITS) | (long) i << CLIENT_BITS | client;
        }
        return ids;
    }

    static int partOf(long requestId) {
        return (int) (requestId >>> CLIENT_BITS) & (MAX_PARTS - 1);
    }

    void add(InFlight f) {
        for (long id : f.ids) {
            InFlight old = byRequestId.put(id, f);
            if (old != null && old != f) {
                old.over = true; // the same client reused a msg_id: its older request is forgotten
            }
        }
    }

    /** Records the node's reply to request {@code requestId}; the request once every part has its reply, else {@code null}. */
    InFlight replied(long requestId, Object value) {
        InFlight f = byRequestId.remove(requestId);
        if (f == null || f.over) {
            repliesUnmatched++; // answered already, forgotten, or not a request of ours
            return null;
        }
        int part = partOf(requestId);
        assert f.ids[part] == requestId;
        f.replies[part] = value;
        if (--f.missing > 0) {
            return null;
        }
        f.over = true;
        return f;
    }

    /** Forgets requests older than the limit: their clients gave up long ago, and the map must not grow with every lost reply. */
    void expire(long nowNanos) {
        Iterator<Map.Entry<Long, InFlight>> it = byRequestId.entrySet().iterator();
        while (it.hasNext()) {
            InFlight f = it.next().getValue();
            if (!f.over && nowNanos - f.sinceNanos <= forgetNanos) {
                return; // in order of arrival: the rest are younger
            }
            it.remove();
            if (!f.over) {
                f.over = true;
                forgotten++;
            }
        }
    }

    int size() {
        return byRequestId.size();
    }
}
