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
 *             | client number K (4; -1 from a node and from an anonymous client)
 * MESSAGE  2  the message, encoded by the codec (a Request, a Reply or any other message)
 * REQUEST  3  correlation id (8) | request id (8; the client's own, 0 from an anonymous client) | the client's op, encoded by the codec
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
    static final short VERSION = 2;
    static final int CLIENT = -1;
    /** The client number of a node's HELLO and of an anonymous client's. */
    static final int NO_CLIENT_NUMBER = -1;
    /** Length and type. */
    static final int HEADER_BYTES = 5;
    static final int HELLO_BODY_BYTES = 4 + 2 + 4 + 8 + 4;
    /** A REQUEST's correlation id and request id. */
    static final int REQUEST_PREFIX_BYTES = 16;

    /** The default frame limit (type and body), for nodes and clients: 16 MiB. */
    static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

    private Frames() {}

    /** A HELLO's body. */
    record Hello(int magic, short version, int sender, long fingerprint, int clientNumber) {
        static Hello read(ByteBuffer body) {
            return new Hello(body.getInt(), body.getShort(), body.getInt(), body.getLong(), body.getInt());
        }

        /** Why node {@code self} of {@code book} refuses this HELLO, or {@code null} when it accepts it. */
        String refusal(AddressBook book, int self) {
            if (magic != MAGIC || version != VERSION) {
                return "a HELLO of another protocol or version (magic " + Integer.toHexString(magic) + ", version " + version + ")";
            }
            if (sender == CLIENT) {
                if (clientNumber < NO_CLIENT_NUMBER || clientNumber > Integer.MAX_VALUE - book.size()) {
                    return "a HELLO from a client numbered " + clientNumber + " (a client's number is at least 0, or -1 for none)";
                }
                return null;
            }
            if (clientNumber != NO_CLIENT_NUMBER) {
                return "a HELLO from node id " + sender + " with a client number (" + clientNumber + ")";
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

    /** A node's HELLO. */
    static ByteBuffer hello(int sender, long fingerprint) {
        return hello(sender, fingerprint, NO_CLIENT_NUMBER);
    }

    /** A client's HELLO: {@code clientNumber} K (address {@code nodes + K}), or {@link #NO_CLIENT_NUMBER} for an anonymous client. */
    static ByteBuffer clientHello(int clientNumber) {
        return hello(CLIENT, 0, clientNumber);
    }

    private static ByteBuffer hello(int sender, long fingerprint, int clientNumber) {
        ByteBuffer b = header(HELLO, HELLO_BODY_BYTES);
        b.putInt(MAGIC).putShort(VERSION).putInt(sender).putLong(fingerprint).putInt(clientNumber);
        return b.flip();
    }

    /** A client's REQUEST: its correlation id, its request id and the encoded op. */
    static ByteBuffer request(long correlation, long requestId, byte[] op) {
        ByteBuffer b = header(REQUEST, REQUEST_PREFIX_BYTES + op.length);
        b.putLong(correlation).putLong(requestId).put(op);
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
