package dev.dst.linearizability;

import dev.dst.history.Operation;

import java.util.List;

/** An independent part of a history (for example one key's operations), checked on its own. */
public record Partition(String name, List<Operation> operations) {}
