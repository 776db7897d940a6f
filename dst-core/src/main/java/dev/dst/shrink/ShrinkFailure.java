package dev.dst.shrink;

import dev.dst.sim.Violation;

/**
 * What makes two failures "the same" for shrinking: the kind of violation and the name of the
 * invariant, check or property. Where and when it happened, and the detail, may change as the
 * run gets smaller.
 */
public record ShrinkFailure(Violation.Kind kind, String name) {
    public static ShrinkFailure of(Violation v) {
        return v == null ? null : new ShrinkFailure(v.kind(), v.name());
    }

    public boolean matches(Violation v) {
        return v != null && v.kind() == kind && v.name().equals(name);
    }

    @Override
    public String toString() {
        return kind.label() + " '" + name + "'";
    }
}
