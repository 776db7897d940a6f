package dev.dst.leak;

import java.util.Timer;

/** What {@code new Timer(...)} becomes: a timer starts its thread when it is made. Not an API. */
public final class TrapTimer extends Timer {
    public TrapTimer(boolean isDaemon) {
        super(isDaemon);
        LeakGuard.record(Traps.THREAD, "new Timer(boolean)");
    }

    public TrapTimer(String name) {
        super(name);
        LeakGuard.record(Traps.THREAD, "new Timer(String)");
    }

    public TrapTimer(String name, boolean isDaemon) {
        super(name, isDaemon);
        LeakGuard.record(Traps.THREAD, "new Timer(String, boolean)");
    }
}
