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

    /** Called by the JVM for {@code -javaagent}. */
    public static void premain(String options, Instrumentation instrumentation) {
        install(options, instrumentation);
    }

    /** Called by the JVM for a dynamic attach or a jar's {@code Launcher-Agent-Class}. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        install(options, instrumentation);
    }

    private static synchronized void install(String options, Instrumentation instrumentation) {
        if (LeakGuard.installed()) {
            return; // given twice: one transformer is enough
        }
        AgentOptions parsed = AgentOptions.parse(options);
        LeakTransformer transformer = new LeakTransformer(parsed, instrumentation);
        transformer.warmUp();
        instrumentation.addTransformer(transformer, false);
        LeakGuard.markInstalled();
        if (parsed.debug()) {
            System.err.println("[dst leak guard] installed; options: " + (options == null ? "(none)" : options));
        }
    }
}
