package dev.dst.leak;

import java.lang.instrument.Instrumentation;

/**
 * The leak guard's Java agent: {@code -javaagent:/path/to/dst-core.jar[=OPTIONS]} (options:
 * {@link AgentOptions}). From then on, classes loaded by the application's class loaders are
 * rewritten so that their wall-clock, thread and randomness calls go through the traps; the
 * kernel turns recording on around simulated code with {@link LeakGuard#enter()}. Classes loaded
 * before the agent (for a dynamic attach, all the application's classes so far) stay as they were.
 */
public final class Agent {
    private Agent() {}

    /**
     * Called by the JVM for {@code -javaagent}. Bad options stop the JVM with exit status 2 and
     * one line on stderr, before {@code main}: a run believed guarded must not go unguarded.
     */
    public static void premain(String options, Instrumentation instrumentation) {
        AgentOptions parsed;
        try {
            parsed = AgentOptions.parse(options);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        install(parsed, options, instrumentation);
    }

    /**
     * Called by the JVM for a dynamic attach or a jar's {@code Launcher-Agent-Class}; bad
     * options fail the attach ({@link IllegalArgumentException}), not the running JVM.
     */
    public static void agentmain(String options, Instrumentation instrumentation) {
        install(AgentOptions.parse(options), options, instrumentation);
    }

    private static synchronized void install(AgentOptions parsed, String options, Instrumentation instrumentation) {
        if (LeakGuard.installed()) {
            return; // given twice: one transformer is enough
        }
        LeakTransformer transformer = new LeakTransformer(parsed, instrumentation);
        transformer.warmUp();
        instrumentation.addTransformer(transformer, false);
        LeakGuard.markInstalled();
        if (parsed.debug()) {
            System.err.println("[dst leak guard] installed; options: " + (options == null ? "(none)" : options));
        }
    }
}
