package dev.dst.runtime;

import java.nio.ByteBuffer;

/**
 * The runtime's wire format, shared by nodes and {@link Client}s. Every frame is
 * {@code length (4 bytes) | type (1 byte) | body}, big-endian, where {@code length} counts the
 * type and the body and is at most the receiver's frame limit. The first frame on every
 * connection is a {@link #HELLO}; a connection carries one direction of node traffic (a node
 * writes its messages to a peer on its own outbound connection) or one client's requests and
 * the replies to them.
 *
 * <pre>
 * HELLO    1  magic "DSTR" (4) | version (2) | sender id (4; -1 from a client) | address book fingerprint (8; 0 from a client)
 * MESSAGE  2  the message, encoded by the codec (a Request, a Reply or any other message)
 * REQUEST  3  correlation id (8) | the client's op, encoded by the codec
 * REPLY    4  correlation id (8) | the node's answer, encoded by the codec
 * CANCEL   5  correlation id (8): the client gave up waiting
 * </pre>
 */
final class Frames {
    static final byte HELLO = 1;
    static final byte MESSAGE = 2;
    static final byte REQUEST = 3;
    static final byte REPLY = 4;
    static final byte CANCEL = 5;

    static final int MAGIC = 0x44535452; // "DSTR"
    static final short VERSION = 1;
    static final int CLIENT = -1;
    /** Length and type. */
    static final int HEADER_BYTES = 5;
    static final int HELLO_BODY_BYTES = 4 + 2 + 4 + 8;

    /** The default frame limit (type and body), for nodes and clients: 16 MiB. */
    static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

    private Frames() {}

    /** A HELLO's body. */
    record Hello(int magic, short version, int sender, long fingerprint) {
        static Hello read(ByteBuffer body) {
            return new Hello(body.getInt(), body.getShort(), body.getInt(), body.getLong());
        }

        /** Why node {@code self} of {@code book} refuses this HELLO, or {@code null} when it accepts it. */
        String refusal(AddressBook book, int self) {
            if (magic != MAGIC || version != VERSION) {
                return "a HELLO of another protocol or version (magic " + Integer.toHexString(magic) + ", version " + version + ")";
            }
            if (sender == CLIENT) {
                return null;
            }
            if (sender == self) {
                return "a HELLO from node id " + sender + ", this node's own id (two processes with one id?)";
            }
            if (sender < 0 || sender >= book.size()) {
                return "a HELLO from node id " + sender + ", which is not in the address book (nodes 0.." + (book.size() - 1) + ")";
            }
            if (fingerprint != book.fingerprint()) {
                return "a HELLO from node " + book.name(sender) + " whose address book differs from this node's (" + book + ")";
            }
            return null;
        }
    }

    static ByteBuffer hello(int sender, long fingerprint) {
        ByteBuffer b = header(HELLO, HELLO_BODY_BYTES);
        b.putInt(MAGIC).putShort(VERSION).putInt(sender).putLong(fingerprint);
        return b.flip();
    }

    /** A frame of {@code type} whose body is {@code body}. */
    static ByteBuffer frame(byte type, byte[] body) {
        ByteBuffer b = header(type, body.length);
        b.put(body);
        return b.flip();
    }

    /** A frame of {@code type} whose body is a correlation id and then {@code body}. */
    static ByteBuffer frame(byte type, long correlation, byte[] body) {
        ByteBuffer b = header(type, 8 + body.length);
        b.putLong(correlation).put(body);
        return b.flip();
    }

    static ByteBuffer cancel(long correlation) {
        return header(CANCEL, 8).putLong(correlation).flip();
    }

    private static ByteBuffer header(byte type, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + bodyBytes);
        b.putInt(1 + bodyBytes).put(type);
        return b;
    }

    /** The frame's length field: type plus body. */
    static int frameLength(ByteBuffer frame) {
        return frame.getInt(0);
    }

    static String typeName(byte type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case MESSAGE -> "MESSAGE";
            case REQUEST -> "REQUEST";
            case REPLY -> "REPLY";
            case CANCEL -> "CANCEL";
            default -> "unknown type " + type;
        };
    }
}
