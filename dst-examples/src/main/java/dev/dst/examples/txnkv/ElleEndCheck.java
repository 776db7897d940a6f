package dev.dst.examples.txnkv;

import dev.dst.elle.Anomaly;
import dev.dst.elle.ConsistencyModel;
import dev.dst.elle.ElleResult;
import dev.dst.elle.ListAppend;
import dev.dst.history.History;
import dev.dst.history.Operation;
import dev.dst.sim.Simulation;

import java.util.List;
import java.util.function.Supplier;

/**
 * The history checked at the end of the run by Elle's list-append checker against the model
 * the store promises: an end check named {@code the transaction history is MODEL (Elle
 * list-append)}, which fails when something found rules the model out. The check runs once;
 * its summary is the run's {@code elle} stat, and a violation's detail is the summary and every
 * anomaly's text (each cycle with its edges' kinds, keys and values), deterministic, so a replay
 * reports the same words. The report then shows the events around the first anomaly that rules
 * the model out ({@link Simulation#focus}), not the run's end.
 */
final class ElleEndCheck {
    private final Simulation sim;
    private final Supplier<History> history;
    private final ConsistencyModel model;
    private List<Operation> operations;
    private ElleResult result;

    private ElleEndCheck(Simulation sim, Supplier<History> history, ConsistencyModel model) {
        this.sim = sim;
        this.history = history;
        this.model = model;
    }

    static ElleEndCheck register(Simulation sim, Supplier<History> history, ConsistencyModel model) {
        ElleEndCheck c = new ElleEndCheck(sim, history, model);
        sim.endCheck(c.name(), c::holds, c::explain);
        return c;
    }

    String name() {
        return "the transaction history is " + model.label() + " (Elle list-append)";
    }

    /** The result, computed on first use. */
    ElleResult result() {
        if (result == null) {
            operations = history.get().operations();
            result = ListAppend.check(operations);
            sim.stat("elle", result.summary());
        }
        return result;
    }

    private boolean holds() {
        ElleResult r = result();
        if (r.allows(model)) {
            return true;
        }
        for (Anomaly a : r.anomalies()) {
            if (model.forbids(a.type())) {
                sim.focus(lastEventOf(a));
                break;
            }
        }
        return false;
    }

    /** The latest completion (or invocation, for one never completed) of the anomaly's transactions: when it became visible. */
    private long lastEventOf(Anomaly a) {
        long t = 0;
        for (int id : a.txns()) {
            Operation op = operations.get(id);
            t = Math.max(t, op.completeNanos() == Long.MAX_VALUE ? op.invokeNanos() : op.completeNanos());
        }
        return t;
    }

    private String explain() {
        return model.label() + " is ruled out by what the checker found:\n" + result();
    }
}
