package dev.dst.leak;

import java.util.Iterator;

/**
 * The leak guard's switch and mailbox, for the kernel. With the agent in the JVM
 * ({@code -javaagent:dst-core.jar}, see {@link Agent}), calls that read the wall clock, start
 * threads or draw unseeded randomness are routed through traps; a trap records a {@link Leak}
 * when the calling thread is between {@link #enter()} and {@link #exit()}, and otherwise does
 * exactly what the call did. A trap never throws: the kernel {@link #poll() polls} after each
 * step and fails the run.
 *
 * <p>State is per thread: a sweep's workers each run their own simulation. Cost: {@code enter},
 * {@code exit} and {@code poll} are one {@code ThreadLocal} lookup each; a trap outside a
 * simulation adds one more to the call it wraps; recording walks the stack, once per poll.
 */
public final class LeakGuard {
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);
    private static final StackWalker STACK = StackWalker.getInstance();
    private static volatile boolean installed;

    /** This thread's nesting depth of simulated code, and the first leak since the last poll. */
    private static final class State {
        int depth;
        Leak first;
    }

    private LeakGuard() {}

    /** Whether the agent is installed in this JVM: classes loaded since are rewritten. */
    public static boolean installed() {
        return installed;
    }

    /** This thread now runs simulated code (nestable: each enter needs its exit). */
    public static void enter() {
        STATE.get().depth++;
    }

    /**
     * This thread leaves simulated code entered by the matching {@link #enter()}.
     *
     * @throws IllegalStateException without a matching enter
     */
    public static void exit() {
        State s = STATE.get();
        if (s.depth == 0) {
            throw new IllegalStateException("LeakGuard.exit() without a matching enter()");
        }
        s.depth--;
    }

    /** The first leak on this thread since the last poll, which is cleared; null if none. */
    public static Leak poll() {
        State s = STATE.get();
        Leak first = s.first;
        s.first = null;
        return first;
    }

    static void markInstalled() {
        installed = true;
    }

    /** Whether this thread runs simulated code. */
    static boolean inside() {
        return STATE.get().depth > 0;
    }

    /**
     * Records {@code kind: call} at the caller's call site if this thread runs simulated code
     * (only the first leak since the last poll is kept).
     *
     * @return whether this thread runs simulated code
     */
    static boolean record(String kind, String call) {
        State s = STATE.get();
        if (s.depth == 0) {
            return false;
        }
        if (s.first == null) {
            s.first = new Leak(kind + ": " + call, callSite());
        }
        return true;
    }

    /**
     * The first frame outside this package and the JDK: the code that made the call, or, for a
     * method reference handed to a JDK method, the code that called that method. The JDK
     * frame itself when nothing else is on the stack.
     */
    private static String callSite() {
        return STACK.walk(frames -> {
            StackWalker.StackFrame fallback = null;
            for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
                StackWalker.StackFrame f = it.next();
                String c = f.getClassName();
                if (c.startsWith("dev.dst.leak.") && c.indexOf('.', "dev.dst.leak.".length()) < 0) {
                    continue;
                }
                if (!isJdk(c)) {
                    return format(f);
                }
                if (fallback == null) {
                    fallback = f;
                }
            }
            return fallback == null ? "unknown" : format(fallback);
        });
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    private static String format(StackWalker.StackFrame f) {
        String file = f.getFileName();
        int line = f.getLineNumber();
        return f.getClassName() + "." + f.getMethodName() + "("
                + (file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file) + ")";
    }
}
