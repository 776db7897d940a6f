package dev.dst.node;

import dev.dst.trace.StableHash;

import java.util.List;

/** The trace hash of an operation's value: lists element by element, anything else by {@link StableHash#of}. */
final class ValueHash {
    private ValueHash() {}

    static long of(Object value) {
        if (value instanceof List<?> list) {
            long h = 0x5851F42D4C957F2DL + list.size();
            for (Object o : list) {
                h = (h ^ of(o)) * 0x9E3779B97F4A7C15L;
            }
            return h;
        }
        if (value instanceof Boolean b) {
            return b ? 1231 : 1237;
        }
        return StableHash.of(value);
    }
}
