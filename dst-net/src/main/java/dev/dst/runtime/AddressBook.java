package dev.dst.runtime;

import dev.dst.codec.Codecs;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where every node of a cluster listens: node {@code i} (its id, as {@link dev.dst.node.NodeContext#id()}
 * and in {@code send(i, ...)}) is the {@code i}-th entry, with its name and its host and port.
 * Static: every node and client of a cluster is given the same book (a node refuses a peer
 * whose book differs, by {@link #fingerprint()}).
 *
 * <pre>{@code
 * AddressBook book = AddressBook.parse("n0=10.0.0.1:7000,n1=10.0.0.2:7000,n2=10.0.0.3:7000");
 * }</pre>
 */
public final class AddressBook {
    /** One node: its name and where it listens. */
    public record Entry(String name, String host, int port) {
        public Entry {
            if (name == null || name.isBlank() || name.contains(",") || name.contains("=")) {
                throw new IllegalArgumentException("a node name must be non-empty and hold neither ',' nor '=': '" + name + "'");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("node " + name + " has no host");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("node " + name + ": port " + port + " is not in 0..65535");
            }
        }

        public InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        /** {@code name=host:port}, the form {@link AddressBook#parse} reads (an IPv6 host in brackets). */
        @Override
        public String toString() {
            return name + "=" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final List<Entry> entries;
    private final long fingerprint;

    private AddressBook(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an address book needs at least one node");
        }
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("node name '" + e.name() + "' appears twice in " + entries);
            }
        }
        this.entries = List.copyOf(entries);
        byte[] text = toString().getBytes(StandardCharsets.UTF_8);
        this.fingerprint = Codecs.hash(text);
    }

    /** Node {@code i} is {@code entries.get(i)}. */
    public static AddressBook of(List<Entry> entries) {
        return new AddressBook(new ArrayList<>(entries));
    }

    /** Node {@code i} is {@code entries[i]}. */
    public static AddressBook of(Entry... entries) {
        return of(List.of(entries));
    }

    /**
     * Parses {@code name=host:port} entries separated by commas, in id order: the form
     * {@link #toString()} prints (for a command line or an environment variable).
     *
     * @throws IllegalArgumentException naming the entry that is not {@code name=host:port}
     */
    public static AddressBook parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            int eq = p.indexOf('=');
            int colon = p.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == p.length() - 1) {
                throw new IllegalArgumentException("address book entry '" + p + "' in '" + text
                        + "' is not name=host:port (for example n0=127.0.0.1:7000)");
            }
            int port;
            try {
                port = Integer.parseInt(p.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address book entry '" + p + "': port '" + p.substring(colon + 1) + "' is not a number");
            }
            String host = p.substring(eq + 1, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // [::1]:7000
            }
            out.add(new Entry(p.substring(0, eq), host, port));
        }
        return new AddressBook(out);
    }

    public int size() {
        return entries.size();
    }

    public Entry entry(int id) {
        check(id);
        return entries.get(id);
    }

    public String name(int id) {
        return entry(id).name();
    }

    public InetSocketAddress address(int id) {
        return entry(id).address();
    }

    /** The id of the node named {@code name}. */
    public int idOf(String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no node named '" + name + "' in " + this);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** A hash of the whole book, sent when a node connects, so that two nodes configured differently refuse each other. */
    public long fingerprint() {
        return fingerprint;
    }

    void check(int id) {
        if (id < 0 || id >= entries.size()) {
            throw new IllegalArgumentException("no node " + id + ": the address book has nodes 0.." + (entries.size() - 1) + " (" + this + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressBook b && b.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** {@code n0=host:port,n1=host:port,...}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(e);
        }
        return b.toString();
    }
}
