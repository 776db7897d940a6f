package dev.dst.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.InstallSnapshotRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MicroRaft 0.7's messages, log entries and persistent state: classes with private fields, builders and no records. */
final class MicroRaftMessagesTest {
    private static final Codec CODEC = Codecs.standard();
    private static final DefaultRaftModelFactory FACTORY = new DefaultRaftModelFactory();

    /** An endpoint as a user of MicroRaft writes one. */
    record Endpoint(String id) implements RaftEndpoint {
        @Override
        public Object getId() {
            return id;
        }
    }

    /** A key-value operation carried in log entries. */
    record Put(String key, long value) {}

    static final Endpoint A = new Endpoint("a");
    static final Endpoint B = new Endpoint("b");
    static final Endpoint C = new Endpoint("c");

    static List<LogEntry> entries(int n) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            entries.add(FACTORY.createLogEntryBuilder().setIndex(10 + i).setTerm(3).setOperation(new Put("k" + i, i)).build());
        }
        return entries;
    }

    static AppendEntriesRequest appendEntries(int n) {
        return FACTORY.createAppendEntriesRequestBuilder().setGroupId("group").setSender(A).setTerm(3).setPreviousLogTerm(2)
                .setPreviousLogIndex(10).setCommitIndex(9).setLogEntries(entries(n)).setQuerySequenceNumber(4)
                .setFlowControlSequenceNumber(5).build();
    }

    static RaftGroupMembersView members() {
        return FACTORY.createRaftGroupMembersViewBuilder().setLogIndex(7)
                .setMembers(Collections.unmodifiableSet(new LinkedHashSet<>(List.of(A, B, C))))
                .setVotingMembers(Collections.unmodifiableSet(new LinkedHashSet<>(List.of(A, B)))).build();
    }

    private static void assertRoundTrips(Object message) {
        Object copy = CODEC.decode(CODEC.encode(message));
        assertNotSame(message, copy);
        assertEquals(message.getClass(), copy.getClass());
        assertEquals(message.toString(), copy.toString());
        assertArrayEquals(CODEC.encode(message), CODEC.encode(copy), "the copy encodes to the same bytes: " + message);
    }

    @Test
    void appendEntriesRequestWithLogEntriesRoundTrips() {
        AppendEntriesRequest request = appendEntries(3);
        AppendEntriesRequest copy = (AppendEntriesRequest) CODEC.decode(CODEC.encode(request));
        assertEquals(request.toString(), copy.toString());
        assertEquals(3, copy.getLogEntries().size());
        assertNotSame(request.getLogEntries(), copy.getLogEntries());
        assertEquals(new Put("k2", 2), copy.getLogEntries().get(1).getOperation());
        assertEquals(A, copy.getSender());
        assertRoundTrips(request);
        assertRoundTrips(FACTORY.createAppendEntriesRequestBuilder().setGroupId("g").setSender(B).setTerm(1)
                .setLogEntries(Collections.emptyList()).build());
    }

    @Test
    void everyOtherMessageRoundTrips() {
        assertRoundTrips(FACTORY.createAppendEntriesSuccessResponseBuilder().setGroupId("g").setSender(B).setTerm(3).setLastLogIndex(13)
                .setQuerySequenceNumber(4).setFlowControlSequenceNumber(5).build());
        assertRoundTrips(FACTORY.createAppendEntriesFailureResponseBuilder().setGroupId("g").setSender(B).setTerm(3).setExpectedNextIndex(8)
                .setQuerySequenceNumber(1).setFlowControlSequenceNumber(2).build());
        assertRoundTrips(FACTORY.createVoteRequestBuilder().setGroupId("g").setSender(C).setTerm(4).setLastLogTerm(3).setLastLogIndex(13)
                .setSticky(true).build());
        assertRoundTrips(FACTORY.createVoteResponseBuilder().setGroupId("g").setSender(A).setTerm(4).setGranted(true).build());
        assertRoundTrips(FACTORY.createPreVoteRequestBuilder().setGroupId("g").setSender(C).setTerm(5).setLastLogTerm(3).setLastLogIndex(13).build());
        assertRoundTrips(FACTORY.createPreVoteResponseBuilder().setGroupId("g").setSender(A).setTerm(5).setGranted(false).build());
        assertRoundTrips(FACTORY.createTriggerLeaderElectionRequestBuilder().setGroupId("g").setSender(A).setTerm(5).setLastLogTerm(4)
                .setLastLogIndex(20).build());
        assertRoundTrips(FACTORY.createInstallSnapshotResponseBuilder().setGroupId("g").setSender(B).setTerm(5).setSnapshotIndex(20)
                .setRequestedSnapshotChunkIndex(1).setQuerySequenceNumber(2).setFlowControlSequenceNumber(3).build());
    }

    @Test
    void installSnapshotRequestWithChunkAndMembersRoundTrips() {
        SnapshotChunk chunk = FACTORY.createSnapshotChunkBuilder().setIndex(20).setTerm(5).setOperation(new ArrayList<>(List.of(new Put("k", 1))))
                .setSnapshotChunkIndex(0).setSnapshotChunkCount(2).setGroupMembersView(members()).build();
        InstallSnapshotRequest request = FACTORY.createInstallSnapshotRequestBuilder().setGroupId("g").setSender(A).setTerm(5)
                .setSenderLeader(true).setSnapshotTerm(5).setSnapshotIndex(20).setTotalSnapshotChunkCount(2).setSnapshotChunk(chunk)
                .setSnapshottedMembers(Collections.unmodifiableSet(new LinkedHashSet<>(List.of(A, B, C)))).setGroupMembersView(members())
                .setQuerySequenceNumber(1).setFlowControlSequenceNumber(2).build();
        assertRoundTrips(request);
        InstallSnapshotRequest copy = (InstallSnapshotRequest) CODEC.decode(CODEC.encode(request));
        assertEquals(List.of(A, B, C), new ArrayList<>(copy.getGroupMembersView().getMembers()));
    }

    @Test
    void logEntriesSnapshotsAndPersistentStateRoundTrip() {
        for (LogEntry e : entries(2)) {
            assertRoundTrips(e);
        }
        assertRoundTrips(FACTORY.createSnapshotEntryBuilder().setIndex(20).setTerm(5).setGroupMembersView(members())
                .setSnapshotChunks(new ArrayList<>(List.of(FACTORY.createSnapshotChunkBuilder().setIndex(20).setTerm(5).setOperation("state")
                        .setSnapshotChunkIndex(0).setSnapshotChunkCount(1).setGroupMembersView(members()).build()))).build());
        assertRoundTrips(members());
        assertRoundTrips(FACTORY.createRaftTermPersistentStateBuilder().setTerm(5).setVotedFor(B).build());
        assertRoundTrips(FACTORY.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(A).setVoting(true).build());
        assertRoundTrips(FACTORY.createUpdateRaftGroupMembersOpBuilder().setMembers(new LinkedHashSet<>(List.of(A, B)))
                .setVotingMembers(new LinkedHashSet<>(List.of(A))).setEndpoint(C).setMode(MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER).build());
    }
}
